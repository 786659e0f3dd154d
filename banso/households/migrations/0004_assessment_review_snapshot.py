"""Each review keeps the household as it found it (village, commune of the review, ethnicity,
sex of the head) and its deprivation flags as a bit set, so that the indicators count the
assessments alone. Existing reviews take the household's present values."""

import django.db.models.deletion
from django.db import migrations, models

# IndicatorCode's order at this migration: each code's bit in deprivation_bits.
CODES = [
    "employment",
    "dependants",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "housing_area",
    "water",
    "sanitation",
    "telecom",
    "information_means",
]


def fill(apps, schema_editor):
    Assessment = apps.get_model("households", "Assessment")
    Member = apps.get_model("households", "Member")
    heads = dict(
        Member.objects.filter(relation="head")
        .order_by("household_id", "pk")
        .values_list("household_id", "sex")
    )
    rows = Assessment.objects.select_related("household").order_by("pk")
    batch = []
    for assessment in rows.iterator(chunk_size=2000):
        household = assessment.household
        assessment.village_id = household.village_id
        assessment.unit_id = household.unit_id
        assessment.ethnicity = household.ethnicity
        assessment.head_sex = heads.get(household.pk, "")
        assessment.deprivation_bits = sum(
            1 << CODES.index(code) for code in set(assessment.deprived_indicators) if code in CODES
        )
        batch.append(assessment)
        if len(batch) == 2000:
            Assessment.objects.bulk_update(
                batch, ["village", "unit", "ethnicity", "head_sex", "deprivation_bits"]
            )
            batch = []
    Assessment.objects.bulk_update(
        batch, ["village", "unit", "ethnicity", "head_sex", "deprivation_bits"]
    )


class Migration(migrations.Migration):

    dependencies = [
        ("households", "0003_telecom_support_and_no_deprivation_allowed"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="village",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.village",
                verbose_name="village at the review",
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="unit",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.administrativeunit",
                verbose_name="commune of the review",
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="ethnicity",
            field=models.CharField(choices=[('01', 'Kinh'), ('02', 'Tày'), ('03', 'Thái'), ('04', 'Mường'), ('05', 'Khơ-me'), ('06', 'Hoa'), ('07', 'Nùng'), ('08', "Mông (H'Mông)"), ('09', 'Dao'), ('10', 'Gia-rai'), ('11', 'Ê-đê'), ('12', 'Ba-na'), ('13', 'Sán Chay'), ('14', 'Chăm'), ('15', 'Cơ-ho'), ('16', 'Xơ-đăng'), ('17', 'Sán Dìu'), ('18', 'Hrê'), ('19', 'Ra-glai'), ('20', 'Mnông'), ('21', 'Thổ'), ('22', 'Xtiêng'), ('23', 'Khơ-mú'), ('24', 'Bru-Vân Kiều'), ('25', 'Cơ-tu'), ('26', 'Giáy'), ('27', 'Tà-ôi'), ('28', 'Mạ'), ('29', 'Giẻ-Triêng'), ('30', 'Co'), ('31', 'Chơ-ro'), ('32', 'Xinh-mun'), ('33', 'Hà Nhì'), ('34', 'Chu-ru'), ('35', 'Lào'), ('36', 'La Chí'), ('37', 'Kháng'), ('38', 'Phù Lá'), ('39', 'La Hủ'), ('40', 'La Ha'), ('41', 'Pà Thẻn'), ('42', 'Lự'), ('43', 'Ngái'), ('44', 'Chứt'), ('45', 'Lô Lô'), ('46', 'Mảng'), ('47', 'Cơ Lao'), ('48', 'Bố Y'), ('49', 'Cống'), ('50', 'Si La'), ('51', 'Pu Péo'), ('52', 'Rơ-măm'), ('53', 'Brâu'), ('54', 'Ơ-đu')], editable=False, max_length=2, default='', verbose_name='ethnicity'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessment",
            name="head_sex",
            field=models.CharField(
                blank=True,
                choices=[("male", "Male"), ("female", "Female")],
                editable=False,
                max_length=8,
                verbose_name="sex of the head",
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="deprivation_bits",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="assessment",
            name="village",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.village",
                verbose_name="village at the review",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="unit",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.administrativeunit",
                verbose_name="commune of the review",
            ),
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                fields=[
                    "year",
                    "village",
                    "unit",
                    "ethnicity",
                    "head_sex",
                    "living_standard",
                    "lacks_telecom",
                    "lacks_information_means",
                ],
                name="households_assessment_counts",
            ),
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                fields=["year", "village", "unit", "deprivation_bits"],
                name="households_assessment_flags",
            ),
        ),
    ]

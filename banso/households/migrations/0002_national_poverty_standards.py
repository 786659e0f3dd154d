"""The national multidimensional poverty standards, on every database (a data change only).

The figures are written here, frozen, rather than read from the code: a later change of
``standards.py`` must not change what this migration wrote. See ``banso/households/standards.py``
and docs/households.md for the sources and what of them was verified.
"""

from django.db import migrations

INDICATORS_2022 = [
    ("employment", "employment"),
    ("dependants", "employment"),
    ("nutrition", "health"),
    ("health_insurance", "health"),
    ("adult_education", "education"),
    ("child_schooling", "education"),
    ("housing_quality", "housing"),
    ("housing_area", "housing"),
    ("water", "water_sanitation"),
    ("sanitation", "water_sanitation"),
    ("telecom", "information"),
    ("information_means", "information"),
]

STANDARDS = [
    {
        "code": "vn-2022-2026",
        "name": "Chuẩn nghèo đa chiều giai đoạn 2022–2025 (áp dụng đến hết năm 2026)",
        "legal_basis": "Nghị định 07/2021/NĐ-CP, Điều 3; Nghị định 351/2025/NĐ-CP (năm 2026)",
        "note": (
            "Decree 07/2021/NĐ-CP, Article 3: income lines (clause 1 a), 6 services and 12 "
            "indicators (clause 1 b), poor, near-poor and medium living standard (clause 2). "
            "Kept in force from 1 January to 31 December 2026 by Decree 351/2025/NĐ-CP. "
            "Indicator thresholds follow the decree's annex as read, not re-checked against an "
            "official copy."
        ),
        "valid_from_year": 2022,
        "valid_to_year": 2026,
        "poverty_line_rural_vnd": 1_500_000,
        "poverty_line_urban_vnd": 2_000_000,
        "medium_line_rural_vnd": 2_250_000,
        "medium_line_urban_vnd": 3_000_000,
        "deprivation_threshold": 3,
        "indicators": INDICATORS_2022,
    },
    {
        "code": "vn-2027-2030",
        "name": "Chuẩn nghèo đa chiều quốc gia giai đoạn 2027–2030",
        "legal_basis": "Nghị định 351/2025/NĐ-CP",
        "note": (
            "Verified from the decree's publication: income lines 2,200,000 ₫ (rural) and "
            "2,800,000 ₫ (urban) per person a month; poor = income at or under the line and 3 "
            "or more deprivations. Not verified from its text: the near-poor rule (as in "
            "2022–2025), the medium living standard lines (left empty), and the indicators "
            "(those of 2022–2025 without 'means of accessing information')."
        ),
        "valid_from_year": 2027,
        "valid_to_year": 2030,
        "poverty_line_rural_vnd": 2_200_000,
        "poverty_line_urban_vnd": 2_800_000,
        "medium_line_rural_vnd": None,
        "medium_line_urban_vnd": None,
        "deprivation_threshold": 3,
        "indicators": [pair for pair in INDICATORS_2022 if pair[0] != "information_means"],
    },
]


def seed(apps, schema_editor):
    standard_model = apps.get_model("households", "PovertyStandard")
    indicator_model = apps.get_model("households", "PovertyIndicator")
    for data in STANDARDS:
        fields = {key: value for key, value in data.items() if key not in ("code", "indicators")}
        standard, _created = standard_model.objects.update_or_create(
            code=data["code"], defaults=fields
        )
        indicator_model.objects.filter(standard=standard).delete()
        indicator_model.objects.bulk_create(
            indicator_model(standard=standard, code=code, dimension=dimension, position=position)
            for position, (code, dimension) in enumerate(data["indicators"], start=1)
        )


def unseed(apps, schema_editor):
    apps.get_model("households", "PovertyStandard").objects.filter(
        code__in=[data["code"] for data in STANDARDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

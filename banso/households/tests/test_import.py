"""The import of a commune's review list: checked whole, written whole or not at all."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.households.imports import households_import
from banso.households.models import Assessment, Household, LivingStandard
from banso.households.services import assessment_record, household_create
from banso.households.tests.workbooks import header_row, review_list, review_row

pytestmark = pytest.mark.django_db


def _import(actor, commune, upload):
    return households_import(actor=actor, upload=upload, commune_id=commune.pk)


def test_a_good_list_creates_households_and_their_reviews(commune_officer, village, muong_khuong):
    upload = review_list(
        review_row("MK-001"),
        review_row("MK-002", head="Giàng Thị Mỷ", members_using_telecom=0, income=2_000_000),
    )
    result = _import(commune_officer, muong_khuong, upload)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    first = Assessment.objects.get(household__code="MK-001", year=2025)
    # Lacks housing quality and area, sanitation, adult education: poor under the line.
    assert first.living_standard == LivingStandard.POOR
    assert first.lacks_information_means is False
    second = Assessment.objects.get(household__code="MK-002")
    assert second.lacks_telecom is True
    assert second.living_standard == LivingStandard.MEDIUM
    assert Household.objects.get(code="MK-001").phone == "+84912345678"


def test_a_bad_row_names_its_row_and_column_and_nothing_is_written(
    commune_officer, village, muong_khuong
):
    upload = review_list(
        review_row("MK-001"),
        review_row("MK-002", members="năm", has_safe_water="chắc"),
    )
    result = _import(commune_officer, muong_khuong, upload)
    headers = header_row()
    assert {(e.row, e.column) for e in result.errors} == {(3, headers[6]), (3, headers[17])}
    assert not Household.objects.exists()


def test_an_unknown_village_is_an_error(commune_officer, village, muong_khuong):
    result = _import(commune_officer, muong_khuong, review_list(review_row("MK-001", village="X")))
    assert [(e.row, e.column) for e in result.errors] == [(2, header_row()[1])]
    assert "X" in result.errors[0].message
    assert not Household.objects.exists()


def test_a_re_import_updates_the_same_households_by_code(commune_officer, village, muong_khuong):
    assert _import(commune_officer, muong_khuong, review_list(review_row("MK-001"))).ok
    household = Household.objects.get()
    again = review_list(
        review_row(
            "mk-001", head="Thào Seo Lử Mới", has_solid_house="có", has_hygienic_latrine="có"
        )
    )
    result = _import(commune_officer, muong_khuong, again)
    assert (result.created, result.updated) == (0, 1)
    household.refresh_from_db()
    assert household.head_name == "Thào Seo Lử Mới"
    assessment = Assessment.objects.get(household=household)
    assert assessment.living_standard == LivingStandard.NEAR_POOR


def test_a_household_of_another_commune_is_not_taken_over(
    commune_officer, other_commune_officer, village, muong_khuong, bac_ha
):
    assert _import(commune_officer, muong_khuong, review_list(review_row("MK-001"))).ok
    from banso.places.services import village_create

    village_create(actor=other_commune_officer, commune=bac_ha, name="Mã Tuyển", kind="thon")
    result = _import(other_commune_officer, bac_ha, review_list(review_row("MK-001")))
    assert [(e.row, e.column) for e in result.errors] == [(2, header_row()[0])]
    assert Household.objects.get().unit == muong_khuong


def test_an_officer_of_another_commune_may_not_import_here(
    other_commune_officer, village, muong_khuong
):
    with pytest.raises(ValidationError):
        _import(other_commune_officer, muong_khuong, review_list(review_row("MK-001")))
    assert not Household.objects.exists()


def test_the_import_page_shows_the_errors_then_imports(client, commune_officer, village):
    client.login(username=commune_officer.phone, password=PASSWORD)
    url = reverse("households:household-import")
    bad = client.post(
        url,
        {"commune": village.commune_id, "file": review_list(review_row("MK-001", year="x"))},
    )
    assert bad.status_code == 400
    assert "import-errors" in bad.content.decode()
    good = client.post(
        url, {"commune": village.commune_id, "file": review_list(review_row("MK-1"))}
    )
    assert good["Location"] == reverse("households:household-list")
    assert Household.objects.filter(code="MK-1").exists()
    template = client.get(reverse("households:import-template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def _varied_rows() -> list[list]:
    """Rows of every class and of both standards (2025, and 2027 without means of access)."""
    rows = []
    for number in range(12):
        few = number % 2 == 1  # lacks at most two indicators
        rows.append(
            review_row(
                f"MK-{number:03d}",
                area="thành thị" if number % 5 == 4 else "nông thôn",
                year=2027 if number % 3 == 2 else 2025,
                income=[900_000, 1_400_000, 1_900_000, 3_500_000][number % 4],
                members=number % 6 + 1,
                dependants=number % 4,
                has_solid_house="có" if few else "không",
                has_hygienic_latrine="có" if few else "không",
                young_adults_without_schooling=0 if few else 1,
                floor_area_m2=60 if few else 10,
                members_using_telecom=number % 3,
                has_information_means="không" if number % 5 == 0 else "có",
            )
        )
    return rows


JUDGED_FIELDS = [
    "standard_id",
    "answers",
    "income_per_capita_vnd",
    "deprived_indicators",
    "deprivation_count",
    "living_standard",
    "lacks_telecom",
    "lacks_information_means",
    "made_by_id",
]


def test_the_bulk_import_judges_as_the_service_does(commune_officer, village, muong_khuong):
    assert _import(commune_officer, muong_khuong, review_list(*_varied_rows())).ok
    imported = Assessment.objects.select_related("household").order_by("household__code")
    assert len({a.living_standard for a in imported}) == 4
    assert {a.year for a in imported} == {2025, 2027}
    for assessment in imported:
        twin = household_create(
            actor=commune_officer,
            village=village,
            head_name="Sùng Seo Chứ",
            ethnicity="08",
            area=assessment.household.area,
        )
        recorded = assessment_record(
            actor=commune_officer,
            household=twin,
            year=assessment.year,
            answers=assessment.answers,
            income_per_capita_vnd=assessment.income_per_capita_vnd,
        )
        assert [getattr(recorded, f) for f in JUDGED_FIELDS] == [
            getattr(assessment, f) for f in JUDGED_FIELDS
        ], assessment.household.code


def test_a_re_import_corrects_the_reviews_in_bulk(commune_officer, village, muong_khuong):
    rows = _varied_rows()
    assert _import(commune_officer, muong_khuong, review_list(*rows)).ok
    again = [review_row(row[0], income=3_500_000, village="Mã Tuyển") for row in rows]
    result = _import(commune_officer, muong_khuong, review_list(*again))
    assert (result.created, result.updated) == (0, 12)
    assert Assessment.objects.filter(year=2025).count() == 12
    assert set(Assessment.objects.filter(year=2025).values_list("living_standard", flat=True)) == {
        LivingStandard.NOT_POOR
    }


def test_the_import_writes_a_chunk_with_a_few_queries(commune_officer, village, muong_khuong):
    upload = review_list(*[review_row(f"MK-{number:03d}") for number in range(60)])
    with CaptureQueriesContext(connection) as queries:
        result = _import(commune_officer, muong_khuong, upload)
    assert result.created == 60
    # One chunk: a few reads to check, then households and reviews written in bulk (the
    # services took eight to ten queries a row).
    assert len(queries) < 40


def test_a_list_of_an_old_commune_counts_its_reviews_under_it(
    commune_officer, village, muong_khuong
):
    from banso.places.models import AdministrativeUnit

    old = AdministrativeUnit.objects.get(is_current=False, level="commune", code="02773")
    upload = review_list(review_row("MK-001", year=2023), review_row("MK-002", year=2023))
    result = households_import(
        actor=commune_officer, upload=upload, commune_id=muong_khuong.pk, review_unit_id=old.pk
    )
    assert result.ok, result.errors
    assert set(Assessment.objects.values_list("unit", "village")) == {(old.pk, village.pk)}
    # A re-import without the old commune corrects the reviews and keeps where they were made.
    again = _import(
        commune_officer, muong_khuong, review_list(review_row("MK-001", year=2023, income=2))
    )
    assert again.ok, again.errors
    assert Assessment.objects.get(household__code="MK-001").unit == old


def test_a_list_of_an_old_commune_holds_reviews_before_2025_only(
    commune_officer, village, muong_khuong
):
    from banso.places.models import AdministrativeUnit

    old = AdministrativeUnit.objects.get(is_current=False, level="commune", code="02773")
    upload = review_list(review_row("MK-001", year=2023), review_row("MK-002", year=2025))
    result = households_import(
        actor=commune_officer, upload=upload, commune_id=muong_khuong.pk, review_unit_id=old.pk
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, header_row()[7])]
    assert not Household.objects.exists()
    elsewhere = AdministrativeUnit.objects.get(is_current=False, level="commune", code="02857")
    with pytest.raises(ValidationError):
        households_import(
            actor=commune_officer,
            upload=review_list(review_row("MK-001", year=2023)),
            commune_id=muong_khuong.pk,
            review_unit_id=elsewhere.pk,
        )

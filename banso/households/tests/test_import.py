"""The import of a commune's review list: checked whole, written whole or not at all."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.households.imports import households_import
from banso.households.models import Assessment, Household, LivingStandard
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

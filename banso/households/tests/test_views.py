"""The officers' household pages: the permission matrix, the forms, the logged export."""

import pytest
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.households.models import Assessment, ExportLog, Household, LivingStandard, Member
from banso.households.services import assessment_record
from banso.households.tests.conftest import answers_lacking

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.login(username=user.phone, password=PASSWORD)
    return client


def test_the_public_is_sent_to_sign_in(client, household):
    for url in (
        reverse("households:household-list"),
        reverse("households:household-detail", args=[household.code]),
        reverse("households:household-import"),
        reverse("households:household-export"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_an_officer_of_another_commune_finds_nothing(client, other_commune_officer, household):
    client = _client(client, other_commune_officer)
    detail = reverse("households:household-detail", args=[household.code])
    assert client.get(detail).status_code == 404
    edit = reverse("households:household-update", args=[household.code])
    assert client.post(edit, {"head_name": "X"}).status_code == 404
    review = reverse("households:assessment-record", args=[household.code])
    assert client.get(review).status_code == 404
    listing = client.get(reverse("households:household-list"))
    assert listing.status_code == 200
    assert household.code not in listing.content.decode()
    household.refresh_from_db()
    assert household.head_name == "Thào Seo Lử"


def test_a_person_without_a_role_gets_no_list(client, make_user, household):
    client = _client(client, make_user("Khách"))
    assert client.get(reverse("households:household-list")).status_code == 403
    assert client.get(reverse("households:household-import")).status_code == 403


def test_the_commune_officer_lists_and_filters_their_households(
    client, commune_officer, household, village
):
    assessment_record(
        actor=commune_officer,
        household=household,
        year=2025,
        answers=answers_lacking("water", "sanitation", "telecom"),
        income_per_capita_vnd=1_000_000,
    )
    client = _client(client, commune_officer)
    url = reverse("households:household-list")
    page = client.get(url, {"village": village.pk, "living_standard": LivingStandard.POOR})
    assert household.code in page.content.decode()
    page = client.get(url, {"living_standard": LivingStandard.NEAR_POOR})
    assert household.code not in page.content.decode()
    found = client.get(url, {"code": household.code.lower()})
    assert found["Location"] == reverse("households:household-detail", args=[household.code])


def test_the_province_officer_sees_the_province(client, province_officer, household):
    client = _client(client, province_officer)
    page = client.get(reverse("households:household-list"))
    assert household.code in page.content.decode()
    detail = client.get(reverse("households:household-detail", args=[household.code]))
    assert "Thào Seo Lử" in detail.content.decode()


def test_the_officer_adds_a_household_a_member_and_a_review(client, commune_officer, village):
    client = _client(client, commune_officer)
    response = client.post(
        reverse("households:household-create"),
        {
            "code": "mk-0042",
            "village": village.pk,
            "head_name": "Lù Văn Páo",
            "ethnicity": "08",
            "area": "rural",
            "phone": "",
        },
    )
    household = Household.objects.get(code="MK-0042")
    assert response["Location"] == reverse("households:household-detail", args=[household.code])
    client.post(
        reverse("households:member-add", args=[household.code]),
        {"full_name": "Lù Thị Mai", "sex": "female", "birth_year": 1990, "relation": "spouse"},
    )
    assert Member.objects.filter(household=household, full_name="Lù Thị Mai").exists()
    review = reverse("households:assessment-record", args=[household.code]) + "?year=2025"
    form = client.get(review)
    assert "has_information_means" in form.content.decode()
    answers = {
        key: ("yes" if value else "no") if isinstance(value, bool) else value
        for key, value in answers_lacking("telecom").items()
    }
    response = client.post(review, {**answers, "income_per_capita_vnd": 1_200_000}, follow=True)
    assessment = Assessment.objects.get(household=household, year=2025)
    assert assessment.living_standard == LivingStandard.NEAR_POOR
    assert assessment.lacks_telecom is True
    assert "Hộ cận nghèo" in response.content.decode()


def test_a_review_of_2023_names_the_old_commune_that_made_it(client, commune_officer, household):
    from banso.places.models import AdministrativeUnit

    old = AdministrativeUnit.objects.get(is_current=False, level="commune", code="02773")
    client = _client(client, commune_officer)
    review = reverse("households:assessment-record", args=[household.code]) + "?year=2023"
    form = client.get(review).content.decode()
    assert "Xã đã rà soát" in form and "Xã Nấm Lư" in form
    answers = {
        key: ("yes" if value else "no") if isinstance(value, bool) else value
        for key, value in answers_lacking("telecom").items()
    }
    client.post(review, {**answers, "income_per_capita_vnd": 1_200_000, "unit": old.pk})
    assert Assessment.objects.get(household=household, year=2023).unit == old
    # The form shows it again for a correction; from 2025 on there is no such field.
    assert f'value="{old.pk}" selected' in client.get(review).content.decode()
    later = reverse("households:assessment-record", args=[household.code]) + "?year=2025"
    assert "Xã đã rà soát" not in client.get(later).content.decode()


def test_a_bad_answer_is_shown_on_the_form_in_vietnamese(client, commune_officer, household):
    client = _client(client, commune_officer)
    review = reverse("households:assessment-record", args=[household.code]) + "?year=2025"
    response = client.post(review, {"income_per_capita_vnd": "nhiều"})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Assessment.objects.filter(household=household).exists()


def test_an_export_asks_why_and_is_logged_first(client, commune_officer, household, muong_khuong):
    client = _client(client, commune_officer)
    url = reverse("households:household-export")
    refused = client.post(url, {"unit": muong_khuong.pk, "purpose": ""})
    assert refused.status_code == 400
    assert not ExportLog.objects.exists()
    response = client.post(url, {"unit": muong_khuong.pk, "purpose": "Rà soát năm 2025"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    log = ExportLog.objects.get()
    assert (log.made_by, log.unit, log.row_count) == (commune_officer, muong_khuong, 1)
    assert log.purpose == "Rà soát năm 2025"


def test_a_superuser_exports_the_province_with_households_and_is_logged(
    client, superuser, household, muong_khuong, lao_cai
):
    """A superuser without an officer role exports as a province officer of each province
    with households would (not a 403), and the export is logged as any other."""
    client = _client(client, superuser)
    url = reverse("households:household-export")
    assert client.get(url).status_code == 200
    response = client.post(url, {"unit": muong_khuong.pk, "purpose": "Kiểm tra số liệu"})
    assert response.status_code == 200
    log = ExportLog.objects.get()
    assert (log.made_by, log.unit, log.row_count) == (superuser, muong_khuong, 1)


def test_an_officer_may_not_export_another_commune(client, other_commune_officer, muong_khuong):
    client = _client(client, other_commune_officer)
    response = client.post(
        reverse("households:household-export"), {"unit": muong_khuong.pk, "purpose": "xem"}
    )
    assert response.status_code == 400
    assert not ExportLog.objects.exists()

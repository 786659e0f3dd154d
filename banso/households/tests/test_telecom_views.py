"""The officers' telecom support pages: enrolment on a household's page, its months, the
coverage by commune and by former district."""

import pytest
from django.urls import reverse

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.conftest import PASSWORD
from banso.households.models import TelecomActivity, TelecomEnrolment, TelecomStatus
from banso.households.tests.test_telecom import _assess, _households
from banso.places.models import AdministrativeUnit, Village

pytestmark = pytest.mark.django_db

ENROL = {
    "kind": "subscription",
    "provider": "viettel",
    "subscriber_number": "0912 345 678",
    "monthly_support_vnd": "",
    "started_on": "2023-01-10",
}


def _client(client, user):
    client.login(username=user.phone, password=PASSWORD)
    return client


@pytest.fixture
def poor_household(household, commune_officer):
    _assess(commune_officer, household)
    return household


def _urls(household, pk=0):
    return [
        (reverse("households:telecom-enrol", args=[household.code]), ENROL),
        (
            reverse("households:telecom-activity", args=[household.code, pk]),
            {"month": "2023-02", "has_traffic": "no"},
        ),
        (reverse("households:telecom-end", args=[household.code, pk]), {"ended_on": "2023-05-01"}),
    ]


def test_who_may_enrol_record_and_end(
    client, make_user, poor_household, other_commune_officer, village
):
    household = poor_household
    anonymous = [client.post(url, data) for url, data in _urls(household)]
    login = reverse("accounts:login")
    assert all(r.status_code == 302 and login in r["Location"] for r in anonymous)
    assert client.get(reverse("households:telecom-coverage")).status_code == 302

    other = _client(client, other_commune_officer)
    assert [other.post(url, data).status_code for url, data in _urls(household)] == [404] * 3
    other.logout()

    team = make_user("Trưởng nhóm thôn")
    role_grant(user=team, role=PlaceRole.VILLAGE_TEAM_LEADER, village=village)
    team_client = _client(client, team)
    page = team_client.get(reverse("households:household-detail", args=[household.code]))
    assert page.status_code == 200
    assert "telecom-enrol-form" not in page.content.decode()
    assert team_client.post(*_urls(household)[0]).status_code == 403
    team_client.logout()

    nobody = _client(client, make_user("Không vai trò"))
    assert nobody.get(reverse("households:telecom-coverage")).status_code == 403
    assert not TelecomEnrolment.objects.exists()


def test_the_officer_enrols_records_months_and_ends(client, commune_officer, poor_household):
    client = _client(client, commune_officer)
    detail = reverse("households:household-detail", args=[poor_household.code])
    assert "telecom-enrol-form" in client.get(detail).content.decode()

    missing = client.post(*_urls(poor_household)[0][:1], {**ENROL, "subscriber_number": ""})
    assert missing.status_code == 400
    assert "Hãy nhập số thuê bao được hỗ trợ." in missing.content.decode()
    assert not TelecomEnrolment.objects.exists()

    assert client.post(*_urls(poor_household)[0])["Location"] == detail
    enrolment = TelecomEnrolment.objects.get()
    assert enrolment.subscriber_number == "*******678"
    page = client.get(detail).content.decode()
    assert "*******678" in page and "0912" not in page.replace(poor_household.phone, "")
    assert "telecom-activity-form" in page and "telecom-enrol-form" not in page

    month_url = reverse("households:telecom-activity", args=[poor_household.code, enrolment.pk])
    for month, traffic in (("2023-02", "no"), ("2023-03", "no")):
        assert client.post(month_url, {"month": month, "has_traffic": traffic}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == TelecomStatus.SUSPENDED
    assert client.post(month_url, {"month": "2023-04", "has_traffic": "yes"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == TelecomStatus.ACTIVE
    assert list(TelecomActivity.objects.values_list("status_after", flat=True)) == [
        TelecomStatus.ACTIVE,
        TelecomStatus.SUSPENDED,
        TelecomStatus.ACTIVE,
    ]
    assert "04/2023" in client.get(detail).content.decode()

    before = client.post(month_url, {"month": "2022-12", "has_traffic": "yes"})
    assert before.status_code == 400
    assert (
        "Tháng này nằm ngoài" in before.content.decode() or before.context["activity_form"].errors
    )
    assert TelecomActivity.objects.count() == 3

    end_url = reverse("households:telecom-end", args=[poor_household.code, enrolment.pk])
    assert client.post(end_url, {"ended_on": "2023-05-01"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == TelecomStatus.ENDED
    page = client.get(detail).content.decode()
    assert "telecom-activity-form" not in page
    assert "telecom-enrol-form" in page  # still poor: may be enrolled again


def test_a_household_that_is_not_poor_gets_no_form(client, commune_officer, household):
    _assess(commune_officer, household, poor=False)
    client = _client(client, commune_officer)
    page = client.get(reverse("households:household-detail", args=[household.code]))
    assert "telecom-enrol-form" not in page.content.decode()
    refused = client.post(*_urls(household)[0])
    assert refused.status_code == 400
    assert "Chỉ hộ nghèo" in refused.content.decode()
    assert not TelecomEnrolment.objects.exists()


def test_the_coverage_page_counts_the_former_bac_ha_district(
    client, province_officer, commune_officer, make_user, village, bac_ha
):
    from banso.households.telecom_demo import telecom_demo_seed

    na_hoi = Village(commune=bac_ha, name="Na Hối", kind="thon")
    na_hoi.full_clean()
    na_hoi.save()
    _households(province_officer, na_hoi, 9)
    _households(province_officer, na_hoi, 2, poor=False)
    _households(province_officer, village, 2)  # Mường Khương, not taken into Bắc Hà
    assert telecom_demo_seed(make_user("Quản trị", is_superuser=True), supported=3) == 3

    response = _client(client, province_officer).get(
        reverse("households:telecom-coverage"), {"year": 2023}
    )
    assert response.status_code == 200
    (section,) = response.context["sections"]
    district = AdministrativeUnit.objects.get(is_current=False, level="district", code="085")
    by_district = {row.unit.pk: row for row in section["districts"]}
    assert (
        by_district[district.pk].poor_households,
        by_district[district.pk].supported_households,
    ) == (9, 3)
    communes = {row.unit.code: row for row in section["communes"]}
    assert (communes["02839"].poor_households, communes["02839"].supported_households) == (9, 3)
    assert (communes["02761"].poor_households, communes["02761"].supported_households) == (2, 0)
    html = response.content.decode()
    assert 'id="district-085"' in html and "33,3%" in html

    # The commune officer of Mường Khương sees their commune, and no Bắc Hà row.
    client.logout()
    mine = _client(client, commune_officer).get(reverse("households:telecom-coverage"))
    (section,) = mine.context["sections"]
    assert [row.unit.code for row in section["communes"]] == ["02761"]
    assert mine.context["year"] == 2023
    assert "085" not in {row.unit.code for row in section["districts"]}


def test_a_superuser_reads_the_coverage_of_each_province_with_households(
    client, superuser, province_officer, village, lao_cai
):
    """A superuser without an officer role reads the coverage as a province officer would,
    as superusers read every other page of the officers."""
    superuser_client = _client(client, superuser)
    empty = superuser_client.get(reverse("households:telecom-coverage"), {"year": 2023})
    assert empty.status_code == 200
    assert [section["unit"] for section in empty.context["sections"]] == [lao_cai]

    _households(province_officer, village, 2)
    response = superuser_client.get(reverse("households:telecom-coverage"), {"year": 2023})
    assert response.status_code == 200
    (section,) = response.context["sections"]
    assert section["unit"] == lao_cai
    communes = {row.unit.code: row for row in section["communes"]}
    assert len(communes) == 99
    assert (communes["02761"].poor_households, communes["02761"].supported_households) == (2, 0)
    assert 'id="coverage-15"' in response.content.decode()


def test_an_enrolment_shown_again_with_errors_does_not_carry_the_number(
    client, commune_officer, poor_household
):
    client = _client(client, commune_officer)
    url = reverse("households:telecom-enrol", args=[poor_household.code])
    number = "0987 654 321"  # not the household's own phone, which its page shows
    refused = client.post(url, {**ENROL, "subscriber_number": number, "started_on": ""})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="telecom-enrol-form"' in html
    assert "654 321" not in html and "654321" not in html
    assert 'name="subscriber_number"' in html
    assert "Số bạn đã nhập không được hiện lại" in html
    assert not TelecomEnrolment.objects.exists()

    # A number that is not one is not echoed either, and its error says so.
    refused = client.post(url, {**ENROL, "subscriber_number": "0987 65x 321"})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "65x" not in html
    assert refused.context["enrol_form"].errors["subscriber_number"]
    assert not TelecomEnrolment.objects.exists()

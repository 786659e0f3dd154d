"""Telecom support: who may be enrolled, the suspension rule month by month, masking,
permissions and the coverage counted by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banso.households.models import (
    TelecomActivity,
    TelecomEnrolment,
    TelecomProvider,
    TelecomStatus,
    TelecomSupportKind,
)
from banso.households.services import assessment_record, household_create
from banso.households.telecom_selectors import (
    coverage_by_commune,
    coverage_of_former_district,
    former_district_communes,
)
from banso.households.telecom_services import (
    activity_record,
    enrolment_create,
    enrolment_end,
    subscriber_number_mask,
)
from banso.households.tests.conftest import answers_lacking
from banso.places.models import AdministrativeUnit, Village

pytestmark = pytest.mark.django_db

POOR = ("telecom", "information_means", "sanitation")  # three deprivations, under the line
LOW_INCOME = 1_000_000


def _assess(actor, household, *, year=2023, poor=True):
    return assessment_record(
        actor=actor,
        household=household,
        year=year,
        answers=answers_lacking(*POOR),
        income_per_capita_vnd=LOW_INCOME if poor else 5_000_000,
    )


def _enrol(actor, household, started_on=datetime.date(2023, 1, 10), **fields):
    return enrolment_create(
        actor=actor,
        household=household,
        kind=fields.pop("kind", TelecomSupportKind.SUBSCRIPTION),
        provider=fields.pop("provider", TelecomProvider.VIETTEL),
        started_on=started_on,
        subscriber_number=fields.pop("subscriber_number", "0912 345 678"),
        **fields,
    )


@pytest.fixture
def enrolment(household, commune_officer):
    _assess(commune_officer, household)
    return _enrol(commune_officer, household)


def _report(actor, enrolment, month: int, has_traffic: bool) -> str:
    activity_record(
        actor=actor,
        enrolment=enrolment,
        month=datetime.date(2023, month, 1),
        has_traffic=has_traffic,
    )
    enrolment.refresh_from_db()
    return enrolment.status


# --- The rule, month by month ------------------------------------------------------------------


def test_two_months_without_traffic_suspend_and_traffic_resumes(enrolment, commune_officer):
    assert _report(commune_officer, enrolment, 1, True) == TelecomStatus.ACTIVE
    assert _report(commune_officer, enrolment, 2, False) == TelecomStatus.ACTIVE
    assert _report(commune_officer, enrolment, 3, False) == TelecomStatus.SUSPENDED
    assert _report(commune_officer, enrolment, 4, False) == TelecomStatus.SUSPENDED
    assert _report(commune_officer, enrolment, 5, True) == TelecomStatus.ACTIVE
    statuses = list(enrolment.activities.values_list("month__month", "status_after"))
    assert statuses == [
        (1, "active"),
        (2, "active"),
        (3, "suspended"),
        (4, "suspended"),
        (5, "active"),
    ]


def test_a_month_without_a_report_breaks_the_run(enrolment, commune_officer):
    assert _report(commune_officer, enrolment, 2, False) == TelecomStatus.ACTIVE
    # March is not reported: February and April are not consecutive.
    assert _report(commune_officer, enrolment, 4, False) == TelecomStatus.ACTIVE
    assert _report(commune_officer, enrolment, 5, False) == TelecomStatus.SUSPENDED
    # The late March report makes February–March a run: suspended from April on.
    assert _report(commune_officer, enrolment, 3, False) == TelecomStatus.SUSPENDED
    assert enrolment.activities.get(month__month=3).status_after == TelecomStatus.SUSPENDED


def test_recording_a_month_again_corrects_it(enrolment, commune_officer):
    _report(commune_officer, enrolment, 2, False)
    assert _report(commune_officer, enrolment, 3, False) == TelecomStatus.SUSPENDED
    assert _report(commune_officer, enrolment, 3, False) == TelecomStatus.SUSPENDED
    assert TelecomActivity.objects.filter(enrolment=enrolment).count() == 2
    assert _report(commune_officer, enrolment, 3, True) == TelecomStatus.ACTIVE
    assert TelecomActivity.objects.filter(enrolment=enrolment).count() == 2


def test_months_outside_the_enrolment_are_refused(enrolment, commune_officer):
    with pytest.raises(ValidationError) as caught:
        activity_record(
            actor=commune_officer,
            enrolment=enrolment,
            month=datetime.date(2022, 12, 1),
            has_traffic=True,
        )
    assert caught.value.error_dict["month"][0].code == "month_outside"
    enrolment_end(actor=commune_officer, enrolment=enrolment, ended_on=datetime.date(2023, 3, 31))
    with pytest.raises(ValidationError):
        activity_record(
            actor=commune_officer,
            enrolment=enrolment,
            month=datetime.date(2023, 4, 1),
            has_traffic=True,
        )
    # A report of a month within the support still corrects it, and the end stays.
    _report(commune_officer, enrolment, 2, False)
    assert _report(commune_officer, enrolment, 3, False) == TelecomStatus.ENDED


# --- Who may be enrolled -----------------------------------------------------------------------


def test_a_household_that_is_not_poor_is_refused(household, commune_officer):
    _assess(commune_officer, household, poor=False)
    with pytest.raises(ValidationError) as caught:
        _enrol(commune_officer, household)
    assert caught.value.error_dict["household"][0].code == "not_eligible"
    assert not TelecomEnrolment.objects.exists()


def test_a_household_never_assessed_is_refused(household, commune_officer):
    with pytest.raises(ValidationError):
        _enrol(commune_officer, household)
    assert not TelecomEnrolment.objects.exists()


def test_the_latest_assessment_decides(household, commune_officer):
    _assess(commune_officer, household, year=2022)
    _assess(commune_officer, household, year=2023, poor=False)
    with pytest.raises(ValidationError):
        _enrol(commune_officer, household, started_on=datetime.date(2023, 6, 1))
    assert _enrol(commune_officer, household, started_on=datetime.date(2022, 6, 1)).pk


def test_one_open_enrolment_per_household(enrolment, household, commune_officer):
    with pytest.raises(ValidationError) as caught:
        _enrol(commune_officer, household, provider=TelecomProvider.MOBIFONE)
    assert caught.value.error_dict["household"][0].code == "already_enrolled"
    enrolment_end(actor=commune_officer, enrolment=enrolment, ended_on=datetime.date(2023, 6, 30))
    again = _enrol(commune_officer, household, started_on=datetime.date(2023, 7, 1))
    assert again.status == TelecomStatus.ACTIVE
    assert household.telecom_enrolments.count() == 2


def test_the_kinds_and_their_amounts(household, commune_officer):
    _assess(commune_officer, household)
    cash = _enrol(commune_officer, household, kind=TelecomSupportKind.CASH, subscriber_number="")
    assert (cash.monthly_support_vnd, cash.one_off_support_vnd) == (0, 500_000)
    enrolment_end(actor=commune_officer, enrolment=cash, ended_on=datetime.date(2023, 2, 1))
    phone = _enrol(
        commune_officer,
        household,
        kind=TelecomSupportKind.SMARTPHONE,
        started_on=datetime.date(2023, 3, 1),
    )
    assert (phone.monthly_support_vnd, phone.one_off_support_vnd) == (60_000, 0)
    enrolment_end(actor=commune_officer, enrolment=phone, ended_on=datetime.date(2023, 4, 1))
    with pytest.raises(ValidationError) as caught:
        _enrol(
            commune_officer, household, subscriber_number="", started_on=datetime.date(2023, 5, 1)
        )
    assert caught.value.error_dict["subscriber_number"][0].code == "number_missing"


# --- Masking -----------------------------------------------------------------------------------


def test_only_the_last_three_digits_are_stored(enrolment):
    assert enrolment.subscriber_number == "*******678"
    stored = TelecomEnrolment.objects.filter(pk=enrolment.pk).values_list(
        "subscriber_number", flat=True
    )
    assert "912345" not in stored[0]
    assert subscriber_number_mask("+84 388 123 456") == "*******456"
    assert subscriber_number_mask("") == ""
    with pytest.raises(ValidationError):
        subscriber_number_mask("12")


# --- Permissions -------------------------------------------------------------------------------


def test_who_may_enrol_and_report(
    household, commune_officer, other_commune_officer, province_officer, make_user
):
    _assess(commune_officer, household)
    for outsider in (other_commune_officer, make_user("Người dân")):
        with pytest.raises(PermissionDenied):
            _enrol(outsider, household)
    assert not TelecomEnrolment.objects.exists()
    enrolment = _enrol(province_officer, household)
    with pytest.raises(PermissionDenied):
        activity_record(
            actor=other_commune_officer,
            enrolment=enrolment,
            month=datetime.date(2023, 2, 1),
            has_traffic=False,
        )
    with pytest.raises(PermissionDenied):
        enrolment_end(
            actor=other_commune_officer, enrolment=enrolment, ended_on=datetime.date(2023, 3, 1)
        )
    enrolment.refresh_from_db()
    assert not enrolment.activities.exists()
    assert (enrolment.status, enrolment.ended_on) == (TelecomStatus.ACTIVE, None)
    superuser = make_user("Quản trị", is_superuser=True)
    assert _report(superuser, enrolment, 2, True) == TelecomStatus.ACTIVE
    assert _report(commune_officer, enrolment, 3, True) == TelecomStatus.ACTIVE


# --- Coverage ----------------------------------------------------------------------------------


def _households(actor, village, count, *, poor=True, year=2023):
    made = []
    for n in range(count):
        household = household_create(
            actor=actor, village=village, head_name=f"Hộ {village.name} {n}", ethnicity="08"
        )
        _assess(actor, household, year=year, poor=poor)
        made.append(household)
    return made


def test_coverage_counted_by_hand(province_officer, village, muong_khuong, bac_ha, lao_cai):
    na_hoi = Village(commune=bac_ha, name="Na Hối", kind="thon")
    na_hoi.full_clean()
    na_hoi.save()
    # Mường Khương: 4 poor households, 3 enrolled (one ended in March, one suspended from
    # April), and 2 not poor. Bắc Hà: 3 poor households, 1 enrolled from June.
    mk = _households(province_officer, village, 4)
    _households(province_officer, village, 2, poor=False)
    bh = _households(province_officer, na_hoi, 3)
    started = datetime.date(2023, 1, 5)
    running = _enrol(province_officer, mk[0], started)
    ended = _enrol(province_officer, mk[1], started)
    suspended = _enrol(province_officer, mk[2], started)
    _enrol(province_officer, bh[0], datetime.date(2023, 6, 1))
    enrolment_end(actor=province_officer, enrolment=ended, ended_on=datetime.date(2023, 3, 20))
    for month in (2, 3):
        _report(province_officer, suspended, month, False)
    _report(province_officer, running, 2, True)

    rows = {row.unit.code: row for row in coverage_by_commune(unit=lao_cai, year=2023)}
    assert (rows["02761"].poor_households, rows["02761"].supported_households) == (4, 3)
    assert rows["02761"].share == 0.75
    assert (rows["02839"].poor_households, rows["02839"].supported_households) == (3, 1)
    assert rows["02842"].share is None  # Tả Củ Tỷ: no poor households recorded

    def month(number):
        by_code = {
            row.unit.code: row.supported_households
            for row in coverage_by_commune(unit=lao_cai, month=datetime.date(2023, number, 1))
        }
        return by_code["02761"], by_code["02839"]

    assert month(3) == (3, 0)  # all three run in March (suspension takes effect in April)
    assert month(4) == (1, 0)  # ended in March, suspended from April
    assert month(6) == (1, 1)
    assert coverage_by_commune(unit=muong_khuong, year=2022)[0].poor_households == 0

    district = AdministrativeUnit.objects.get(is_current=False, level="district", code="085")
    assert bac_ha in former_district_communes(district)
    assert muong_khuong not in former_district_communes(district)
    total = coverage_of_former_district(district=district, year=2023)
    assert (total.poor_households, total.supported_households) == (3, 1)


# --- Demo --------------------------------------------------------------------------------------


def test_the_demo_enrols_poor_households_of_the_former_bac_ha_district(
    province_officer, village, bac_ha, make_user
):
    from banso.households.telecom_demo import telecom_demo_seed

    admin = make_user("Quản trị", is_superuser=True)
    assert telecom_demo_seed(admin, supported=4) == 0  # no households: nothing to do
    na_hoi = Village(commune=bac_ha, name="Na Hối", kind="thon")
    na_hoi.full_clean()
    na_hoi.save()
    bac_ha_poor = _households(province_officer, na_hoi, 5)
    _households(province_officer, na_hoi, 2, poor=False)
    _households(province_officer, village, 2)  # Mường Khương: another former district

    assert telecom_demo_seed(admin, supported=4) == 4
    assert telecom_demo_seed(admin, supported=4) == 0
    enrolled = set(TelecomEnrolment.objects.values_list("household", flat=True))
    assert len(enrolled) == 4
    assert enrolled <= {household.pk for household in bac_ha_poor}
    statuses = [
        (e.status, [a.status_after for a in e.activities.all()])
        for e in TelecomEnrolment.objects.order_by("household__code").prefetch_related("activities")
    ]
    assert statuses[0][0] == TelecomStatus.SUSPENDED
    assert statuses[1][0] == TelecomStatus.ACTIVE
    assert TelecomStatus.SUSPENDED in statuses[1][1]
    district = AdministrativeUnit.objects.get(is_current=False, level="district", code="085")
    total = coverage_of_former_district(district=district, year=2023)
    assert (total.poor_households, total.supported_households) == (5, 4)


def test_the_demos_months_follow_the_services_rule(province_officer, bac_ha, make_user):
    """The demo writes its reports in bulk: each enrolment with a subscription has the twelve
    months of 2023, and their statuses are those ``activity_record`` gives."""
    from banso.households.telecom_demo import telecom_demo_seed

    admin = make_user("Quản trị", is_superuser=True)
    na_hoi = Village(commune=bac_ha, name="Na Hối", kind="thon")
    na_hoi.full_clean()
    na_hoi.save()
    _households(province_officer, na_hoi, 40)
    assert telecom_demo_seed(admin, supported=40) == 40
    enrolments = TelecomEnrolment.objects.prefetch_related("activities")
    cash = [e for e in enrolments if e.kind == TelecomSupportKind.CASH]
    assert cash and all(not e.activities.all() for e in cash)  # nothing to report on
    reported = [e for e in enrolments if e.kind != TelecomSupportKind.CASH]
    assert all(len(e.activities.all()) == 12 for e in reported)
    written = {
        (a.enrolment_id, a.month): a.status_after for e in reported for a in e.activities.all()
    }
    statuses = {e.pk: e.status for e in reported}
    assert TelecomStatus.SUSPENDED in statuses.values()
    for enrolment in reported:  # each December recorded again through the service
        activity = enrolment.activities.get(month=datetime.date(2023, 12, 1))
        activity_record(
            actor=admin,
            enrolment=enrolment,
            month=activity.month,
            has_traffic=activity.has_traffic,
        )
    again = TelecomActivity.objects.filter(enrolment__in=reported)
    assert {(a.enrolment_id, a.month): a.status_after for a in again} == written
    assert dict(TelecomEnrolment.objects.filter(pk__in=statuses).values_list("pk", "status")) == (
        statuses
    )
    assert telecom_demo_seed(admin, supported=40) == 0
    assert again.count() == len(written)  # seeding again writes no report twice

"""Monthly telecom facts counted by hand (``tests/telecom_support.py``), their indicators
recomputed and rolled up to the province, suppression under 5 households, and monthly periods
checked and placed around the reform of 2025."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from banso.households.models import Household, TelecomEnrolment
from banso.households.telecom_services import activity_record
from banso.indicators.facts import Fact
from banso.indicators.models import Hierarchy, IndicatorValue, Level
from banso.indicators.services import (
    indicators_recompute,
    period_is_before_reform,
    recorded_fact_set,
)
from banso.indicators.telecom_facts import telecom_facts
from banso.indicators.tests.telecom_support import (
    BY_HAND,
    FACTS,
    SHARE,
    SUPPORTED,
    SUSPENDED,
    telecom_support_by_hand,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def supported(province_officer, village, bac_ha):
    telecom_support_by_hand(province_officer, village, bac_ha)


def _totals(facts: list[Fact]) -> dict[tuple[str, str], tuple[int, ...]]:
    from banso.places.models import AdministrativeUnit

    codes = dict(AdministrativeUnit.objects.values_list("pk", "code"))
    counts = {
        (codes[fact.unit_id], fact.period, fact.code): fact.value
        for fact in facts
        if fact.disaggregation == "" and fact.unit_id is not None
    }
    return {
        (unit, period): tuple(counts.get((unit, period, f"telecom.{name}"), 0) for name in FACTS)
        for unit, period, _code in counts
    }


def test_the_provider_counts_as_by_hand(supported, django_assert_num_queries):
    with django_assert_num_queries(1 + 4):  # the reported months, then one query a month
        facts = list(telecom_facts.facts(year=2023))
    assert _totals(facts) == BY_HAND
    assert all(fact.village_id is None for fact in facts)
    assert {fact.period for fact in telecom_facts.facts(year=None)} == {
        "202301",
        "202302",
        "202303",
        "202304",
    }
    assert list(telecom_facts.facts(year=2024)) == []


def test_the_facts_by_form_of_support(supported, muong_khuong):
    by_kind = {
        (fact.code, fact.disaggregation): fact.value
        for fact in telecom_facts.facts(year=2023)
        if fact.period == "202301" and fact.unit_id == muong_khuong.pk
    }
    assert by_kind[("telecom.enrolled", "support:subscription")] == 4  # MK1, MK2, MK5, MK7
    assert by_kind[("telecom.with_traffic", "support:subscription")] == 3
    assert by_kind[("telecom.with_traffic", "support:smartphone")] == 2
    assert by_kind[("telecom.enrolled", "support:cash")] == 1
    # The money instead of a smartphone has no subscription: in no traffic fact.
    assert ("telecom.subscriptions", "support:cash") not in by_kind
    assert ("telecom.reported", "support:cash") not in by_kind


def test_recompute_writes_the_months_and_rolls_them_up(
    supported, muong_khuong, bac_ha, lao_cai, province_officer
):
    indicators_recompute(year=2023)

    def value(code, unit, period, key=""):
        return IndicatorValue.objects.get(
            indicator__code=code,
            unit=unit,
            period=period,
            disaggregation=key,
            hierarchy=Hierarchy.CURRENT,
            village__isnull=True,
        )

    supported_in_january = value(SUPPORTED, muong_khuong, "202301")
    assert (supported_in_january.numerator, supported_in_january.denominator) == (7, None)
    assert supported_in_january.value == 7.0
    assert supported_in_january.year == 2023
    assert not supported_in_january.is_suppressed
    share = value(SHARE, muong_khuong, "202301")
    assert (share.numerator, share.denominator, share.value) == (5, 6, 83.3)
    # 5 of 6 tells that 1 household had no traffic: the rest of the fraction is a small cell.
    assert share.is_suppressed
    # Under 5 households on either side: suppressed (4 of 5 in April; 1 suspended).
    assert value(SHARE, muong_khuong, "202304").is_suppressed
    assert value(SUSPENDED, muong_khuong, "202303").is_suppressed
    assert value(SUSPENDED, muong_khuong, "202303").numerator == 1
    assert not IndicatorValue.objects.filter(indicator__code=SUSPENDED, period="202301").exists()
    # The province: both communes in April, Bắc Hà not in March (nothing reported there).
    province = value(SHARE, lao_cai, "202304")
    assert province.level == Level.PROVINCE
    assert (province.numerator, province.denominator, province.value) == (5, 7, 71.4)
    assert province.is_suppressed  # 2 without traffic
    assert value(SUPPORTED, lao_cai, "202304").numerator == 7
    assert value(SUPPORTED, lao_cai, "202303").numerator == 5
    assert not IndicatorValue.objects.filter(unit=bac_ha, period="202303").exists()
    by_form = value(SUPPORTED, lao_cai, "202301", key="support:smartphone")
    assert by_form.numerator == 2
    # Recomputing the year replaces its months: MK1's January corrected to no traffic.
    months = IndicatorValue.objects.filter(period__in=["202301", "202302", "202303", "202304"])
    written = months.count()
    enrolment = TelecomEnrolment.objects.get(household=Household.objects.get(head_name="MK1"))
    activity_record(
        actor=province_officer,
        enrolment=enrolment,
        month=datetime.date(2023, 1, 1),
        has_traffic=False,
    )
    indicators_recompute(year=2023)
    assert value(SHARE, muong_khuong, "202301").numerator == 4
    assert months.count() == written


def test_monthly_periods_are_checked_and_placed_around_the_reform(province_officer, muong_khuong):
    assert period_is_before_reform("202506")
    assert not period_is_before_reform("202507")
    assert period_is_before_reform("2024") and not period_is_before_reform("2025")
    record = recorded_fact_set(
        actor=province_officer,
        code="telecom.active",
        unit=muong_khuong,
        period="202306",
        value=12,
        source="Báo cáo tháng 6/2023",
    )
    assert record.period == "202306"
    for period in ("202313", "202300", "2023-06", "23"):
        with pytest.raises(ValidationError) as error:
            recorded_fact_set(
                actor=province_officer,
                code="telecom.active",
                unit=muong_khuong,
                period=period,
                value=12,
                source="Báo cáo",
            )
        assert "period" in error.value.message_dict

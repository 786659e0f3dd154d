"""Price rules written by the host (``rate_rule_add`` / ``rate_rule_delete``): each kind with its
own fields priced as ``pricing`` reads them, every wrong combination refused on its field, and
only by the stay's organisation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banso.tourism.lunar import tet
from banso.tourism.models import RateRule, RateRuleKind
from banso.tourism.pricing import stay_quote, tet_nights
from banso.tourism.services.host import rate_rule_add, rate_rule_delete
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import day

pytestmark = pytest.mark.django_db
homestay, room, other_room = host_fixtures.homestay, host_fixtures.room, host_fixtures.other_room


def _refused(**fields) -> dict[str, list[str | None]]:
    """The codes of each field's errors when a rule is refused."""
    with pytest.raises(ValidationError) as error:
        rate_rule_add(**fields)
    return {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}


def test_a_season_prices_its_nights_every_year_across_the_new_year(coop_member, room):
    rule = rate_rule_add(
        actor=coop_member,
        room_type=room,
        kind=RateRuleKind.SEASON,
        rate_vnd=700_000,
        name="  Mùa   đông ",
        start_day=15,
        start_month=12,
        end_day=28,
        end_month=2,
    )
    assert rule.name == "Mùa đông"
    year = day(0).year + 1
    quote = stay_quote(
        room, check_in=datetime.date(year, 12, 14), check_out=datetime.date(year, 12, 16)
    )
    assert [night.rate_vnd for night in quote.nights] == [500_000, 700_000]


def test_dates_price_their_nights_with_the_weekend_price_and_minimum_stay(coop_member, room):
    first = day(30)
    rate_rule_add(
        actor=coop_member,
        room_type=room,
        kind=RateRuleKind.DATES,
        rate_vnd=800_000,
        weekend_rate_vnd=900_000,
        min_nights=3,
        start_date=first,
        end_date=first + datetime.timedelta(days=6),
    )
    quote = stay_quote(room, check_in=first, check_out=first + datetime.timedelta(days=7))
    assert {night.rate_vnd for night in quote.nights} == {800_000, 900_000}
    assert quote.min_nights == 3


def test_tet_prices_the_nights_around_the_first_day_of_the_lunar_year(coop_member, room):
    rule = rate_rule_add(
        actor=coop_member,
        room_type=room,
        kind=RateRuleKind.TET,
        rate_vnd=1_000_000,
        days_before=1,
        days_after=3,
    )
    year = day(0).year + 1
    first_day = tet(year)
    assert tet_nights(rule, today=datetime.date(year, 1, 1)) == (
        first_day - datetime.timedelta(days=1),
        first_day + datetime.timedelta(days=2),
    )
    quote = stay_quote(
        room,
        check_in=first_day - datetime.timedelta(days=2),
        check_out=first_day + datetime.timedelta(days=4),
    )
    assert [night.rate_vnd for night in quote.nights] == [
        500_000,
        1_000_000,
        1_000_000,
        1_000_000,
        1_000_000,
        500_000,
    ]


def test_each_kind_needs_all_its_fields_and_none_of_another_kind(coop_member, room):
    base = {"actor": coop_member, "room_type": room, "rate_vnd": 600_000}
    assert _refused(**base, kind=RateRuleKind.SEASON, start_day=1, start_month=6) == {
        "end_day": ["required"],
        "end_month": ["required"],
    }
    assert _refused(**base, kind=RateRuleKind.DATES, start_date=day(3)) == {
        "end_date": ["required"]
    }
    assert _refused(
        **base, kind=RateRuleKind.TET, days_before=1, days_after=2, start_date=day(3)
    ) == {"start_date": ["other_kind"]}
    assert _refused(**base, kind="weekly") == {"kind": ["kind"]}
    assert not RateRule.objects.exists()


def test_nights_that_cannot_be_priced_are_refused_on_their_field(coop_member, room):
    base = {"actor": coop_member, "room_type": room, "rate_vnd": 600_000}
    season = {"start_day": 30, "start_month": 2, "end_day": 31, "end_month": 3}
    assert _refused(**base, kind=RateRuleKind.SEASON, **season) == {"start_day": ["no_such_day"]}
    assert _refused(**base, kind=RateRuleKind.DATES, start_date=day(5), end_date=day(4)) == {
        "end_date": ["order"]
    }
    assert _refused(**base, kind=RateRuleKind.DATES, start_date=day(-5), end_date=day(-1)) == {
        "end_date": ["past"]
    }
    assert _refused(**base, kind=RateRuleKind.TET, days_before=0, days_after=0) == {
        "days_after": ["no_nights"]
    }
    assert _refused(**base, kind=RateRuleKind.TET, days_before=40, days_after=2) == {
        "days_before": ["too_long"]
    }
    assert _refused(
        actor=coop_member,
        room_type=room,
        rate_vnd=0,
        kind=RateRuleKind.TET,
        days_before=1,
        days_after=1,
    ) == {"rate_vnd": ["min_value"]}
    assert not RateRule.objects.exists()


def test_29_february_is_a_day_of_a_season(coop_member, room):
    rule = rate_rule_add(
        actor=coop_member,
        room_type=room,
        kind=RateRuleKind.SEASON,
        rate_vnd=600_000,
        start_day=29,
        start_month=2,
        end_day=29,
        end_month=2,
    )
    assert rule.pk is not None


def test_only_the_stay_organisation_adds_and_removes_its_rules(
    coop_member, other_coop_member, room
):
    tet_rule = {"kind": RateRuleKind.TET, "rate_vnd": 900_000, "days_before": 2, "days_after": 5}
    with pytest.raises(PermissionDenied):
        rate_rule_add(actor=other_coop_member, room_type=room, **tet_rule)
    with pytest.raises(PermissionDenied):
        rate_rule_add(actor=None, room_type=room, **tet_rule)
    assert not RateRule.objects.exists()
    rule = rate_rule_add(actor=coop_member, room_type=room, **tet_rule)
    with pytest.raises(PermissionDenied):
        rate_rule_delete(actor=other_coop_member, rule=rule)
    assert RateRule.objects.filter(pk=rule.pk).exists()
    rate_rule_delete(actor=coop_member, rule=rule)
    assert not RateRule.objects.exists()

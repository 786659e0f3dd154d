"""Prices night by night: dates over Tết over seasons over the room's own price, weekends."""

import datetime

import pytest

from banso.tourism.models import RateRule
from banso.tourism.pricing import stay_quote
from banso.tourism.tests.stay_makers import homestay_make, room_make

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def room(coop):
    return room_make(homestay_make(coop), rate_vnd=500_000, weekend_rate_vnd=600_000)


def rule(room, **fields) -> RateRule:
    made = RateRule(room_type=room, **fields)
    made.full_clean()
    made.save()
    return made


def prices(room, start: D, end: D) -> dict[D, int]:
    quote = stay_quote(room, check_in=start, check_out=end)
    return {night.date: night.rate_vnd for night in quote.nights}


def test_weekend_nights_take_the_weekend_price(room):
    # 2027-03-04 is a Thursday: Thursday, Friday, Saturday, Sunday nights
    assert prices(room, D(2027, 3, 4), D(2027, 3, 8)) == {
        D(2027, 3, 4): 500_000,
        D(2027, 3, 5): 600_000,
        D(2027, 3, 6): 600_000,
        D(2027, 3, 7): 500_000,
    }


def test_tet_follows_the_lunar_calendar_each_year(room):
    rule(room, kind="tet", name="Tết", rate_vnd=900_000, days_before=1, days_after=3, min_nights=2)
    # Tết 2027 is on 6 February: nights of 5, 6, 7 and 8 February
    assert prices(room, D(2027, 2, 3), D(2027, 2, 10)) == {
        D(2027, 2, 3): 500_000,
        D(2027, 2, 4): 500_000,
        D(2027, 2, 5): 900_000,
        D(2027, 2, 6): 900_000,
        D(2027, 2, 7): 900_000,
        D(2027, 2, 8): 900_000,
        D(2027, 2, 9): 500_000,
    }
    # Tết 2026 is on 17 February
    assert prices(room, D(2026, 2, 16), D(2026, 2, 18)) == {
        D(2026, 2, 16): 900_000,
        D(2026, 2, 17): 900_000,
    }
    assert stay_quote(room, check_in=D(2027, 2, 6), check_out=D(2027, 2, 7)).min_nights == 2
    assert stay_quote(room, check_in=D(2027, 3, 6), check_out=D(2027, 3, 7)).min_nights == 1


def test_a_season_across_the_new_year_and_dates_over_it(room):
    rule(
        room,
        kind="season",
        name="Mùa tuyết",
        start_month=12,
        start_day=15,
        end_month=1,
        end_day=15,
        rate_vnd=700_000,
        weekend_rate_vnd=800_000,
    )
    rule(
        room,
        kind="dates",
        name="Lễ hội",
        start_date=D(2026, 12, 31),
        end_date=D(2026, 12, 31),
        rate_vnd=1_000_000,
    )
    assert prices(room, D(2026, 12, 29), D(2027, 1, 3)) == {
        D(2026, 12, 29): 700_000,  # Tuesday, in the season
        D(2026, 12, 30): 700_000,
        D(2026, 12, 31): 1_000_000,  # the dates win
        D(2027, 1, 1): 800_000,  # Friday, the season's weekend price
        D(2027, 1, 2): 800_000,
    }
    assert prices(room, D(2027, 1, 16), D(2027, 1, 17)) == {D(2027, 1, 16): 600_000}

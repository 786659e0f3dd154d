"""The Gregorian dates of festival and market rules.

The rules' months and days here are examples, not the festivals' data; the expected dates were
checked against Hồ Ngọc Đức's published tables.
"""

from datetime import date, time

import pytest

from banso.tourism.occurrences import (
    GregorianRule,
    LunarRule,
    Occurrence,
    WeeklyRule,
    next_occurrence,
    occurrences_between,
    occurrences_in_year,
)

# Gầu Tào is held in the first fortnight of the first lunar month.
FIRST_FORTNIGHT = LunarRule(month=1, day=1, duration_days=15)


def test_a_lunar_festival_starts_on_its_lunar_day_and_lasts_its_days():
    assert occurrences_in_year(FIRST_FORTNIGHT, 2026) == [
        Occurrence(date(2026, 2, 17), date(2026, 3, 3))
    ]
    assert occurrences_in_year(FIRST_FORTNIGHT, 2027) == [
        Occurrence(date(2027, 2, 6), date(2027, 2, 20))
    ]


def test_a_twelfth_month_event_is_found_in_the_gregorian_year_it_falls_in():
    kitchen_gods = LunarRule(month=12, day=23)  # of lunar 2025 in 2026, of lunar 2026 in 2027
    assert occurrences_in_year(kitchen_gods, 2026) == [
        Occurrence(date(2026, 2, 10), date(2026, 2, 10))
    ]
    assert occurrences_in_year(kitchen_gods, 2027) == [
        Occurrence(date(2027, 1, 30), date(2027, 1, 30))
    ]
    # Tết 2027 is late and Tết 2028 early: the twelfth month begins twice in 2027.
    assert [o.start for o in occurrences_in_year(LunarRule(month=12, day=1), 2027)] == [
        date(2027, 1, 8),
        date(2027, 12, 28),
    ]


def test_an_event_under_way_at_new_year_belongs_to_both_years():
    new_year_fair = GregorianRule(month=12, day=30, duration_days=5)
    assert occurrences_in_year(new_year_fair, 2026) == [
        Occurrence(date(2025, 12, 30), date(2026, 1, 3)),
        Occurrence(date(2026, 12, 30), date(2027, 1, 3)),
    ]
    assert occurrences_between(FIRST_FORTNIGHT, date(2026, 3, 3), date(2026, 3, 31)) == [
        Occurrence(date(2026, 2, 17), date(2026, 3, 3))
    ]
    assert occurrences_between(FIRST_FORTNIGHT, date(2026, 3, 4), date(2026, 12, 31)) == []


def test_a_day_30_falls_on_the_29th_of_a_short_month():
    last_day_of_second_month = LunarRule(month=2, day=30)
    assert occurrences_in_year(last_day_of_second_month, 2026) == [
        Occurrence(date(2026, 4, 16), date(2026, 4, 16))  # lunar 2/29: the month has 29 days
    ]
    assert occurrences_in_year(last_day_of_second_month, 2027) == [
        Occurrence(date(2027, 4, 6), date(2027, 4, 6))  # lunar 2/30
    ]


def test_a_leap_month_rule_takes_place_only_in_years_with_that_leap_month():
    assert occurrences_in_year(LunarRule(month=6, day=1, leap=True), 2025) == [
        Occurrence(date(2025, 7, 25), date(2025, 7, 25))
    ]
    assert occurrences_in_year(LunarRule(month=6, day=1, leap=True), 2026) == []
    # An ordinary-month rule keeps to the ordinary month in a year where it repeats.
    assert occurrences_in_year(LunarRule(month=6, day=1), 2025) == [
        Occurrence(date(2025, 6, 25), date(2025, 6, 25))
    ]


def test_a_weekly_market_falls_on_every_sunday_of_the_month():
    sunday_market = WeeklyRule(weekday=6)
    assert [
        o.start for o in occurrences_between(sunday_market, date(2026, 3, 1), date(2026, 3, 31))
    ] == [
        date(2026, 3, 1),
        date(2026, 3, 8),
        date(2026, 3, 15),
        date(2026, 3, 22),
        date(2026, 3, 29),
    ]


def test_an_evening_market_past_midnight_ends_the_next_day():
    love_market = WeeklyRule(weekday=5, start_time=time(19), end_time=time(1))
    assert occurrences_between(love_market, date(2026, 3, 8), date(2026, 3, 14)) == [
        Occurrence(date(2026, 3, 7), date(2026, 3, 8), time(19), time(1)),
        Occurrence(date(2026, 3, 14), date(2026, 3, 15), time(19), time(1)),
    ]
    evening = WeeklyRule(weekday=5, start_time=time(17), end_time=time(22))
    assert occurrences_between(evening, date(2026, 3, 8), date(2026, 3, 13)) == []


def test_the_next_occurrence_is_the_one_under_way_or_the_one_to_come():
    assert next_occurrence(FIRST_FORTNIGHT, date(2026, 2, 20)) == Occurrence(
        date(2026, 2, 17), date(2026, 3, 3)
    )
    assert next_occurrence(FIRST_FORTNIGHT, date(2026, 3, 4)) == Occurrence(
        date(2027, 2, 6), date(2027, 2, 20)
    )
    assert next_occurrence(WeeklyRule(weekday=6), date(2026, 3, 2)) == Occurrence(
        date(2026, 3, 8), date(2026, 3, 8)
    )
    assert next_occurrence(GregorianRule(month=2, day=29), date(2026, 1, 1)) == Occurrence(
        date(2026, 2, 28), date(2026, 2, 28)
    )


def test_no_next_occurrence_past_the_computed_years():
    assert next_occurrence(FIRST_FORTNIGHT, date(2100, 6, 1)) is None
    # The first lunar month repeats in none of the years left.
    assert next_occurrence(LunarRule(month=1, day=1, leap=True), date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    "make_rule",
    [
        lambda: LunarRule(month=13, day=1),
        lambda: LunarRule(month=1, day=31),
        lambda: LunarRule(month=1, day=1, duration_days=0),
        lambda: WeeklyRule(weekday=7),
        lambda: GregorianRule(month=2, day=30),
        lambda: GregorianRule(month=1, day=1, duration_days=0),
    ],
)
def test_a_rule_that_cannot_happen_is_refused(make_rule):
    with pytest.raises(ValueError):
        make_rule()


# Days named by their earthly branch, as the press reported the Giáy's Roóng Poọc: Quang Kim held
# it on 4 February 2025 (day 7 of the first lunar month of Ất Tỵ), Hợp Thành on 23 February 2026
# (day 7 of Bính Ngọ), each "on the first Thìn day of the lunar year"; Tả Van held it on
# 5 March 2024 (day 25 of Giáp Thìn), a Thìn day too.
@pytest.mark.parametrize(
    "day", [date(2025, 2, 4), date(2026, 2, 23), date(2024, 3, 5), date(2024, 2, 10)]
)
def test_the_days_the_giay_held_roong_pooc_are_thin_days(day):
    from banso.tourism.lunar import day_branch

    assert day_branch(day) == 4  # Thìn


def test_branches_follow_one_another_day_by_day():
    from banso.tourism.lunar import day_branch

    first = date(2025, 2, 4)
    assert [day_branch(date.fromordinal(first.toordinal() + n)) for n in range(13)] == [
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        0,
        1,
        2,
        3,
        4,
    ]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, date(2024, 2, 10)),  # Tết itself was a Thìn day
        (2025, date(2025, 2, 4)),
        (2026, date(2026, 2, 23)),
        (2027, date(2027, 2, 6)),
    ],
)
def test_the_first_thin_day_of_the_lunar_year(year, expected):
    rule = LunarRule(month=1, day=1, branch=4)
    (occurrence,) = occurrences_in_year(rule, year)
    assert occurrence.start == occurrence.end == expected


def test_a_branch_outside_the_twelve_is_refused():
    with pytest.raises(ValueError):
        LunarRule(month=1, day=1, branch=12)

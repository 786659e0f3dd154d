"""The Vietnamese lunar calendar: Tết, leap months, and its differences from the Chinese one.

The expected dates were checked against Hồ Ngọc Đức's published tables and against an ephemeris
(new moons and solar terms at UTC+7), not only against the code under test.
"""

from datetime import date, timedelta

import pytest
from django.utils import translation

from banso.tourism.lunar import (
    FIRST_YEAR,
    LAST_YEAR,
    LunarDate,
    LunarDateError,
    LunarRangeError,
    lunar_from_solar,
    lunar_month_length,
    solar_from_lunar,
    tet,
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1985, date(1985, 1, 21)),  # China: 20 February
        (2007, date(2007, 2, 17)),  # China: 18 February
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2026, date(2026, 2, 17)),
        (2027, date(2027, 2, 6)),
    ],
)
def test_tet_falls_on_the_vietnamese_day(year, expected):
    assert tet(year) == expected
    assert lunar_from_solar(expected) == LunarDate(year, 1, 1)


def test_the_chinese_new_years_of_1985_and_2007_are_other_days_in_vietnam():
    assert lunar_from_solar(date(1985, 2, 20)) == LunarDate(1985, 2, 1)
    assert lunar_from_solar(date(2007, 2, 18)) == LunarDate(2007, 1, 2)
    assert lunar_from_solar(date(2007, 2, 16)) == LunarDate(2006, 12, 29)


@pytest.mark.parametrize(
    ("year", "month", "first_day", "ordinary_first_day"),
    [
        (2020, 4, date(2020, 5, 23), date(2020, 4, 23)),
        (2023, 2, date(2023, 3, 22), date(2023, 2, 20)),
        (2025, 6, date(2025, 7, 25), date(2025, 6, 25)),
    ],
)
def test_a_leap_month_follows_its_ordinary_month(year, month, first_day, ordinary_first_day):
    assert solar_from_lunar(year, month, 1, leap=True) == first_day
    assert lunar_from_solar(first_day) == LunarDate(year, month, 1, is_leap_month=True)
    assert solar_from_lunar(year, month, 1) == ordinary_first_day
    assert lunar_from_solar(first_day - timedelta(days=1)).is_leap_month is False


@pytest.mark.parametrize(
    ("year", "expected"), [(2026, date(2026, 9, 25)), (2027, date(2027, 9, 15))]
)
def test_mid_autumn_is_the_fifteenth_of_the_eighth_month(year, expected):
    assert solar_from_lunar(year, 8, 15) == expected


def round_trip(day: date) -> LunarDate:
    lunar = lunar_from_solar(day)
    back = solar_from_lunar(lunar.year, lunar.month, lunar.day, leap=lunar.is_leap_month)
    assert back == day, (day, lunar)
    return lunar


def test_every_day_from_1900_to_2100_converts_there_and_back():
    """Each day converts back to itself and follows the day before: the next day of the same
    month, or the first of the next month (or of its leap repeat) after a 29th or 30th."""
    day, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    previous = round_trip(day)
    while day < last:
        day += timedelta(days=1)
        lunar = round_trip(day)
        if lunar.day != 1:
            same_month = (previous.year, previous.month, previous.is_leap_month)
            assert lunar == LunarDate(*same_month[:2], previous.day + 1, same_month[2]), day
        elif lunar.is_leap_month:
            assert previous.day in (29, 30), day
            assert (lunar.year, lunar.month) == (previous.year, previous.month), day
        else:
            assert previous.day in (29, 30), day
            assert lunar.month == previous.month % 12 + 1, day
            assert lunar.year == previous.year + (lunar.month == 1), day
        previous = lunar


def test_month_lengths_of_2026():
    lengths = [lunar_month_length(2026, month) for month in range(1, 13)]
    assert lengths == [30, 29, 30, 29, 29, 30, 29, 29, 30, 30, 30, 29]
    assert lunar_month_length(2025, 6, leap=True) == 29
    assert lunar_month_length(2026, 6, leap=True) is None


@pytest.mark.parametrize(
    ("year", "month", "day", "leap"),
    [
        (2026, 2, 30, False),  # the second month of 2026 has 29 days
        (2023, 2, 30, True),  # so has the leap second month of 2023
        (2024, 4, 1, True),  # 2024 has no leap month
        (2026, 13, 1, False),
        (2026, 1, 0, False),
    ],
)
def test_a_day_that_does_not_exist_is_an_error(year, month, day, leap):
    with pytest.raises(LunarDateError):
        solar_from_lunar(year, month, day, leap=leap)


def test_the_error_says_what_is_missing_in_the_users_language():
    with translation.override("vi"), pytest.raises(ValueError) as short_month:
        solar_from_lunar(2026, 2, 30)
    assert str(short_month.value) == "Tháng 2 âm lịch năm 2026 không có ngày 30."
    with translation.override("vi"), pytest.raises(ValueError) as no_leap:
        solar_from_lunar(2024, 4, 1, leap=True)
    assert str(no_leap.value) == "Năm 2024 âm lịch không có tháng 4 nhuận."
    with translation.override("zh-hans"), pytest.raises(ValueError) as short_leap:
        solar_from_lunar(2023, 2, 30, leap=True)
    assert str(short_leap.value) == "农历2023年闰2月没有30日。"


def test_dates_outside_the_computed_years_are_refused():
    with pytest.raises(LunarRangeError):
        lunar_from_solar(date(LAST_YEAR + 1, 1, 1))
    with pytest.raises(LunarRangeError):
        solar_from_lunar(FIRST_YEAR - 2, 1, 1)
    with pytest.raises(LunarRangeError):
        tet(LAST_YEAR + 1)
    with translation.override("vi"), pytest.raises(ValueError) as refused:
        lunar_from_solar(date(1899, 12, 31))
    assert str(refused.value) == "Chỉ tính được âm lịch cho các năm từ 1900 đến 2100."

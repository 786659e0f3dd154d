"""The Vietnamese lunar calendar (âm lịch), on which most of Lào Cai's festivals are dated.

Vietnam's calendar is the Chinese lunisolar calendar reckoned at Hanoi's time, UTC+7, not
Beijing's UTC+8: a new moon shortly after midnight in Beijing falls before midnight in Hanoi, so
the two calendars start a month on different days in some years, and then Tết too (1985: 21
January in Vietnam, 20 February in China; 2007: 17 and 18 February). Table-based Chinese calendar
packages (``lunardate``, ``lunarcalendar``) are therefore wrong here.

The conversion is Hồ Ngọc Đức's published astronomical algorithm ("Thuật toán tính âm lịch",
new moons and the sun's longitude after Jean Meeus's formulas, time zone 7), as implemented by
the ``lunar-vn`` package (MIT, typed, no dependencies). We checked it against an ephemeris
(``ephem``: true new moons and principal solar terms at UTC+7) for every month from 1968 to 2100:
the two disagree only on 9 December 2072 and 15 November 2077, where the new moon falls less than
two minutes before midnight, closer than either method can tell. The package's own API is not
ours: it answers a day 30 that a 29-day month lacks with the next month's first day, and ignores a
leap flag in a year without that leap month, so every conversion here is checked by converting
back, and an impossible date is a clear, translated error.

Dates before 1968 are computed at UTC+7 too, although the calendars printed in Vietnam before the
1968 reform followed UTC+8: for festival dates, which are all in the present, this does not
matter.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import lunar_vn
from django.utils.translation import gettext as _

# The Gregorian years lunar-vn computes.
FIRST_YEAR, LAST_YEAR = lunar_vn.SUPPORTED_YEAR_RANGE


class LunarDateError(ValueError):
    """A lunar date that does not exist: a day 30 of a 29-day month, a missing leap month."""


class LunarRangeError(ValueError):
    """A date outside the years the calendar is computed for."""


@dataclass(frozen=True)
class LunarDate:
    """A day of the Vietnamese lunar calendar; a leap month (tháng nhuận) repeats its number."""

    year: int
    month: int
    day: int
    is_leap_month: bool = False


def _range_error() -> LunarRangeError:
    return LunarRangeError(
        _("The lunar calendar is computed only for the years %(first)d to %(last)d.")
        % {"first": FIRST_YEAR, "last": LAST_YEAR}
    )


@lru_cache(maxsize=8192)
def _lunar_from_solar(day: date) -> LunarDate:
    converted = lunar_vn.solar_to_lunar(day)
    return LunarDate(converted.year, converted.month, converted.day, converted.leap)


def lunar_from_solar(day: date) -> LunarDate:
    """The lunar date of a Gregorian day."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _range_error()
    return _lunar_from_solar(day)


@lru_cache(maxsize=8192)
def _solar_or_none(year: int, month: int, day: int, leap: bool) -> date | None:
    """The Gregorian day of a lunar date, or None where that date does not exist.

    Memoised: festival lists ask for the same few dates on every page.
    """
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    try:
        solar = lunar_vn.convert_lunar_to_solar(day, month, year, int(leap))
    except ValueError:
        # A leap flag for a month that is not leap that year, or a result past the last year.
        return None
    if _lunar_from_solar(solar) != LunarDate(year, month, day, leap):
        return None
    return solar


def solar_from_lunar(year: int, month: int, day: int, *, leap: bool = False) -> date:
    """The Gregorian day of a lunar date.

    Raises ``LunarDateError`` (a ``ValueError``) with a message in the user's language for a
    date that does not exist, ``LunarRangeError`` outside the computed years.
    """
    # The first Gregorian year begins in the last months of the lunar year before it.
    if not FIRST_YEAR - 1 <= year <= LAST_YEAR:
        raise _range_error()
    solar = _solar_or_none(year, month, day, leap)
    if solar is not None:
        return solar
    names = {"year": year, "month": month, "day": day}
    if leap and _solar_or_none(year, month, 1, True) is None:
        raise LunarDateError(_("Lunar year %(year)d has no leap month %(month)d.") % names)
    if leap:
        raise LunarDateError(
            _("Leap lunar month %(month)d of %(year)d has no day %(day)d.") % names
        )
    if year < FIRST_YEAR or (year == LAST_YEAR and month >= 11):
        raise _range_error()  # the months that fall partly outside the Gregorian years
    raise LunarDateError(_("Lunar month %(month)d of %(year)d has no day %(day)d.") % names)


def lunar_month_length(year: int, month: int, *, leap: bool = False) -> int | None:
    """How many days (29 or 30) a lunar month has, or None when the year lacks that leap month."""
    try:
        solar_from_lunar(year, month, 1, leap=leap)
    except LunarDateError:
        if leap and 1 <= month <= 12:
            return None
        raise
    return 30 if _solar_or_none(year, month, 30, leap) is not None else 29


def tet(year: int) -> date:
    """Tết Nguyên Đán, the first day of the first lunar month of ``year``."""
    return solar_from_lunar(year, 1, 1)


# The twelve earthly branches (địa chi) that name the days in a cycle of twelve, from Tý.
BRANCHES = 12
# Julian day number = proleptic Gregorian ordinal + this (2025-02-04 is JDN 2,460,711).
_JDN_OF_ORDINAL_ZERO = 1_721_425


def day_branch(day: date) -> int:
    """The earthly branch of ``day``: 0 Tý, 1 Sửu, 2 Dần, 3 Mão, 4 Thìn, 5 Tỵ, 6 Ngọ, 7 Mùi,
    8 Thân, 9 Dậu, 10 Tuất, 11 Hợi. Days run through the branches one after the other, and the
    branch of a day is (its Julian day number + 1) mod 12: the 4th of February 2025 (day 7 of
    the first lunar month of Ất Tỵ), when the Giáy of Quang Kim held Roóng Poọc on "the first
    Thìn day of the year", is a Thìn day."""
    return (day.toordinal() + _JDN_OF_ORDINAL_ZERO + 1) % BRANCHES

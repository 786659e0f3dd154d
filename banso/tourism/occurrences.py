"""When a recurring event takes place: the Gregorian dates of a festival's or a market's rule.

Lào Cai's festivals are dated in the lunar calendar (Gầu Tào of the H'Mông in the first lunar
month, Roóng Poọc of the Giáy, Tết Nhảy of the Dao), its markets by the day of the week (Bắc Hà's
Sunday market, Sa Pa's Saturday-evening love market), a few events by the Gregorian calendar.
These are pure functions over plain rules, so the models, pages and feeds that store and show the
rules all compute dates the same way; they import no model.

Every function yields occurrences in order of their first day, and an occurrence belongs to a
range when any of its days falls in it: a fifteen-day festival under way on the first day of a
range is still on.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import count

from . import lunar

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class LunarRule:
    """Every lunar year, on a day of a lunar month (or the first day of an earthly branch from
    it), for ``duration_days`` days.

    A day 30 in a year whose month has only 29 days falls on the month's last day, the 29th, as
    people keep a "last day of the month" custom. A rule on a leap month (``leap``) takes place
    only in the years that have that leap month; a rule on an ordinary month takes place in the
    ordinary month, also in a year where that month repeats as a leap month.
    """

    month: int
    day: int
    leap: bool = False
    duration_days: int = 1
    # With a branch (0 Tý … 4 Thìn … 11 Hợi, ``lunar.day_branch``), the first day of that branch
    # from the lunar date on: Roóng Poọc of the Giáy falls on the first Thìn day of the year.
    branch: int | None = None

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12 and 1 <= self.day <= 30 and self.duration_days >= 1):
            raise ValueError(f"Not a lunar rule: {self!r}")
        if self.branch is not None and not 0 <= self.branch < lunar.BRANCHES:
            raise ValueError(f"Not an earthly branch (0 = Tý … 11 = Hợi): {self.branch}")


@dataclass(frozen=True)
class WeeklyRule:
    """Every week on ``weekday`` (0 = Monday), with an optional time of day.

    An ``end_time`` not after ``start_time`` ends on the next day: a market from 19:00 to 01:00.
    """

    weekday: int
    start_time: time | None = None
    end_time: time | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"Not a weekday (0 = Monday … 6 = Sunday): {self.weekday}")


@dataclass(frozen=True)
class GregorianRule:
    """Every year on a Gregorian day, for ``duration_days`` days; 29 February falls on the 28th
    in common years."""

    month: int
    day: int
    duration_days: int = 1

    def __post_init__(self) -> None:
        date(2024, self.month, self.day)  # a leap year, so that 29 February is allowed
        if self.duration_days < 1:
            raise ValueError(f"Not a duration: {self.duration_days} days")


Rule = LunarRule | WeeklyRule | GregorianRule


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a rule: its first and last day (inclusive), its hours where it has any."""

    start: date
    end: date
    start_time: time | None = None
    end_time: time | None = None


def occurrences_between(rule: Rule, start: date, end: date) -> list[Occurrence]:
    """Every occurrence of ``rule`` with a day between ``start`` and ``end`` (inclusive)."""
    found = []
    for occurrence in _occurrences_from(rule, start):
        if occurrence.start > end:
            break
        found.append(occurrence)
    return found


def occurrences_in_year(rule: Rule, year: int) -> list[Occurrence]:
    """Every occurrence of ``rule`` with a day in the Gregorian ``year``.

    A lunar rule's occurrence is in the year in which its days fall, not in its lunar year: an
    event of the 12th lunar month of lunar year 2026 takes place in January 2027.
    """
    return occurrences_between(rule, date(year, 1, 1), date(year, 12, 31))


def next_occurrence(rule: Rule, day: date) -> Occurrence | None:
    """The first occurrence of ``rule`` not over by ``day``: one under way on ``day`` counts.

    None when there is none in the years the lunar calendar is computed for.
    """
    return next(_occurrences_from(rule, day), None)


def _occurrences_from(rule: Rule, day: date) -> Iterator[Occurrence]:
    """The occurrences of ``rule`` that end on ``day`` or later, in order."""
    if isinstance(rule, WeeklyRule):
        occurrences = _weekly(rule, day - ONE_DAY)  # an evening that ends after midnight
    elif isinstance(rule, LunarRule):
        occurrences = _lunar(rule, day - timedelta(days=rule.duration_days))
    else:
        occurrences = _gregorian(rule, day - timedelta(days=rule.duration_days))
    return (occurrence for occurrence in occurrences if occurrence.end >= day)


def _weekly(rule: WeeklyRule, day: date) -> Iterator[Occurrence]:
    first = day + timedelta(days=(rule.weekday - day.weekday()) % 7)
    overnight = (
        rule.start_time is not None
        and rule.end_time is not None
        and rule.end_time <= rule.start_time
    )
    for week in count():
        start = first + timedelta(weeks=week)
        end = start + ONE_DAY if overnight else start
        yield Occurrence(start, end, rule.start_time, rule.end_time)


def _lunar(rule: LunarRule, day: date) -> Iterator[Occurrence]:
    # A lunar year begins in January or February of the Gregorian year of the same number.
    for year in range(max(day.year - 1, lunar.FIRST_YEAR), lunar.LAST_YEAR + 1):
        try:
            length = lunar.lunar_month_length(year, rule.month, leap=rule.leap)
        except lunar.LunarRangeError:
            return
        if length is None:
            continue  # no such leap month this year
        start = lunar.solar_from_lunar(year, rule.month, min(rule.day, length), leap=rule.leap)
        if rule.branch is not None:
            start += timedelta(days=(rule.branch - lunar.day_branch(start)) % lunar.BRANCHES)
        yield Occurrence(start, start + timedelta(days=rule.duration_days - 1))


def _gregorian(rule: GregorianRule, day: date) -> Iterator[Occurrence]:
    for year in range(day.year, date.max.year + 1):
        try:
            start = date(year, rule.month, rule.day)
        except ValueError:  # 29 February in a common year
            start = date(year, rule.month, rule.day - 1)
        yield Occurrence(start, start + timedelta(days=rule.duration_days - 1))

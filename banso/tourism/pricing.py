"""The price of a stay, night by night.

A night's price is the first rule of the room type that holds it, in this order: a range of
dates, then Tết (computed from the lunar calendar for each year), then a season (every year,
from one day and month to another, possibly across the new year), and otherwise the room type's
own price. Friday and Saturday nights take the weekend price of that rule (or of the room type)
when one is set. The longest minimum stay among the rules of the nights applies.
"""

import datetime
from dataclasses import dataclass

from banso.tourism.models import RateRule, RateRuleKind, RoomType

FRIDAY, SATURDAY = 4, 5


@dataclass(frozen=True)
class NightPrice:
    date: datetime.date
    rate_vnd: int
    rule: str  # the rule's name, "" for the room type's own price


@dataclass(frozen=True)
class StayQuote:
    nights: list[NightPrice]
    rooms: int
    min_nights: int

    @property
    def total_vnd(self) -> int:
        return sum(night.rate_vnd for night in self.nights) * self.rooms

    @property
    def night_count(self) -> int:
        return len(self.nights)


def stay_dates(check_in: datetime.date, check_out: datetime.date) -> list[datetime.date]:
    """The nights of a stay: every date from check-in to the day before check-out."""
    return [check_in + datetime.timedelta(days=n) for n in range((check_out - check_in).days)]


def _tet_window(rule: RateRule, year: int) -> tuple[datetime.date, datetime.date]:
    from banso.tourism.lunar import tet

    first_day = tet(year)
    return (
        first_day - datetime.timedelta(days=rule.days_before),
        first_day + datetime.timedelta(days=rule.days_after),
    )


def tet_nights(rule: RateRule, *, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last night a Tết rule prices at the coming Tết (or the one going on
    ``today``), for the host's page."""
    start, end = _tet_window(rule, today.year)
    if end <= today:
        start, end = _tet_window(rule, today.year + 1)
    return start, end - datetime.timedelta(days=1)


def _in_season(rule: RateRule, day: datetime.date) -> bool:
    start = (rule.start_month, rule.start_day)
    end = (rule.end_month, rule.end_day)
    here = (day.month, day.day)
    if start <= end:
        return start <= here <= end
    return here >= start or here <= end  # a season across the new year (December to February)


def _holds(rule: RateRule, day: datetime.date) -> bool:
    if rule.kind == RateRuleKind.DATES:
        return rule.start_date <= day <= rule.end_date  # type: ignore[operator]
    if rule.kind == RateRuleKind.TET:
        # Tết falls in January or February: a night of December may belong to next year's.
        return any(
            start <= day < end
            for start, end in (_tet_window(rule, day.year), _tet_window(rule, day.year + 1))
        )
    return _in_season(rule, day)


_PRECEDENCE: dict[str, int] = {RateRuleKind.DATES: 0, RateRuleKind.TET: 1, RateRuleKind.SEASON: 2}


def stay_quote(
    room_type: RoomType,
    *,
    check_in: datetime.date,
    check_out: datetime.date,
    rooms: int = 1,
    rules: list[RateRule] | None = None,
) -> StayQuote:
    """The price of ``rooms`` of ``room_type`` for the nights from ``check_in`` to
    ``check_out``. ``rules`` may be given when already read (a list page reads them once)."""
    if rules is None:
        rules = list(room_type.rate_rules.all())
    ordered = sorted(rules, key=lambda rule: (_PRECEDENCE[rule.kind], rule.pk or 0))
    nights = []
    min_nights = room_type.min_nights
    for day in stay_dates(check_in, check_out):
        rule = next((rule for rule in ordered if _holds(rule, day)), None)
        weekend = day.weekday() in (FRIDAY, SATURDAY)
        if rule is None:
            rate = (weekend and room_type.weekend_rate_vnd) or room_type.rate_vnd
            nights.append(NightPrice(day, rate, ""))
            continue
        rate = (weekend and rule.weekend_rate_vnd) or rule.rate_vnd
        nights.append(NightPrice(day, rate, rule.name or str(rule.get_kind_display())))
        min_nights = max(min_nights, rule.min_nights or 0)
    return StayQuote(nights=nights, rooms=rooms, min_nights=min_nights)

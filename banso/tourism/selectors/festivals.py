"""Festivals and market days as visitors see them: the published ones, with their next dates
computed from their rules (``banso.tourism.occurrences``), never stored."""

import datetime
from dataclasses import dataclass

from banso.tourism.models import Festival, FestivalRule
from banso.tourism.occurrences import (
    GregorianRule,
    LunarRule,
    Occurrence,
    Rule,
    WeeklyRule,
    next_occurrence,
    occurrences_between,
)


@dataclass(frozen=True)
class FestivalDates:
    festival: Festival
    next: Occurrence


def festival_rule(festival: Festival) -> Rule:
    """The rule of ``festival`` as ``occurrences`` reads it."""
    if festival.rule == FestivalRule.WEEKLY:
        return WeeklyRule(
            weekday=festival.weekday or 0,
            start_time=festival.starts_at_time,
            end_time=festival.ends_at_time,
        )
    month, day = festival.month or 1, festival.day or 1
    if festival.rule == FestivalRule.LUNAR:
        return LunarRule(
            month=month,
            day=day,
            leap=festival.is_leap_month,
            duration_days=festival.duration_days,
            branch=festival.day_branch,
        )
    return GregorianRule(month=month, day=day, duration_days=festival.duration_days)


def festivals_public():
    return Festival.objects.filter(is_published=True).select_related("unit", "place")


def festivals_upcoming(
    *, today: datetime.date, within_days: int = 366, limit: int | None = None
) -> list[FestivalDates]:
    """The published festivals and markets that take place from ``today`` to ``within_days``
    later, soonest first (one under way today counts), each with its next dates. One query;
    the dates are computed in Python (a few microseconds a rule)."""
    last = today + datetime.timedelta(days=within_days)
    found = []
    for festival in festivals_public():
        occurrence = next_occurrence(festival_rule(festival), today)
        if occurrence is not None and occurrence.start <= last:
            found.append(FestivalDates(festival, occurrence))
    found.sort(key=lambda item: (item.next.start, item.festival.name_sort))
    return found[:limit] if limit is not None else found


def festival_public_get(slug: str) -> Festival:
    """A published festival; ``Festival.DoesNotExist`` otherwise."""
    return festivals_public().select_related("unit__parent").get(slug=slug)


def festival_dates(festival: Festival, *, today: datetime.date, count: int = 3) -> list[Occurrence]:
    """The next ``count`` occurrences of ``festival`` (weekly markets: the next weeks; yearly
    festivals: the next years)."""
    rule = festival_rule(festival)
    horizon = 7 * count if festival.rule == FestivalRule.WEEKLY else 366 * count
    return occurrences_between(rule, today, today + datetime.timedelta(days=horizon))[:count]

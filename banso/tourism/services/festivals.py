"""Festivals and market days: written by the officers of their commune or province.

A festival is stored as its rule (a lunar date, a weekday, a solar date), never as dates typed
year by year: the Gregorian dates are computed from the rule (``banso.tourism.occurrences``).
Its commune may be a commune or a larger unit (a festival of the whole province).
"""

import datetime
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from banso.accounts.rules import officer_covers_unit
from banso.places.models import AdministrativeUnit
from banso.tourism.models import Festival, FestivalRule, Place
from banso.tourism.services.common import changes_apply, name_set, row_save, slug_new


class FestivalDetails(TypedDict, total=False):
    story: str
    people: str
    place: Place | None
    month: int | None
    day: int | None
    is_leap_month: bool
    day_branch: int | None
    weekday: int | None
    duration_days: int
    starts_at_time: datetime.time | None
    ends_at_time: datetime.time | None
    is_published: bool


class FestivalData(FestivalDetails, total=False):
    name: str
    slug: str
    unit: AdministrativeUnit
    rule: str


FESTIVAL_FIELDS = frozenset(FestivalData.__annotations__)


def _require_write(actor, unit: AdministrativeUnit) -> None:
    allowed = actor is not None and actor.has_perm("tourism.change_festival")
    if allowed and not actor.is_superuser:
        allowed = officer_covers_unit(actor, unit)
    if not allowed:
        raise PermissionDenied(
            _("Only an officer of the festival's commune or province may do this.")
        )


def _save(festival: Festival) -> Festival:
    name_set(festival)
    if not festival.unit.is_current:
        raise ValidationError({"unit": _("Choose a current commune, ward or province.")})
    if festival.rule == FestivalRule.WEEKLY:
        festival.month = festival.day = None
        festival.is_leap_month = False
    else:
        festival.weekday = None
    if festival.rule != FestivalRule.LUNAR:
        festival.day_branch = None  # the branches name the days of the lunar calendar's rules
    if festival.rule == FestivalRule.SOLAR:
        festival.is_leap_month = False
    if festival.rule == FestivalRule.SOLAR and festival.month and festival.day:
        try:
            datetime.date(2024, festival.month, festival.day)  # a leap year: 29 February exists
        except ValueError:
            raise ValidationError({"day": _("This month has no such day.")}) from None
    if festival.rule == FestivalRule.LUNAR and festival.day is not None and festival.day > 30:
        raise ValidationError({"day": _("A lunar month has at most 30 days.")})
    row_save(festival, slug_taken=_("Another festival has this short address."))
    return festival


def festival_create(
    *,
    actor,
    name: str,
    unit: AdministrativeUnit,
    rule: str,
    slug: str = "",
    **fields: Unpack[FestivalDetails],
) -> Festival:
    _require_write(actor, unit)
    festival = Festival(name=name, unit=unit, rule=rule)
    changes_apply(festival, fields, FESTIVAL_FIELDS)
    festival.slug = (
        slugify(slug) if slug else slug_new(name, Festival.objects.all(), fallback="festival")
    )
    return _save(festival)


def festival_update(*, actor, festival: Festival, **changes: Unpack[FestivalData]) -> Festival:
    _require_write(actor, festival.unit)
    changes_apply(festival, changes, FESTIVAL_FIELDS)
    _require_write(actor, festival.unit)
    return _save(festival)

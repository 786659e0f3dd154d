"""What a host changes about a room type from the back office, beyond the nights
(``banso.tourism.services.inventory``) and the bookings (``banso.tourism.services.bookings``):
its usual prices and number of rooms, and its price rules.

A price rule (``RateRule``) is a price for some nights instead of the room type's own: a season
that comes back every year (from a day and month to another, possibly across the new year), a
range of dates, or Tết, whose nights follow the lunar calendar. Each kind is read by
``banso.tourism.pricing`` from its own fields only, so a rule is saved with the fields of its
kind, all of them, and nothing of another kind's: a season needs a real day of each month, a
range of dates ends on or after its first night and not in the past, Tết's nights around the
first day of the lunar year are at least one and at most a month on either side.
"""

import calendar
import datetime
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.tourism.models import RateRule, RateRuleKind, RoomType
from banso.tourism.services.listings import room_type_update

# Nights priced for Tết on either side of its first day: a month is more than any host asks.
TET_LONGEST_SIDE_NIGHTS = 30
# The year of the calendar a season's day is checked against: a leap year, so 29 February is a
# day of a season.
_LEAP_YEAR = 2024

# The fields each kind of rule reads, and must have.
RATE_RULE_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    RateRuleKind.SEASON: ("start_day", "start_month", "end_day", "end_month"),
    RateRuleKind.DATES: ("start_date", "end_date"),
    RateRuleKind.TET: ("days_before", "days_after"),
}


@transaction.atomic
def room_type_rates_update(
    *,
    actor,
    room_type: RoomType,
    rate_vnd: int,
    weekend_rate_vnd: int | None,
    min_nights: int,
    quantity: int,
) -> RoomType:
    """Change the usual price, the weekend price, the minimum stay and the number of rooms.

    The number of rooms is also every future night's capacity: the nights are brought in step
    in the same transaction as the room type, so a refusal (more rooms booked on a night than
    the new number) leaves both as they were (``room_type_update``, which checks that
    ``actor`` manages the stay). Bookings already made keep their prices.
    """
    return room_type_update(
        actor=actor,
        room_type=RoomType.objects.select_related("lodging").get(pk=room_type.pk),
        rate_vnd=rate_vnd,
        weekend_rate_vnd=weekend_rate_vnd,
        min_nights=min_nights,
        quantity=quantity,
    )


class RateRuleData(TypedDict, total=False):
    """What a price rule may be made with besides its kind and price; each kind takes its own
    fields (``RATE_RULE_KIND_FIELDS``)."""

    name: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    start_month: int | None
    start_day: int | None
    end_month: int | None
    end_day: int | None
    days_before: int | None
    days_after: int | None
    weekend_rate_vnd: int | None
    min_nights: int | None


RATE_RULE_FIELDS = frozenset(RateRuleData.__annotations__)


def _require_room_type_manage(actor, room_type: RoomType) -> None:
    if actor is None or not actor.has_perm("tourism.change_roomtype", room_type.lodging):
        raise PermissionDenied(_("You may not manage this organisation's stays and tours."))


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _kind_fields_check(kind: str, fields: RateRuleData) -> None:
    """Every field of the kind given; none of another kind's."""
    own = RATE_RULE_KIND_FIELDS[kind]
    errors: dict[str, list[ValidationError]] = {}
    for name in own:
        if fields.get(name) is None:
            errors[name] = [ValidationError(_("This kind of price needs it."), code="required")]
    for other_kind, names in RATE_RULE_KIND_FIELDS.items():
        if other_kind == kind:
            continue
        for name in names:
            if fields.get(name) is not None:
                errors[name] = [
                    ValidationError(_("This kind of price does not use it."), code="other_kind")
                ]
    if errors:
        raise ValidationError(errors)


def _season_check(rule: RateRule) -> None:
    for day_field, month_field in (("start_day", "start_month"), ("end_day", "end_month")):
        day, month = getattr(rule, day_field), getattr(rule, month_field)
        if 1 <= month <= 12 and not 1 <= day <= calendar.monthrange(_LEAP_YEAR, month)[1]:
            raise _field_error(
                day_field,
                _("Month %(month)d has no day %(day)d.") % {"month": month, "day": day},
                "no_such_day",
            )


def _dates_check(rule: RateRule, today: datetime.date) -> None:
    assert rule.start_date is not None and rule.end_date is not None
    if rule.end_date < rule.start_date:
        raise _field_error("end_date", _("The last night cannot be before the first."), "order")
    if rule.end_date < today:
        raise _field_error("end_date", _("These nights are already past."), "past")


def _tet_check(rule: RateRule) -> None:
    for name in ("days_before", "days_after"):
        if getattr(rule, name) > TET_LONGEST_SIDE_NIGHTS:
            raise _field_error(
                name,
                _("At most %(nights)d nights.") % {"nights": TET_LONGEST_SIDE_NIGHTS},
                "too_long",
            )
    if rule.days_before + rule.days_after < 1:
        raise _field_error("days_after", _("Price at least one night."), "no_nights")


def rate_rule_add(
    *, actor, room_type: RoomType, kind: str, rate_vnd: int, **fields: Unpack[RateRuleData]
) -> RateRule:
    """Add a price rule of ``kind`` to the room type, with the fields of its kind; refused
    field by field (in the person's language) when one is missing, of another kind, or not a
    night that can be priced. Bookings already made keep their prices."""
    _require_room_type_manage(actor, room_type)
    unknown = set(fields) - RATE_RULE_FIELDS
    if unknown:
        raise TypeError(f"a price rule has no {sorted(unknown)}")
    if kind not in RATE_RULE_KIND_FIELDS:
        raise _field_error("kind", _("Choose a kind of price from the list."), "kind")
    _kind_fields_check(kind, fields)
    if not fields.get("weekend_rate_vnd"):
        fields["weekend_rate_vnd"] = None
    rule = RateRule(
        room_type=room_type,
        kind=kind,
        rate_vnd=rate_vnd,
        **{name: value for name, value in fields.items() if value is not None},
    )
    rule.name = " ".join(rule.name.split())
    if kind == RateRuleKind.SEASON:
        _season_check(rule)
    elif kind == RateRuleKind.DATES:
        _dates_check(rule, timezone.localdate())
    else:
        _tet_check(rule)
    rule.full_clean()
    rule.save()
    return rule


def rate_rule_delete(*, actor, rule: RateRule) -> None:
    """Remove a price rule; bookings already made keep the prices they were made with."""
    _require_room_type_manage(actor, rule.room_type)
    rule.delete()

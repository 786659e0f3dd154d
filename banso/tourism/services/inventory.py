"""Nights of room types: taken by bookings, closed by hosts, blocked by other channels.

Every change is one conditional UPDATE per night, in date order (so that two writers never lock
each other out), after the rows of the nights exist (created with ``ignore_conflicts``, so two
writers creating the same night both go on). A night is taken only when it has the rooms
(``capacity - booked - closed - blocked >= rooms``), inside the caller's transaction: when one
night cannot be had, the caller rolls back every night it took.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from banso.tourism.models import RoomNight, RoomType


def night_rows_ensure(room_type: RoomType, dates: list[datetime.date]) -> None:
    """Make the rows of ``dates`` that do not exist yet, each with the room type's quantity as
    its capacity; two writers making the same night both go on (``ignore_conflicts``)."""
    RoomNight.objects.bulk_create(
        [RoomNight(room_type=room_type, date=day, capacity=room_type.quantity) for day in dates],
        ignore_conflicts=True,
    )


def nights_take(*, room_type: RoomType, dates: Iterable[datetime.date], rooms: int) -> None:
    """Take ``rooms`` rooms on each of ``dates``, or raise (code ``full``) naming the first
    night that has not enough free rooms. Call inside a transaction."""
    ordered = sorted(set(dates))
    night_rows_ensure(room_type, ordered)
    for day in ordered:
        taken = RoomNight.objects.filter(
            room_type=room_type,
            date=day,
            booked__lte=F("capacity") - F("closed") - F("blocked") - rooms,
        ).update(booked=F("booked") + rooms)
        if taken != 1:
            raise ValidationError(
                _("The night of %(date)s is no longer free: choose other dates.")
                % {"date": date_format(day, "SHORT_DATE_FORMAT")},
                code="full",
            )


def nights_release(*, room_type_id: int, dates: Iterable[datetime.date], rooms: int) -> None:
    """Give back ``rooms`` rooms on each of ``dates`` (a booking cancelled or ended early)."""
    RoomNight.objects.filter(
        room_type_id=room_type_id, date__in=sorted(set(dates)), booked__gte=rooms
    ).update(booked=F("booked") - rooms)


@transaction.atomic
def nights_close(
    *, room_type: RoomType, dates: Iterable[datetime.date], rooms: int | None = None
) -> None:
    """Close ``rooms`` rooms (all free ones when None) of ``room_type`` on ``dates``: the host
    keeps them for family, repairs or guests from elsewhere. Rooms already booked stay booked."""
    ordered = sorted(set(dates))
    night_rows_ensure(room_type, ordered)
    for night in (
        RoomNight.objects.select_for_update()
        .filter(room_type=room_type, date__in=ordered)
        .order_by("date")
    ):
        wanted = night.capacity - night.booked if rooms is None else rooms
        night.closed = max(0, min(wanted, night.capacity - night.booked))
        night.save(update_fields=["closed"])


@transaction.atomic
def nights_open(*, room_type: RoomType, dates: Iterable[datetime.date]) -> None:
    """Open again the rooms the host closed on ``dates``."""
    RoomNight.objects.filter(room_type=room_type, date__in=sorted(set(dates))).update(closed=0)


def capacity_change(*, room_type: RoomType, quantity: int, today: datetime.date) -> None:
    """Bring future nights in step with a new number of rooms, refusing to go below the rooms
    already booked (or closed) on any of them. Call inside a transaction."""
    nights = RoomNight.objects.select_for_update().filter(room_type=room_type, date__gte=today)
    crowded = nights.filter(booked__gt=quantity).order_by("date").first()
    if crowded is not None:
        message = _(
            "%(booked)s rooms are booked on the night of %(date)s: the room type cannot have fewer."
        ) % {"booked": crowded.booked, "date": date_format(crowded.date, "SHORT_DATE_FORMAT")}
        raise ValidationError({"quantity": ValidationError(message, code="booked")})
    nights.update(capacity=quantity)
    nights.filter(closed__gt=quantity - F("booked")).update(closed=quantity - F("booked"))

"""What is free: room types with the rooms a party needs on every night of a stay.

A party of ``guests`` needs ``ceil(guests / max_guests)`` rooms of a room type; a room type is
free when no night of the stay has fewer free rooms than that (nights without a row are wholly
free). One query, whose subquery walks the (room type, night) index of the nights that exist,
so the search stays fast with a year of bookings (``bench/tourism_availability.py``).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Value

from banso.tourism.models import ListingStatus, Lodging, RoomNight, RoomType


@dataclass(frozen=True)
class StaySearch:
    check_in: datetime.date
    check_out: datetime.date
    guests: int

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days


def _bookable_room_types() -> QuerySet[RoomType]:
    return RoomType.objects.filter(
        is_active=True,
        lodging__status=ListingStatus.APPROVED,
        lodging__organisation__is_active=True,
    )


def room_types_free(search: StaySearch, room_types: QuerySet[RoomType] | None = None):
    """The room types (of ``room_types``, by default all bookable ones) with enough free rooms
    for ``search.guests`` on every night, annotated with ``rooms_needed``."""
    room_types = _bookable_room_types() if room_types is None else room_types
    needed = (Value(search.guests) + F("max_guests") - 1) / F("max_guests")
    short_night = RoomNight.objects.filter(
        room_type=OuterRef("pk"),
        date__gte=search.check_in,
        date__lt=search.check_out,
    ).filter(Q(capacity__lt=F("booked") + F("closed") + F("blocked") + OuterRef("rooms_needed")))
    return (
        room_types.filter(min_nights__lte=search.nights)
        .annotate(rooms_needed=needed)
        .filter(rooms_needed__lte=F("quantity"))
        .exclude(Exists(short_night))
    )


@dataclass(frozen=True)
class FreeStays:
    """A page of the stays free for a search: how many there are in all, and the page's
    (stay id, lowest usual price a night of its free room types), cheapest first."""

    count: int
    rows: list[tuple[int, int]]


def lodgings_free(
    search: StaySearch,
    lodgings: QuerySet[Lodging],
    *,
    offset: int = 0,
    limit: int = 20,
    max_rate_vnd: int | None = None,
) -> FreeStays:
    """The stays of ``lodgings`` with a room type free for ``search``, cheapest first.

    One pass: the free room types grouped by stay with their lowest price, sorted by the
    database; the count is the number of groups. (Checking each stay for a free room type and
    then looking up its price runs the nights' subquery two or three times a stay.)"""
    grouped = lodgings_free_query(search, lodgings)
    if max_rate_vnd is not None:
        grouped = grouped.filter(low__lte=max_rate_vnd)
    rows = [(lodging_id, low) for lodging_id, low in grouped]
    return FreeStays(count=len(rows), rows=rows[offset : offset + limit])


def lodgings_free_query(search: StaySearch, lodgings: QuerySet[Lodging]):
    """The query of :func:`lodgings_free`: (stay id, lowest price) of every stay of
    ``lodgings`` with a free room type, cheapest first."""
    free = room_types_free(search, _bookable_room_types().filter(lodging__in=lodgings))
    return (
        free.order_by()
        .values_list("lodging_id")
        .annotate(low=Min("rate_vnd"))
        .order_by("low", "lodging_id")
    )

"""Reads of the guest's booking pages: what may be booked, and a booking by its secret link."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from banso.tourism.models import (
    Booking,
    ListingStatus,
    Lodging,
    RoomType,
    Tour,
    TourDeparture,
)
from banso.tourism.pricing import StayQuote, stay_quote
from banso.tourism.selectors.availability import StaySearch, room_types_free


def lodging_bookable(slug: str) -> Lodging:
    """An approved stay of an active organisation by its address, or 404."""
    return get_object_or_404(
        Lodging.objects.select_related("organisation", "unit"),
        slug=slug,
        status=ListingStatus.APPROVED,
        organisation__is_active=True,
    )


def departure_bookable(*, slug: str, departure_pk: int) -> TourDeparture:
    return get_object_or_404(
        TourDeparture.objects.select_related("tour__organisation"),
        pk=departure_pk,
        tour__slug=slug,
        tour__status=ListingStatus.APPROVED,
        tour__organisation__is_active=True,
        is_cancelled=False,
    )


def tour_requestable(slug: str) -> Tour:
    """An approved tour taking private requests, or 404."""
    return get_object_or_404(
        Tour.objects.select_related("organisation"),
        slug=slug,
        status=ListingStatus.APPROVED,
        organisation__is_active=True,
        private_on_request=True,
    )


@dataclass(frozen=True)
class RoomOffer:
    room_type: RoomType
    rooms: int
    quote: StayQuote


def lodging_offers(lodging: Lodging, search: StaySearch) -> list[RoomOffer]:
    """The room types of ``lodging`` free for ``search``, each with the rooms the party needs
    and the price of the stay; cheapest first."""
    free: QuerySet[RoomType] = room_types_free(
        search, RoomType.objects.filter(lodging=lodging, is_active=True)
    ).prefetch_related("rate_rules")
    offers = []
    for room_type in free:
        rooms: int = room_type.rooms_needed  # type: ignore[attr-defined]  # annotated
        quote = stay_quote(
            room_type,
            check_in=search.check_in,
            check_out=search.check_out,
            rooms=rooms,
            rules=list(room_type.rate_rules.all()),
        )
        offers.append(RoomOffer(room_type=room_type, rooms=rooms, quote=quote))
    return sorted(offers, key=lambda offer: (offer.quote.total_vnd, offer.room_type.pk))


def booking_for_guest(*, code: str, token: str) -> Booking:
    """A booking by its code and the secret of the guest's link, or 404: the code alone (on a
    bank slip, said on the phone) shows nothing."""
    return get_object_or_404(
        Booking.objects.select_related(
            "organisation", "room_type__lodging", "tour", "departure", "unit", "review"
        ),
        code=code.upper(),
        guest_token=token,
    )

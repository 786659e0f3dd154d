"""Stays and tours made straight in the database, approved and bookable, for booking tests."""

import datetime

from django.utils import timezone

from banso.common.text import fold
from banso.orgs.models import Organisation
from banso.tourism.models import ListingStatus, Lodging, RoomType, Tour, TourDeparture

BANK = {"bank_bin": "970436", "bank_account_number": "0011001234567", "bank_account_name": "HTX"}


def bank_account_give(organisation: Organisation) -> Organisation:
    Organisation.objects.filter(pk=organisation.pk).update(**BANK)
    organisation.refresh_from_db()
    return organisation


def homestay_make(organisation: Organisation, *, slug: str = "nha-sung", **fields) -> Lodging:
    values = {
        "name": "Homestay Nhà Sùng",
        "unit": organisation.unit,
        "latitude": 22.6,
        "longitude": 104.1,
        "phone": "0912000111",
        "status": ListingStatus.APPROVED,
        **fields,
    }
    lodging = Lodging(organisation=organisation, slug=slug, **values)
    lodging.name_folded = fold(lodging.name)
    lodging.full_clean()
    lodging.save()
    return lodging


def room_make(lodging: Lodging, **fields) -> RoomType:
    values = {"name": "Phòng đôi", "quantity": 1, "max_guests": 2, "rate_vnd": 500_000, **fields}
    room = RoomType(lodging=lodging, **values)
    room.full_clean()
    room.save()
    return room


def trek_make(organisation: Organisation, *, slug: str = "trek-y-ty", **fields) -> Tour:
    values = {
        "name": "Trekking Y Tý",
        "kind": "trek",
        "unit": organisation.unit,
        "meeting_point": "Chợ Y Tý",
        "duration_minutes": 360,
        "price_vnd": 400_000,
        "phone": "0912000222",
        "status": ListingStatus.APPROVED,
        **fields,
    }
    tour = Tour(organisation=organisation, slug=slug, **values)
    tour.name_folded = fold(tour.name)
    tour.full_clean()
    tour.save()
    return tour


def departure_make(tour: Tour, *, days_ahead: int = 10, capacity: int = 8) -> TourDeparture:
    starts = timezone.now().replace(hour=1, minute=0, second=0, microsecond=0)
    departure = TourDeparture(
        tour=tour, starts_at=starts + datetime.timedelta(days=days_ahead), capacity=capacity
    )
    departure.full_clean()
    departure.save()
    return departure

"""Fixtures of the hosts' back office tests: the co-operative's homestay with a room type of
two rooms and a trek, and bookings made through the real booking services."""

import datetime

import pytest
from django.utils import timezone

from banso.tourism.models import Booking
from banso.tourism.services.bookings import Guest, stay_book, tour_book
from banso.tourism.tests.stay_makers import (
    bank_account_give,
    departure_make,
    homestay_make,
    room_make,
    trek_make,
)

GUEST = Guest(name="Lò Văn Páo", phone="0912345678", email="pao@example.vn")


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def homestay(coop):
    bank_account_give(coop)
    return homestay_make(coop)


@pytest.fixture
def room(homestay):
    return room_make(homestay, quantity=2, rate_vnd=500_000)


@pytest.fixture
def other_room(other_coop):
    bank_account_give(other_coop)
    return room_make(homestay_make(other_coop, slug="nha-bac-ha", name="Homestay Bắc Hà"))


@pytest.fixture
def trek(coop):
    bank_account_give(coop)
    return trek_make(coop)


def stay(room, start: int = 10, end: int = 12, **fields) -> Booking:
    values = {"adults": 2, "guest": GUEST, "payment": "vietqr_deposit", **fields}
    return stay_book(room_type=room, check_in=day(start), check_out=day(end), **values)


def tour(trek, *, days_ahead: int = 10, **fields) -> Booking:
    values = {"adults": 2, "guest": GUEST, "payment": "on_arrival", **fields}
    return tour_book(departure=departure_make(trek, days_ahead=days_ahead), **values)


def moved(booking: Booking, **fields) -> Booking:
    """The booking with its dates or state set straight in the database, as time would have
    moved them (a stay that began yesterday, a tour of today)."""
    Booking.objects.filter(pk=booking.pk).update(**fields)
    booking.refresh_from_db()
    return booking

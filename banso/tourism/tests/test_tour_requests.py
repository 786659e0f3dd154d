"""Private tours on request: the guest asks for a day, the host gives it a time (a departure of
the group's own, every seat taken) or declines."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from banso.tourism.models import Booking, BookingStatus, TourDeparture
from banso.tourism.services.bookings import (
    Guest,
    booking_decline,
    tour_request,
    tour_request_accept,
)
from banso.tourism.tests.stay_makers import trek_make

pytestmark = pytest.mark.django_db
GUEST = Guest(name="Li Wei", phone="+86 139 1234 5678", language="zh-hans")


@pytest.fixture
def trek(coop):
    return trek_make(coop, private_on_request=True, private_price_vnd=2_500_000)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def ask(trek, days=7, **fields):
    values = {"date": in_days(days), "adults": 4, "guest": GUEST, "payment": "on_arrival"}
    return tour_request(tour=trek, **{**values, **fields})


def test_a_request_takes_nothing_until_the_host_gives_it_a_time(trek):
    booking = ask(trek)
    assert (booking.status, booking.total_vnd, booking.departure) == (
        BookingStatus.REQUESTED,
        2_500_000,
        None,
    )
    assert not TourDeparture.objects.exists()
    leaves = timezone.make_aware(datetime.datetime.combine(in_days(7), datetime.time(7, 30)))
    booking = tour_request_accept(booking=booking, starts_at=leaves)
    assert booking.status == BookingStatus.HELD
    assert (booking.departure.capacity, booking.departure.seats_taken) == (4, 4)
    assert booking.hold_until is not None
    with pytest.raises(ValidationError):
        tour_request_accept(booking=booking, starts_at=leaves)


def test_a_request_for_a_past_day_or_a_tour_without_private_tours_is_refused(trek, coop):
    with pytest.raises(ValidationError):
        ask(trek, days=0)
    plain = trek_make(coop, slug="trek-ta-van")
    with pytest.raises(ValidationError):
        ask(plain)
    assert not Booking.objects.exists()


def test_a_declined_request_is_cancelled(trek):
    booking = booking_decline(booking=ask(trek), note="Mùa mưa")
    assert booking.status == BookingStatus.CANCELLED


def test_the_request_page_and_the_host_taking_it(client, trek, coop_member):
    url = reverse("tourism:tour-request", args=[trek.slug])
    assert client.get(url).status_code == 200
    data = {
        "date": in_days(9).isoformat(),
        "adults": 2,
        "children": 0,
        "guest_name": "Li Wei",
        "guest_phone": "+86 139 1234 5678",
        "payment": "on_arrival",
    }
    response = client.post(url, data)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert booking.status == BookingStatus.REQUESTED
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:booking", args=[booking.code]))
    assert page.status_code == 200
    response = client.post(
        reverse("tourism_host:booking-action", args=[booking.code, "accept"]),
        {"accept-starts_at": f"{in_days(9).isoformat()}T08:00"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HELD
    assert timezone.localtime(booking.departure.starts_at).hour == 8

"""Tourism's part of ``manage.py seed_demo``: Lào Cai's places, homestays, tours and festivals,
all shown to visitors, a booking in each state the host sees, and nothing added by seeding again."""

import datetime
import io
import math

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from banso.accounts.models import User
from banso.tourism.models import (
    Booking,
    BookingKind,
    BookingStatus,
    Festival,
    FestivalRule,
    GuestReview,
    ListingStatus,
    Lodging,
    Place,
    RateRule,
    RoomNight,
    RoomType,
    Tour,
    TourDeparture,
)

COUNTED = [Place, Lodging, RoomType, RateRule, RoomNight, Tour, TourDeparture, Festival]
COUNTED += [Booking, GuestReview]
DEMO_HOST_PHONE = "+84981000013"


def _counts() -> dict[str, int]:
    counts = {model.__name__: model._default_manager.count() for model in COUNTED}
    counts["rooms booked"] = RoomNight.objects.aggregate(n=Sum("booked"))["n"]
    counts["seats taken"] = TourDeparture.objects.aggregate(n=Sum("seats_taken"))["n"]
    return counts


@pytest.fixture
def seeded(demo):
    return demo


def test_seeding_twice_changes_nothing(seeded):
    first = _counts()
    assert first["Place"] == 8 and first["Lodging"] == 6 and first["Tour"] == 4
    assert first["Festival"] == 5 and first["Booking"] == 6
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return 111.2 * math.hypot(lat2 - lat1, (lon2 - lon1) * math.cos(math.radians(lat1)))


def test_everything_is_shown_in_current_communes_of_lao_cai(seeded):
    assert set(Place.objects.values_list("is_published", flat=True)) == {True}
    assert set(Lodging.objects.values_list("status", flat=True)) == {ListingStatus.APPROVED}
    assert set(Tour.objects.values_list("status", flat=True)) == {ListingStatus.APPROVED}
    assert set(Festival.objects.values_list("is_published", flat=True)) == {True}
    for row in [*Place.objects.select_related("unit"), *Lodging.objects.select_related("unit")]:
        assert row.unit.is_current and row.unit.parent.code == "15"
        # Every point lies in (or next to) its commune: within 15 km of the commune's centre.
        assert _km(row.latitude, row.longitude, row.unit.latitude, row.unit.longitude) < 15, row
    for room_type in RoomType.objects.all():
        assert 150_000 <= room_type.rate_vnd <= 900_000 and 1 <= room_type.quantity <= 4
    assert RateRule.objects.filter(kind="tet").count() == 1
    assert RoomType.objects.filter(min_nights=2).exists()
    assert Tour.objects.filter(private_on_request=True).count() == 1
    soon = timezone.now() + datetime.timedelta(days=8 * 7 + 1)
    for tour in Tour.objects.all():
        assert tour.departures.filter(starts_at__gt=timezone.now(), starts_at__lt=soon).count() >= 8
    rules = dict(Festival.objects.values_list("slug", "rule"))
    assert list(rules.values()).count(FestivalRule.WEEKLY) == 2
    assert Festival.objects.get(slug="cho-phien-bac-ha-chu-nhat").weekday == 6


def test_a_booking_in_each_state(seeded):
    stays = Booking.objects.filter(kind=BookingKind.STAY)
    assert sorted(stays.values_list("status", flat=True)) == sorted(
        [
            BookingStatus.HELD,
            BookingStatus.CONFIRMED,
            BookingStatus.CHECKED_IN,
            BookingStatus.COMPLETED,
            BookingStatus.CANCELLED,
        ]
    )
    today = timezone.localdate()
    assert stays.get(status=BookingStatus.CHECKED_IN).check_in == today
    completed = stays.get(status=BookingStatus.COMPLETED)
    assert completed.check_out < today and completed.paid_vnd == completed.total_vnd > 0
    assert completed.review.rating == 5
    assert Booking.objects.get(kind=BookingKind.TOUR).status == BookingStatus.CONFIRMED
    # Nights are held only by the bookings that hold them.
    assert RoomNight.objects.aggregate(n=Sum("booked"))["n"] == sum(
        booking.rooms * booking.night_count
        for booking in stays.exclude(status=BookingStatus.CANCELLED)
    )


def test_the_pages_show_the_demo(seeded, client):
    home = client.get(reverse("tourism:home"))
    assert home.status_code == 200
    assert "Bản Cát Cát" in home.content.decode()
    stay = client.get(reverse("tourism:stay-detail", args=["nha-sinh-ta-van"]))
    assert stay.status_code == 200
    assert "Phòng đôi nhìn ra ruộng" in stay.content.decode()
    festival = client.get(reverse("tourism:festival-detail", args=["roong-pooc-ta-van"]))
    assert festival.status_code == 200


def test_the_held_booking_waits_on_the_demo_hosts_today_page(seeded, client):
    held = Booking.objects.get(status=BookingStatus.HELD)
    host = User.objects.get(phone=DEMO_HOST_PHONE)
    assert held.organisation.memberships.filter(user=host, role="owner").exists()
    client.force_login(host)
    response = client.get(reverse("tourism_host:today"))
    assert response.status_code == 200
    assert held.code in response.content.decode()

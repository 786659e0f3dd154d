"""The guest's booking pages end to end with the Django client."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from banso.tourism.models import Booking, BookingStatus
from banso.tourism.tests.stay_makers import (
    bank_account_give,
    departure_make,
    homestay_make,
    room_make,
    trek_make,
)

pytestmark = pytest.mark.django_db


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def room(coop):
    bank_account_give(coop)
    return room_make(homestay_make(coop), rate_vnd=450_000)


def stay_url(room, start=10, end=12, guests=2, language="vi") -> str:
    with translation.override(language):
        url = reverse("tourism:stay-book", args=[room.lodging.slug])
    return f"{url}?check_in={day(start)}&check_out={day(end)}&guests={guests}"


def booking_data(room, start=10, end=12, **fields) -> dict:
    return {
        "room_type": room.pk,
        "check_in": day(start),
        "check_out": day(end),
        "guests": 2,
        "rooms": 1,
        "adults": 2,
        "children": 0,
        "guest_name": "Nguyễn Thu Hà",
        "guest_phone": "0912 345 678",
        "guest_email": "",
        "payment": "vietqr_deposit",
        **fields,
    }


def test_a_guest_sees_the_free_room_and_its_price(client, room):
    response = client.get(stay_url(room))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Phòng đôi" in text
    assert "900.000\u00a0₫" in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_booking_leads_to_the_booking_page_with_the_vietqr_code(client, room):
    response = client.post(stay_url(room), booking_data(room))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "tourism:booking", args=[booking.code, booking.guest_token]
    )
    page = client.get(response["Location"])
    text = page.content.decode()
    assert booking.code in text
    assert "<svg" in text  # the QR code
    assert "270.000\u00a0₫" in text  # 30 % of 900.000 ₫
    assert booking.guest_phone == "+84912345678"
    png = client.get(reverse("tourism:booking-qr-png", args=[booking.code, booking.guest_token]))
    assert png["Content-Type"] == "image/png"


def test_the_code_alone_shows_nothing(client, room):
    client.post(stay_url(room), booking_data(room))
    booking = Booking.objects.get()
    response = client.get(reverse("tourism:booking", args=[booking.code, "x" * 32]))
    assert response.status_code == 404


def test_a_taken_night_is_no_longer_offered_nor_sold(client, room):
    client.post(stay_url(room), booking_data(room))
    response = client.get(stay_url(room, 11, 13))
    assert "Phòng đôi" not in response.content.decode()
    response = client.post(stay_url(room, 11, 13), booking_data(room, 11, 13))
    assert response.status_code == 409
    assert Booking.objects.count() == 1


def test_bad_input_is_shown_in_english_and_nothing_is_booked(client, room):
    data = booking_data(room, guest_phone="12", guest_name="")
    response = client.post(stay_url(room, language="en"), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "This field is required." in text
    assert not Booking.objects.exists()


def test_the_guest_cancels_and_the_night_is_free_again(client, room):
    client.post(stay_url(room), booking_data(room))
    booking = Booking.objects.get()
    response = client.post(
        reverse("tourism:booking-cancel", args=[booking.code, booking.guest_token]), follow=True
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert "Đã huỷ đặt chỗ của bạn." in response.content.decode()
    assert client.post(stay_url(room), booking_data(room)).status_code == 302


def test_a_tour_seat_is_booked(client, coop):
    departure = departure_make(trek_make(coop), capacity=4)
    url = reverse("tourism:tour-book", args=[departure.tour.slug, departure.pk])
    data = {"adults": 2, "children": 1, "guest_name": "Li Wei", "guest_phone": "+86 139 1234 5678"}
    response = client.post(url, {**data, "payment": "on_arrival"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.seats, booking.total_vnd) == (3, 1_200_000)
    response = client.post(url, {**data, "adults": 2, "payment": "on_arrival"})
    assert response.status_code == 409


def test_the_stays_list_with_dates_shows_only_what_is_free_and_links_to_booking(client, room):
    other = room_make(homestay_make(room.lodging.organisation, slug="nha-ly", name="Nhà Lý"))
    with translation.override("vi"):
        url = reverse("tourism:stay-list")
    search = f"{url}?check_in={day(10)}&check_out={day(12)}&guests=2"
    text = client.get(search).content.decode()
    assert "Homestay Nhà Sùng" in text and "Nhà Lý" in text
    client.post(stay_url(room), booking_data(room))
    response = client.get(search)
    text = response.content.decode()
    assert "Homestay Nhà Sùng" not in text  # its only room is taken: the list is not kept
    assert "Nhà Lý" in text
    assert f"/tourism/stays/nha-ly/book/?check_in={day(10)}" in text
    assert response["Cache-Control"] == "private, no-cache"
    assert other.lodging.slug == "nha-ly"


def test_the_stays_list_says_what_is_wrong_with_the_dates(client, room):
    with translation.override("en"):
        url = reverse("tourism:stay-list")
    response = client.get(f"{url}?check_in={day(12)}&check_out={day(10)}&guests=2")
    assert "Check-out must be after check-in." in response.content.decode()


def test_the_stays_list_refuses_the_dates_a_booking_would_refuse(client, room):
    """The search applies the booking's own date rules: no search shows stays that the next
    step would refuse to book, and the words are the same."""
    url = reverse("tourism:stay-list")
    response = client.get(
        f"{url}?check_in={day(800)}&check_out={day(802)}&guests=2",
        headers={"accept-language": "vi"},
    )
    text = response.content.decode()
    assert "Chỉ nhận đặt trước tối đa khoảng mười tám tháng." in text
    assert "/book/?check_in=" not in text

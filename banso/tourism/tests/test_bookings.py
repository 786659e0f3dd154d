"""Booking services against the real database: holds, states, money, refunds, inventory."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from banso.tourism.models import Booking, BookingStatus, CancelledBy, RoomNight, TourDeparture
from banso.tourism.selectors.availability import (
    StaySearch,
    lodgings_free,
    room_types_free,
)
from banso.tourism.services.bookings import (
    Guest,
    booking_cancel,
    booking_check_in,
    booking_complete,
    booking_confirm,
    booking_decline,
    booking_no_show,
    holds_expire,
    payment_choices,
    stay_book,
    tour_book,
)
from banso.tourism.services.inventory import capacity_change, nights_close
from banso.tourism.tests.stay_makers import (
    bank_account_give,
    departure_make,
    homestay_make,
    room_make,
    trek_make,
)

pytestmark = pytest.mark.django_db
GUEST = Guest(name="Anna Schmidt", phone="+49 151 23456789", email="anna@example.de", language="en")


def codes(error: ValidationError) -> set[str | None]:
    """The codes of an error, raised for one field or for the whole booking."""
    if hasattr(error, "error_dict"):
        return {item.code for items in error.error_dict.values() for item in items}
    return {item.code for item in error.error_list}


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def homestay(coop):
    bank_account_give(coop)
    return homestay_make(coop)


@pytest.fixture
def room(homestay):
    return room_make(homestay, weekend_rate_vnd=600_000)


def book(room, start=10, end=12, **fields):
    values = {"adults": 2, "guest": GUEST, "payment": "vietqr_deposit", **fields}
    return stay_book(room_type=room, check_in=day(start), check_out=day(end), **values)


def test_a_stay_takes_its_nights_and_holds_them(room):
    booking = book(room)
    assert booking.status == BookingStatus.HELD
    assert booking.code.startswith("DP") and len(booking.code) == 10
    assert booking.guest_phone == "+4915123456789"
    nights = RoomNight.objects.filter(room_type=room).order_by("date")
    assert [(night.date, night.booked) for night in nights] == [(day(10), 1), (day(11), 1)]
    expected = sum(600_000 if day(n).weekday() in (4, 5) else 500_000 for n in (10, 11))
    assert booking.total_vnd == expected
    assert booking.due_now_vnd == -(-expected * 30 // 100 // 1000) * 1000
    assert booking.hold_until > timezone.now()


def test_a_taken_night_cannot_be_sold_again(room):
    book(room, 10, 12)
    with pytest.raises(ValidationError) as error:
        book(room, 11, 13)
    assert codes(error.value) == {"full"}
    # nothing of the refused booking stays behind: no night 12 taken, one booking
    assert Booking.objects.count() == 1
    assert not RoomNight.objects.filter(date=day(12), booked__gt=0).exists()
    # the next guest can have the nights around it
    assert book(room, 12, 14).status == BookingStatus.HELD


def test_the_constraint_refuses_an_oversold_night_even_past_the_services(room):
    from django.db import IntegrityError, transaction

    book(room, 10, 11)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomNight.objects.filter(room_type=room).update(booked=2)


def test_party_size_and_rooms(homestay):
    family = room_make(homestay, name="Phòng gia đình", quantity=2, max_guests=3)
    with pytest.raises(ValidationError) as error:
        book(family, adults=4, children=1)  # one room sleeps three
    assert error.value.message_dict["adults"]
    booking = book(family, adults=4, children=1, rooms=2)
    assert booking.rooms == 2
    nights = RoomNight.objects.filter(room_type=family, date__gte=day(10), date__lt=day(12))
    assert [(night.booked, night.free) for night in nights] == [(2, 0), (2, 0)]


def test_bad_input_is_refused_in_the_guests_language(room):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        stay_book(
            room_type=room,
            check_in=day(-1),
            check_out=day(1),
            adults=1,
            guest=Guest(name=" ", phone="12"),
            payment="on_arrival",
        )
    messages = error.value.message_dict
    assert messages["guest_name"] == ["Hãy nhập tên của bạn."]
    assert "guest_phone" in messages
    with pytest.raises(ValidationError) as error:
        book(room, 12, 10)
    assert error.value.message_dict["check_out"]
    with pytest.raises(ValidationError) as error:
        book(room, 10, 50)
    assert codes(error.value) == {"too_long"}
    assert not RoomNight.objects.exists()


def test_minimum_stay(homestay):
    room = room_make(homestay, min_nights=2)
    with pytest.raises(ValidationError) as error:
        book(room, 10, 11)
    assert codes(error.value) == {"min_nights"}
    assert book(room, 10, 12).night_count == 2


def test_vietqr_is_offered_only_with_a_bank_account(coop):
    lodging = homestay_make(coop)
    assert payment_choices(lodging) == ["on_arrival"]
    room = room_make(lodging)
    with pytest.raises(ValidationError) as error:
        book(room, payment="vietqr_full")
    assert codes(error.value) == {"payment"}
    bank_account_give(coop)
    lodging.refresh_from_db()
    assert payment_choices(lodging) == ["on_arrival", "vietqr_deposit", "vietqr_full"]


def test_an_unapproved_stay_takes_no_booking(coop):
    room = room_make(homestay_make(coop, status="pending"))
    with pytest.raises(ValidationError) as error:
        book(room, payment="on_arrival")
    assert codes(error.value) == {"closed"}


def test_the_host_confirms_then_the_stay_runs_its_course(room):
    booking = book(room, 0, 2)
    booking = booking_confirm(booking=booking)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.paid_vnd == booking.due_now_vnd
    assert booking.hold_until is None
    booking = booking_check_in(booking=booking)
    booking = booking_complete(booking=booking)
    assert booking.status == BookingStatus.COMPLETED
    assert booking.paid_vnd == booking.total_vnd
    # the nights stay sold: they were used
    assert RoomNight.objects.get(room_type=room, date=day(0)).booked == 1


def test_a_status_changes_once(room):
    booking = book(room)
    stale = Booking.objects.get(pk=booking.pk)
    booking_confirm(booking=booking)
    with pytest.raises(ValidationError) as error:
        booking_decline(booking=stale)
    assert codes(error.value) == {"status"}
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_declining_frees_the_nights_and_refunds_what_was_paid(room):
    booking = book(room)
    booking = booking_decline(booking=booking, note="Nhà có việc")
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancelled_by == CancelledBy.HOST
    assert not RoomNight.objects.filter(room_type=room, booked__gt=0).exists()
    assert book(room).status == BookingStatus.HELD


@pytest.mark.parametrize(
    ("policy", "days_ahead", "refund_share"),
    [
        ("flexible", 2, 1.0),
        ("flexible", 0, 0.0),
        ("moderate", 6, 1.0),
        ("moderate", 3, 0.5),
        ("strict", 20, 0.5),
        ("strict", 10, 0.0),
        ("non_refundable", 60, 0.0),
    ],
)
def test_a_guest_who_cancels_gets_what_the_policy_gives(coop, policy, days_ahead, refund_share):
    bank_account_give(coop)
    room = room_make(homestay_make(coop, cancellation_policy=policy))
    booking = booking_confirm(booking=book(room, days_ahead, days_ahead + 1), paid_vnd=400_000)
    booking = booking_cancel(booking=booking, by=CancelledBy.GUEST)
    assert booking.refund_vnd == int(400_000 * refund_share)
    assert RoomNight.objects.get(room_type=room, date=day(days_ahead)).booked == 0


def test_a_host_who_cancels_refunds_everything(coop):
    bank_account_give(coop)
    room = room_make(homestay_make(coop, cancellation_policy="non_refundable"))
    booking = booking_confirm(booking=book(room), paid_vnd=300_000)
    booking = booking_cancel(booking=booking, by=CancelledBy.HOST)
    assert booking.refund_vnd == 300_000


def test_expired_holds_free_their_nights(room):
    held = book(room, 10, 12)
    kept = book(room, 12, 13)
    Booking.objects.filter(pk=held.pk).update(hold_until=timezone.now() - datetime.timedelta(1))
    assert holds_expire() == 1
    held.refresh_from_db()
    kept.refresh_from_db()
    assert (held.status, held.cancelled_by) == (BookingStatus.CANCELLED, CancelledBy.HOLD_EXPIRED)
    assert kept.status == BookingStatus.HELD
    assert RoomNight.objects.get(room_type=room, date=day(10)).booked == 0
    assert RoomNight.objects.get(room_type=room, date=day(12)).booked == 1


def test_a_no_show_frees_the_nights_still_to_come(room):
    booking = booking_confirm(booking=book(room, 0, 3))
    booking = booking_no_show(booking=booking)
    assert booking.status == BookingStatus.NO_SHOW
    booked = dict(RoomNight.objects.filter(room_type=room).values_list("date", "booked"))
    assert booked == {day(0): 0, day(1): 0, day(2): 0}


def test_a_no_show_cannot_be_marked_before_the_day(room):
    booking = booking_confirm(booking=book(room, 5, 6))
    with pytest.raises(ValidationError):
        booking_no_show(booking=booking)


def test_closed_and_blocked_nights_are_not_sold(room):
    nights_close(room_type=room, dates=[day(11)])
    with pytest.raises(ValidationError):
        book(room, 10, 12)
    RoomNight.objects.filter(room_type=room, date=day(11)).update(closed=0, blocked=1)
    with pytest.raises(ValidationError):
        book(room, 10, 12)


def test_fewer_rooms_only_when_the_booked_ones_fit(homestay):
    room = room_make(homestay, quantity=3)
    book(room, 10, 11, rooms=2, adults=3)
    with pytest.raises(ValidationError) as error:
        capacity_change(room_type=room, quantity=1, today=timezone.localdate())
    assert codes(error.value) == {"booked"}
    capacity_change(room_type=room, quantity=2, today=timezone.localdate())
    assert RoomNight.objects.get(room_type=room, date=day(10)).capacity == 2


def test_search_finds_what_is_free_for_the_party(homestay, coop):
    double = room_make(homestay)
    family = room_make(homestay, name="Phòng gia đình", max_guests=4, rate_vnd=900_000)
    other = homestay_make(coop, slug="nha-ly", name="Homestay Nhà Lý")
    dorm = room_make(other, name="Phòng tập thể", max_guests=6, rate_vnd=150_000)
    search = StaySearch(check_in=day(10), check_out=day(12), guests=2)
    assert set(room_types_free(search)) == {double, family, dorm}
    book(double, 11, 12, payment="on_arrival")
    assert set(room_types_free(search)) == {family, dorm}
    book(dorm, 10, 11, adults=6, payment="on_arrival")
    found = lodgings_free(search, type(homestay).objects.all())
    assert (found.count, found.rows) == (1, [(homestay.pk, 900_000)])
    both = lodgings_free(
        StaySearch(check_in=day(20), check_out=day(21), guests=2), type(homestay).objects.all()
    )
    assert both.rows == [(other.pk, 150_000), (homestay.pk, 500_000)]
    cheap = lodgings_free(
        StaySearch(check_in=day(20), check_out=day(21), guests=2),
        type(homestay).objects.all(),
        max_rate_vnd=200_000,
    )
    assert cheap.rows == [(other.pk, 150_000)]
    four = StaySearch(check_in=day(12), check_out=day(14), guests=4)
    assert set(room_types_free(four)) == {family, dorm}


def test_tour_seats(coop):
    bank_account_give(coop)
    departure = departure_make(trek_make(coop, child_price_vnd=200_000), capacity=5)
    booking = tour_book(
        departure=departure, adults=2, children=1, guest=GUEST, payment="on_arrival"
    )
    assert booking.total_vnd == 2 * 400_000 + 200_000
    assert TourDeparture.objects.get(pk=departure.pk).seats_taken == 3
    with pytest.raises(ValidationError) as error:
        tour_book(departure=departure, adults=3, guest=GUEST, payment="on_arrival")
    assert codes(error.value) == {"full"}
    booking_cancel(booking=booking, by=CancelledBy.GUEST)
    assert TourDeparture.objects.get(pk=departure.pk).seats_taken == 0


def test_host_and_guest_are_told_after_the_commit(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    Room = type(room.lodging)
    Room.objects.filter(pk=room.lodging.pk).update(notify_email="nha.sung@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(room)
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {
        "nha.sung@example.vn": f"Đặt chỗ mới {booking.code}",
        "anna@example.de": f"Your booking {booking.code}",
    }
    assert "VietQR" in mailoutbox[1].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_confirm(booking=booking)
    assert [message.subject for message in mailoutbox] == [f"Booking {booking.code}: Confirmed"]

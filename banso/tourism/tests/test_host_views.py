"""The hosts' back office end to end with the Django client, in Vietnamese (the default): who
may see and do what, each action on a booking, the list with its filters and queries, the
month of nights and its two forms."""

import pytest
from django.urls import reverse

from banso.tourism.models import Booking, BookingStatus, CancelledBy, RoomNight, RoomType
from banso.tourism.services.bookings import booking_check_in, booking_confirm
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import day, moved, stay, tour

pytestmark = pytest.mark.django_db
# The fixtures this module uses, shared with the other tests of the back office.
homestay, room, other_room, trek = (
    host_fixtures.homestay,
    host_fixtures.room,
    host_fixtures.other_room,
    host_fixtures.trek,
)


def action_url(booking: Booking, action: str) -> str:
    return reverse("tourism_host:booking-action", args=[booking.code, action])


def status_of(booking: Booking) -> str:
    return Booking.objects.get(pk=booking.pk).status


# Who may see and do what ---------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in_and_change_nothing(client, room):
    booking = stay(room)
    pages = [
        reverse("tourism_host:today"),
        reverse("tourism_host:bookings"),
        reverse("tourism_host:booking", args=[booking.code]),
        reverse("tourism_host:calendar", args=[room.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/")
    response = client.post(action_url(booking, "confirm"), {"confirm-paid_vnd": "0"})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert status_of(booking) == BookingStatus.HELD


def test_another_organisation_cannot_see_nor_answer_a_booking(client, other_coop_member, room):
    booking = stay(room)
    client.force_login(other_coop_member)
    assert client.get(reverse("tourism_host:booking", args=[booking.code])).status_code == 404
    for action, data in [
        ("confirm", {"confirm-paid_vnd": "0"}),
        ("decline", {"decline-note": "x"}),
        ("cancel", {"cancel-note": "x"}),
    ]:
        assert client.post(action_url(booking, action), data).status_code == 404
    assert status_of(booking) == BookingStatus.HELD
    assert booking.code not in client.get(reverse("tourism_host:today")).content.decode()


def test_another_organisation_cannot_touch_a_room_type(client, other_coop_member, room):
    client.force_login(other_coop_member)
    assert client.get(reverse("tourism_host:calendar", args=[room.pk])).status_code == 404
    closing = {"operation": "close", "start": day(3), "end": day(4)}
    assert client.post(reverse("tourism_host:nights", args=[room.pk]), closing).status_code == 404
    rates = {"rate_vnd": 1, "min_nights": 1, "quantity": 1}
    assert client.post(reverse("tourism_host:rates", args=[room.pk]), rates).status_code == 404
    assert not RoomNight.objects.filter(room_type=room).exists()
    assert RoomType.objects.get(pk=room.pk).rate_vnd == 500_000


# The pages -----------------------------------------------------------------------------------


def test_today_shows_the_held_booking_with_its_time_left_and_the_listings(
    client, coop_member, room, trek
):
    held = stay(room)
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:today")).content.decode()
    waiting = page.split('id="waiting"')[1].split('id="arrivals"')[0]
    assert held.code in waiting and "Còn giữ chỗ" in waiting
    assert reverse("tourism_host:calendar", args=[room.pk]) in page
    assert f"?tour={trek.pk}" in page
    assert "Nhà nghỉ và tour của tôi" in page


def test_the_booking_page_shows_the_guest_nights_money_and_allowed_actions(
    client, coop_member, room
):
    booking = stay(room)
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:booking", args=[booking.code])).content.decode()
    assert 'href="tel:+84912345678"' in page and "pao@example.vn" in page
    assert page.count('class="host-nights') == 1 and page.count("500.000") >= 2
    assert "Đang giữ chỗ, chờ xác nhận" in page and "hoàn toàn bộ nếu huỷ trước 5 ngày" in page
    forms = [action_url(booking, name) for name in ("confirm", "decline")]
    assert all(url in page for url in forms)
    assert action_url(booking, "check-in") not in page
    assert f'value="{booking.due_now_vnd}"' in page


def test_the_host_confirms_with_the_amount_received(client, coop_member, room):
    booking = stay(room)
    client.force_login(coop_member)
    response = client.post(action_url(booking, "confirm"), {"confirm-paid_vnd": "300000"})
    assert response.status_code == 302
    assert response["Location"] == reverse("tourism_host:booking", args=[booking.code])
    saved = Booking.objects.get(pk=booking.pk)
    assert (saved.status, saved.paid_vnd) == (BookingStatus.CONFIRMED, 300_000)
    page = client.get(response["Location"]).content.decode()
    assert (
        "Đã xác nhận" in page and f"Đặt chỗ {booking.code} nay ở trạng thái: Đã xác nhận." in page
    )


def test_a_refused_action_shows_the_service_message_and_keeps_what_was_typed(
    client, coop_member, room
):
    booking = stay(room)
    client.force_login(coop_member)
    too_much = str(booking.total_vnd + 1)
    response = client.post(action_url(booking, "confirm"), {"confirm-paid_vnd": too_much})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Số tiền đã trả phải từ 0 đến tổng tiền." in page
    assert f'value="{too_much}"' in page
    assert status_of(booking) == BookingStatus.HELD


def test_a_guest_cannot_be_checked_in_before_the_day(client, coop_member, room):
    booking = booking_confirm(booking=stay(room, 3, 4))
    client.force_login(coop_member)
    response = client.post(action_url(booking, "check-in"))
    assert response.status_code == 409
    assert "Khách có thể nhận phòng từ ngày" in response.content.decode()
    assert status_of(booking) == BookingStatus.CONFIRMED


def test_decline_cancel_no_show_check_in_and_complete(client, coop_member, room):
    client.force_login(coop_member)
    declined = stay(room, 3, 4)
    client.post(action_url(declined, "decline"), {"decline-note": "Hết phòng"})
    declined.refresh_from_db()
    assert (declined.status, declined.cancelled_by, declined.host_note) == (
        BookingStatus.CANCELLED,
        CancelledBy.HOST,
        "Hết phòng",
    )
    cancelled = booking_confirm(booking=stay(room, 5, 6), paid_vnd=100_000)
    client.post(action_url(cancelled, "cancel"), {"cancel-note": "Lũ quét"})
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.refund_vnd) == (BookingStatus.CANCELLED, 100_000)
    absent = moved(booking_confirm(booking=stay(room, 7, 8)), check_in=day(0), check_out=day(1))
    client.post(action_url(absent, "no-show"))
    assert status_of(absent) == BookingStatus.NO_SHOW
    staying = booking_confirm(booking=stay(room, 0, 2))
    assert client.post(action_url(staying, "check-in")).status_code == 302
    assert status_of(staying) == BookingStatus.CHECKED_IN
    client.post(action_url(staying, "complete"), {"complete-paid_vnd": str(staying.total_vnd)})
    staying.refresh_from_db()
    assert (staying.status, staying.paid_vnd) == (BookingStatus.COMPLETED, staying.total_vnd)


def test_an_action_the_state_does_not_allow_is_refused(client, coop_member, room):
    booking = booking_check_in(booking=booking_confirm(booking=stay(room, 0, 1)))
    client.force_login(coop_member)
    response = client.post(action_url(booking, "confirm"), {"confirm-paid_vnd": "0"})
    assert response.status_code == 409
    assert "Đặt chỗ này hiện ở trạng thái" in response.content.decode()
    assert status_of(booking) == BookingStatus.CHECKED_IN
    assert client.post(action_url(booking, "explode")).status_code == 404


def test_the_list_filters_paginates_and_counts_its_queries(
    client, coop_member, room, trek, django_assert_max_num_queries
):
    bookings = [stay(room, 10 + n, 11 + n) for n in range(3)] + [tour(trek)]
    client.force_login(coop_member)
    url = reverse("tourism_host:bookings")
    with django_assert_max_num_queries(9):
        page = client.get(url).content.decode()
    assert all(booking.code in page for booking in bookings)
    more = [stay(room, 40 + n, 41 + n) for n in range(3)] + [tour(trek, days_ahead=20)]
    with django_assert_max_num_queries(9):
        page = client.get(url).content.decode()
    assert all(booking.code in page for booking in more)
    booking_confirm(booking=bookings[0])
    confirmed = client.get(url + "?status=confirmed").content.decode()
    assert bookings[0].code in confirmed and bookings[1].code not in confirmed
    month = day(40).strftime("%Y-%m")
    of_month = client.get(f"{url}?month={month}").content.decode()
    assert more[0].code in of_month and bookings[0].code not in of_month


def test_the_list_has_pages(client, coop_member, room, settings):
    from banso.tourism.views import host

    client.force_login(coop_member)
    codes = [stay(room, 10 + n, 11 + n).code for n in range(3)]
    original, host.PAGE_SIZE = host.PAGE_SIZE, 2
    try:
        first = client.get(reverse("tourism_host:bookings")).content.decode()
        second = client.get(reverse("tourism_host:bookings") + "?page=2").content.decode()
    finally:
        host.PAGE_SIZE = original
    assert codes[2] in first and codes[0] not in first and "page=2" in first
    assert codes[0] in second


# The calendar --------------------------------------------------------------------------------


def test_the_calendar_shows_the_month_and_its_neighbours(client, coop_member, room):
    stay(room, 10, 11)
    client.force_login(coop_member)
    target = day(10)
    url = reverse("tourism_host:calendar", args=[room.pk])
    page = client.get(f"{url}?month={target:%Y-%m}").content.decode()
    assert page.count("<tr") == 1 + __import__("calendar").monthrange(target.year, target.month)[1]
    row = page.split(f"{target.day}/{target.month}</td>")[1].split("</tr>")[0]
    assert [cell.split(">")[1] for cell in row.split("</td>")[:4]] == ["1", "0", "0", "1"]
    assert 'rel="prev"' in page and 'rel="next"' in page


def test_the_host_closes_and_opens_a_range_of_nights(client, coop_member, room):
    client.force_login(coop_member)
    url = reverse("tourism_host:nights", args=[room.pk])
    response = client.post(url, {"operation": "close", "start": day(3), "end": day(5)})
    assert response.status_code == 302
    closed = RoomNight.objects.filter(room_type=room).order_by("date")
    assert [(night.date, night.closed) for night in closed] == [(day(n), 2) for n in (3, 4, 5)]
    assert "Đã đóng 3 đêm." in client.get(response["Location"]).content.decode()
    client.post(url, {"operation": "open", "start": day(4), "end": day(5)})
    assert list(closed.values_list("closed", flat=True)) == [2, 0, 0]
    wrong = client.post(url, {"operation": "close", "start": day(5), "end": day(3)})
    assert wrong.status_code == 400
    assert "Đêm cuối không thể trước đêm đầu." in wrong.content.decode()


def test_the_host_changes_prices_and_rooms(client, coop_member, room):
    client.force_login(coop_member)
    url = reverse("tourism_host:rates", args=[room.pk])
    data = {"rate_vnd": "450000", "weekend_rate_vnd": "", "min_nights": "2", "quantity": "3"}
    assert client.post(url, data).status_code == 302
    saved = RoomType.objects.get(pk=room.pk)
    assert (saved.rate_vnd, saved.weekend_rate_vnd, saved.min_nights, saved.quantity) == (
        450_000,
        None,
        2,
        3,
    )


def test_fewer_rooms_than_booked_is_refused_and_nothing_changes(client, coop_member, room):
    stay(room, 10, 11, rooms=2, adults=3)
    client.force_login(coop_member)
    url = reverse("tourism_host:rates", args=[room.pk])
    data = {"rate_vnd": "900000", "weekend_rate_vnd": "", "min_nights": "1", "quantity": "1"}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "phòng được đặt: loại phòng này không thể có ít hơn" in response.content.decode()
    assert 'value="900000"' in response.content.decode()
    saved = RoomType.objects.get(pk=room.pk)
    assert (saved.rate_vnd, saved.quantity) == (500_000, 2)


def test_the_pages_speak_english_when_asked(client, coop_member, room):
    booking = stay(room)
    client.force_login(coop_member)
    page = client.get(f"/en/tourism/host/bookings/{booking.code}/").content.decode()
    assert "Held, waiting for confirmation" in page and "Due now by VietQR" in page
    response = client.post(
        f"/en/tourism/host/bookings/{booking.code}/confirm/",
        {"confirm-paid_vnd": str(booking.total_vnd + 1)},
    )
    assert "The amount paid must be between 0 and the total." in response.content.decode()


def test_the_account_page_leads_hosts_to_the_back_office(coop_member, other_coop_member, room):
    from banso.accounts.account_page import account_page_context
    from banso.tourism.views.host import host_pages_register

    host_pages_register()
    today = reverse("tourism_host:today")
    for_host = account_page_context(coop_member, {})["account_actions"]
    assert today in [action.url for action in for_host]
    # A member of an organisation with neither a stay nor a tour is not shown the way.
    for_other = account_page_context(other_coop_member, {})["account_actions"]
    assert today not in [action.url for action in for_other]

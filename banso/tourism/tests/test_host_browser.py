"""The hosts' back office on a cheap phone (360 px), in a real Chromium: the host signs in,
finds the held booking on today's page, confirms it, and the booking reads "Đã xác nhận";
no page scrolls sideways."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.tourism.models import Booking, BookingStatus
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import stay

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser
PHONE_WIDTH = 360
homestay, room = host_fixtures.homestay, host_fixtures.room


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_host_confirms_a_held_booking_from_today_on_a_phone(
    transactional_db, live_server, phone_page, coop_member, room
):
    booking = stay(room)
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=coop_member.phone)
    page.goto(base + reverse("tourism_host:today"))
    assert _scroll_width(page) <= PHONE_WIDTH
    waiting = page.locator(f"#booking-{booking.code}")
    assert "Còn giữ chỗ" in waiting.inner_text()
    with page.expect_navigation():
        waiting.locator(f"a[href$='/{booking.code}/']").click()
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click("form[action$='/confirm/'] button[type=submit]")
    assert page.locator("#booking-status").inner_text() == "Đã xác nhận"
    assert _scroll_width(page) <= PHONE_WIDTH
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    for url in (
        reverse("tourism_host:bookings"),
        reverse("tourism_host:calendar", args=[room.pk]),
    ):
        page.goto(base + url)
        assert _scroll_width(page) <= PHONE_WIDTH, url

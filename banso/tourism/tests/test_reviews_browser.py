"""On a cheap phone (360 px), in a real Chromium: a guest reviews a completed stay from the
booking's page, the review shows on the stay's page; the province's dashboard fits the screen
and draws its charts, in Vietnamese and in English."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from banso.conftest import browser_sign_in
from banso.tourism.models import BookingStatus, GuestReview
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import moved, stay

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser
PHONE_WIDTH = 360
homestay, room = host_fixtures.homestay, host_fixtures.room


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_guest_reviews_a_completed_stay_on_a_phone(
    transactional_db, live_server, phone_page, room
):
    booking = moved(stay(room), status=BookingStatus.COMPLETED)
    page, base = phone_page, live_server.url
    page.goto(base + reverse("tourism:booking", args=[booking.code, booking.guest_token]))
    assert _scroll_width(page) <= PHONE_WIDTH
    assert "Đánh giá chuyến đi của bạn" in page.locator("#review").inner_text()
    page.check("input[name=rating][value='4']")
    page.fill("textarea[name=text]", "Nhà sạch, bữa tối ngon.")
    with page.expect_navigation():
        page.click("#review button[type=submit]")
    assert "Nhà sạch, bữa tối ngon." in page.locator("#review").inner_text()
    assert GuestReview.objects.get().rating == 4
    page.goto(base + reverse("tourism:stay-detail", args=[room.lodging.slug]))
    assert "Nhà sạch, bữa tối ngon." in page.locator("#reviews").inner_text()
    assert _scroll_width(page) <= PHONE_WIDTH


@pytest.mark.parametrize(
    ("language", "title"), [("vi", "Bảng số liệu du lịch"), ("en", "Tourism dashboard")]
)
def test_the_dashboard_fits_a_phone(
    transactional_db, live_server, phone_page, province_officer, room, language, title
):
    booking = moved(stay(room), status=BookingStatus.COMPLETED)
    year = booking.check_in.year
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=province_officer.phone)
    with translation.override(language):
        address = reverse("tourism:dashboard")
    page.goto(f"{base}{address}?year={year}")
    assert page.locator("h1").inner_text() == title
    assert page.locator("#chart-nights rect.bar").count() == 12
    assert page.locator("#nights-sold").inner_text() == "2"
    assert _scroll_width(page) <= PHONE_WIDTH

"""A host puts a tour online from a cheap phone (360 px) in a real Chromium, in Vietnamese:
a new tour with two guide languages and a place it visits, a departure, a photo from the phone,
and the tour in the list waiting for the province's approval; no page scrolls sideways."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.conftest import browser_sign_in
from banso.tourism.models import ListingStatus, Tour
from banso.tourism.tests.makers import place_make, png_upload

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser
PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_host_puts_a_tour_online_from_a_phone(
    transactional_db, live_server, phone_page, coop_member, coop, bac_ha, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    place = place_make(bac_ha, slug="cho-bac-ha", name="Chợ phiên Bắc Hà")
    photo = tmp_path / "ruong.png"
    photo.write_bytes(png_upload(size=(640, 480)).read())
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=coop_member.phone)

    page.goto(base + reverse("tourism_host:today"))
    with page.expect_navigation():
        page.click(".host-nav a[href$='/tours/']")
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click(f"a[href$='/tours/new/{coop.slug}/']")
    assert _scroll_width(page) <= PHONE_WIDTH
    page.fill("#id_name", "Chợ phiên và ruộng bậc thang")
    page.select_option("#id_kind", "culture")
    page.fill("#id_meeting_point", "Cổng chợ Bắc Hà")
    page.fill("#id_duration_hours", "5")
    page.fill("#id_duration_rest_minutes", "30")
    page.check("input[name=guide_languages][value=en]")
    page.check("input[name=guide_languages][value=zh-hans]")
    page.uncheck("input[name=guide_languages][value=vi]")
    page.check(f"input[name=places][value='{place.pk}']")
    page.fill("#id_price_vnd", "450000")
    page.fill("#id_phone", "0912000444")
    with page.expect_navigation():
        page.click("#tour-form button[type=submit]")
    tour = Tour.objects.get(organisation=coop)
    assert tour.guide_languages == ["en", "zh-hans"]
    assert list(tour.places.all()) == [place]
    assert tour.duration_minutes == 330
    assert page.locator("#status").inner_text() == "Chờ duyệt"
    assert _scroll_width(page) <= PHONE_WIDTH

    page.set_input_files("#id_image", str(photo))
    page.fill("#id_caption", "Ruộng bậc thang mùa lúa chín")
    with page.expect_navigation():
        page.click("#photo-form button[type=submit]")
    assert page.locator("#photos img[alt='Ruộng bậc thang mùa lúa chín']").count() == 1
    assert _scroll_width(page) <= PHONE_WIDTH

    with page.expect_navigation():
        page.click(f"a[href$='/tours/{tour.pk}/departures/']")
    day = timezone.localdate() + datetime.timedelta(days=9)
    page.fill("#id_date", day.isoformat())
    page.fill("#id_time", "07:30")
    with page.expect_navigation():
        page.click("#departure-form button[type=submit]")
    departure = tour.departures.get()
    assert timezone.localtime(departure.starts_at).strftime("%Y-%m-%d %H:%M") == (
        f"{day.isoformat()} 07:30"
    )
    assert departure.capacity == tour.group_size
    assert "Đã đặt 0 / 12 chỗ" in page.locator(f"#departure-{departure.pk}").inner_text()
    assert _scroll_width(page) <= PHONE_WIDTH

    with page.expect_navigation():
        page.click(".host-nav a[href$='/tours/']")
    row = page.locator(f"#tour-{tour.pk}")
    assert "Chờ duyệt" in row.inner_text()
    assert "Đang chờ tỉnh duyệt." in row.inner_text()
    assert "1 chuyến sắp đi" in row.inner_text()
    assert Tour.objects.get(pk=tour.pk).status == ListingStatus.PENDING

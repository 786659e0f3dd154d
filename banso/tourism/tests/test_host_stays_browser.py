"""A host puts a homestay online from a cheap phone (360 px), in a real Chromium and without
any script of ours: the stay, a room type with its amenities, a photo taken for it and a Tết
price; the list then shows the stay waiting for the province, and the room type reads in
English too. No page scrolls sideways."""

import os

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from banso.conftest import browser_sign_in
from banso.tourism.models import Amenity, ListingStatus, Lodging, LodgingPhoto, RateRuleKind

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser
PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _submit(page, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    assert _scroll_width(page) <= PHONE_WIDTH, page.url


def test_a_host_puts_a_homestay_online_from_a_phone(
    transactional_db, live_server, phone_page, coop, coop_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "phong.jpg"
    Image.new("RGB", (800, 600), (120, 160, 90)).save(photo, "JPEG")
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=coop_member.phone)

    page.goto(base + reverse("tourism_host:today"))
    with page.expect_navigation():
        page.click("nav.host-nav a[href$='/host/stays/']")
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click(f"a[href$='/stays/new/{coop.slug}/']")
    assert _scroll_width(page) <= PHONE_WIDTH
    page.fill("#id_name", "Homestay Sùng Sử")
    page.fill("#id_latitude", "22.61")
    page.fill("#id_longitude", "104.12")
    page.fill("#id_phone", "0912000333")
    _submit(page, "#stay-form")
    lodging = Lodging.objects.get(name="Homestay Sùng Sử")
    assert lodging.status == ListingStatus.PENDING
    assert page.locator("#stay-status").inner_text() == "Chờ duyệt"

    with page.expect_navigation():
        page.click(f"a[href$='/stays/{lodging.pk}/rooms/new/']")
    page.fill("#id_name", "Phòng gia đình")
    page.fill("#id_quantity", "2")
    page.fill("#id_max_guests", "4")
    page.fill("#id_rate_vnd", "600000")
    page.check(f"input[name=amenities][value={Amenity.HOT_WATER}]")
    page.check(f"input[name=amenities][value={Amenity.HERBAL_BATH}]")
    _submit(page, "#room-form")
    room_type = lodging.rooms.get()
    assert room_type.amenities == [Amenity.HOT_WATER, Amenity.HERBAL_BATH]
    assert room_type.rate_vnd == 600_000

    page.set_input_files("#photo-form input[type=file]", str(photo))
    page.fill("#photo-form input[name=caption]", "Phòng nhìn ra ruộng bậc thang")
    _submit(page, "#photo-form")
    stored = LodgingPhoto.objects.get(room_type=room_type)
    assert page.locator("#photos img").count() == 1
    assert stored.caption == "Phòng nhìn ra ruộng bậc thang"

    page.click("#add-tet summary")
    page.fill("#id_tet-name", "Giá Tết")
    page.fill("#id_tet-rate_vnd", "900000")
    _submit(page, "#add-tet form")
    rule = room_type.rate_rules.get()
    assert (rule.kind, rule.rate_vnd) == (RateRuleKind.TET, 900_000)
    assert "Tết sắp tới" in page.locator(f"#rule-{rule.pk}").inner_text()

    with page.expect_navigation():
        page.click("nav.host-nav a[href$='/host/stays/']")
    assert "Chờ duyệt" in page.locator(f"#stay-{lodging.pk}").inner_text()
    assert _scroll_width(page) <= PHONE_WIDTH

    with translation.override("en"):
        english = reverse("tourism_host:room", args=[room_type.pk])
    page.goto(base + english)
    assert "Coming Tết" in page.locator(f"#rule-{rule.pk}").inner_text()
    assert _scroll_width(page) <= PHONE_WIDTH

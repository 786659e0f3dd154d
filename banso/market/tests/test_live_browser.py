"""The live session page in a real headless Chromium at a cheap phone's width (360 px): it fits,
loads nothing from elsewhere, and its order form puts the live price in the cart, with and
without JavaScript."""

import datetime
import os
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from banso.market.models import CartItem, LivePin, LiveSession

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _vietnamese_addresses(settings):
    """A phone in Vietnamese reads the Vietnamese addresses, which are the unprefixed ones only
    while Vietnamese is the default language (the marketplace tests make it English)."""
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        yield


PHONE_WIDTH = 360


@pytest.fixture
def live_pin(shop, listing):
    now = timezone.now()
    session = LiveSession.objects.create(
        shop=shop,
        title="Quýt Mường Khương chín cây, bán trực tiếp tại vườn",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=1),
        platform="tiktok",
        stream_url="https://www.tiktok.com/@htxquytmuongkhuong/live",
    )
    return LivePin.objects.create(
        session=session, variant=listing.variants.first(), live_price_vnd=199000
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_a_buyer_orders_at_the_live_price_on_a_phone(browser, live_server, live_pin, javascript):
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740},
        locale="vi-VN",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    try:
        page.goto(live_server.url + reverse("market:live-detail", args=[live_pin.session_id]))
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        assert page.locator("#live-state").inner_text().strip()
        watch = page.locator("#watch")
        assert watch.get_attribute("href") == live_pin.session.stream_url
        assert "TikTok" in watch.inner_text()
        assert page.locator(".live-normal").inner_text() == "250.000\u00a0₫"
        assert page.locator(".live-price").inner_text() == "199.000\u00a0₫"
        order = page.locator("form.live-order")
        box = order.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
        order.locator("input[name=quantity]").fill("3")
        order.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == reverse("market:live-detail", args=[live_pin.session_id])
        assert page.locator(".message--success").count() == 1
        assert hosts == {urlsplit(live_server.url).netloc}
    finally:
        context.close()
    item = CartItem.objects.get()
    assert (item.variant_id, item.quantity, item.live_pin_id) == (
        live_pin.variant_id,
        3,
        live_pin.pk,
    )


def test_the_page_turns_live_when_the_session_starts(phone_page, live_server, shop, listing):
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(seconds=3)
    session = LiveSession.objects.create(
        shop=shop,
        title="Sắp lên sóng",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        platform="youtube",
        stream_url="https://youtu.be/quyt",
    )
    LivePin.objects.create(session=session, variant=listing.variants.first(), live_price_vnd=1000)
    phone_page.goto(live_server.url + reverse("market:live-detail", args=[session.pk]))
    assert phone_page.locator("#live-state").get_attribute("data-state") == "scheduled"
    assert phone_page.locator("form.live-order").count() == 0
    phone_page.wait_for_selector("#live-state[data-state=live]", timeout=15000)
    assert phone_page.locator("form.live-order").count() == 1

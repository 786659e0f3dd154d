"""The language switch in a real headless Chromium at 360 px: a listing read in Vietnamese, switched
to English, is the same listing at its English address, which names its other addresses."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from banso.market.tests.makers import listing_make, shop_make

# Playwright's sync API keeps an event loop running in this thread; the ORM calls made by the
# tests themselves are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


@pytest.fixture
def listing(coop, product):
    shop = shop_make(coop, slug="quyt-muong-khuong", phone="0981000002")
    return listing_make(shop, product, variants=[("Hộp 5 kg", 250000, 10)])


def test_switching_a_listing_to_english_keeps_the_listing(live_server, phone_page, listing):
    vietnamese = reverse("market:listing-detail", args=[listing.pk])
    with translation.override("en"):
        english = reverse("market:listing-detail", args=[listing.pk])

    phone_page.goto(live_server.url + vietnamese)
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert "Thêm vào giỏ" in phone_page.locator("body").inner_text()

    with phone_page.expect_navigation():
        phone_page.select_option("#language", "en")

    assert phone_page.url == live_server.url + english
    assert phone_page.locator("html").get_attribute("lang") == "en"
    assert "Add to cart" in phone_page.locator("body").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    alternates = phone_page.eval_on_selector_all(
        "head link[rel=alternate][hreflang]",
        "links => links.map(link => [link.hreflang, link.href])",
    )
    assert dict(alternates) == {
        "vi": live_server.url + vietnamese,
        "en": live_server.url + english,
        "zh-Hans": live_server.url + "/zh-hans" + vietnamese,
        "x-default": live_server.url + vietnamese,
    }

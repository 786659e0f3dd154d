"""The trace page in a real headless Chromium at a cheap phone's width (360 px)."""

import datetime
import os

import pytest

from banso.orgs.models import Certificate
from banso.trace.models import Lot
from banso.trace.tests.journey_support import full_journey

# Playwright's sync API keeps an event loop running in this thread; the ORM calls made by the
# tests themselves are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


@pytest.fixture
def journey_lot(lot, coop, coop_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    input_lot = Lot.objects.create(
        product=lot.product,
        code="MK2025-10",
        harvest_unit=lot.harvest_unit,
        harvest_date=datetime.date(2025, 11, 19),
        quantity=1500,
        quantity_unit="kg",
    )
    Certificate.objects.create(
        organisation=coop,
        kind="ocop",
        ocop_stars=4,
        ocop_year=2024,
        issuer="UBND tỉnh Lào Cai",
        number="OCOP-123",
        valid_from=datetime.date(2024, 1, 1),
    )
    full_journey(lot, input_lot, recorded_by=coop_member)
    return lot


def test_scan_on_a_phone_shows_the_timeline_then_english(live_server, phone_page, journey_lot):
    # The QR code's URI, through the resolver's redirect, to the page.
    phone_page.goto(f"{live_server.url}/01/{journey_lot.product.gtin}/10/{journey_lot.code}")
    assert phone_page.url.endswith(f"/t/{journey_lot.product.gtin}/{journey_lot.code}/")
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    timeline = phone_page.locator("#journey .st")
    assert timeline.count() == 8
    assert timeline.first.is_visible()
    assert phone_page.locator("#journey").bounding_box()["width"] <= PHONE_WIDTH
    for index in range(timeline.count()):
        box = timeline.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH

    phone_page.click("footer a[hreflang=en]")
    assert phone_page.locator("html").get_attribute("lang") == "en"
    assert phone_page.locator("#journey .st").count() == 8
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

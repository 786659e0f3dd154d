"""A buyer's phone (360 px): the shop page and a listing page fit the screen and read without
JavaScript; the seller edits a listing's variant on the same phone."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.market.models import ListingVariant

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_shop_and_listing_pages_fit_a_phone_without_javascript(
    transactional_db, live_server, browser, listing, lot
):
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("market:listing-detail", args=[listing.pk]))
        assert _scroll_width(page) <= PHONE_WIDTH
        assert page.locator("#variants li").count() == 2
        assert "VND\u00a0250,000" in page.inner_text("#variants")
        assert page.locator("#variants form button").first.is_visible()
        with page.expect_navigation():
            page.click(f"a[href='{reverse('market:shop-detail', args=[listing.shop.slug])}']")
        assert _scroll_width(page) <= PHONE_WIDTH
        assert page.locator("#listings .listing-card").count() == 1
    finally:
        context.close()


def test_the_seller_changes_a_price_on_a_phone(
    transactional_db, live_server, phone_page, coop_member, listing
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=coop_member.phone)
    page.goto(base + reverse("market:manage-listings"))
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click(
            f"#listings a[href='{reverse('market:manage-listing-edit', args=[listing.pk])}']"
        )
    assert _scroll_width(page) <= PHONE_WIDTH
    page.fill("#id_variants-0-price_vnd", "240000")
    with page.expect_navigation():
        page.click("#listing-form button[type=submit]")
    assert ListingVariant.objects.get(listing=listing, position=0).price_vnd == 240000

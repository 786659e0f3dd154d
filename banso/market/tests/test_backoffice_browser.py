"""The back office on a cheap phone (360 px): its pages fit the screen, the feed addresses an
officer copies included, and every page of a shop's own leads back to the shop's home."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.market.models import FeedKind, Listing
from banso.market.services.feeds import feeds_regenerate

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_feed_addresses_fit_a_phone(
    transactional_db, live_server, phone_page, province_officer, listing
):
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    # The province's files and the shop's: the longest addresses carry the shop's slug.
    assert feeds_regenerate() == 2 * len(FeedKind)
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=province_officer.phone)
    page.goto(base + reverse("market:feeds"))
    addresses = page.locator("a.url").all_inner_texts()
    assert len(addresses) == 2 * len(FeedKind)
    assert f"{base}/market/feeds/s/{listing.shop.slug}/shopee.xlsx" in addresses
    assert _scroll_width(page) <= PHONE_WIDTH


def test_a_shop_finds_its_way_home_from_each_page(
    transactional_db, live_server, phone_page, coop_member, listing
):
    page, base = phone_page, live_server.url
    home = reverse("market:manage")
    browser_sign_in(page, base, login=coop_member.phone)
    for name in ("market:manage-shop", "market:manage-listings"):
        page.goto(base + home)
        assert _scroll_width(page) <= PHONE_WIDTH
        with page.expect_navigation():
            page.click(f"main nav a[href='{reverse(name)}']")
        assert _scroll_width(page) <= PHONE_WIDTH
        with page.expect_navigation():
            page.click(f"main a[href='{home}']")
        assert page.url == base + home

"""The marketplace search on a cheap phone's screen (360 px) in headless Chromium: the form
and cards fit, the search works, and the search box's suggestions arrive as the buyer types."""

import os

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def test_search_on_a_phone(live_server, phone_page, listing, other_listing):
    phone_page.goto(f"{live_server.url}/market/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    cards = phone_page.locator(".listing-card")
    assert cards.count() == 2
    box = cards.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH

    box = phone_page.locator("input[name=q]")
    box.press_sequentially("quy", delay=30)
    # (Waited for through a locator: the page's policy forbids the eval wait_for_function uses.)
    phone_page.locator("#market-suggest option").first.wait_for(state="attached", timeout=5000)
    options = phone_page.locator("#market-suggest option")
    assert options.first.get_attribute("value") == "Quýt Mường Khương"

    box.fill("quyt")
    box.press("Enter")
    phone_page.wait_for_url("**/market/search/?q=quyt**")
    assert phone_page.locator(".listing-card").count() == 1
    assert "Quýt Mường Khương" in phone_page.locator(".listing-card").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_filters_work_without_javascript(live_server, browser, listing, other_listing, bac_ha):
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/market/search/")
        page.click(".market-filters summary")
        page.select_option("select[name=commune]", bac_ha.code)
        # (The click returns once the next page starts loading; its cards are counted once
        # it has loaded.)
        with page.expect_navigation():
            page.click(".market-filters button[type=submit]")
        assert page.locator(".listing-card").count() == 1
        assert "Mận Tam Hoa Bắc Hà" in page.locator(".listing-card").inner_text()
    finally:
        context.close()

"""A place's page on a cheap phone, in English: it fits the 360-pixel screen, asks no other
host for anything (no map tiles, fonts or scripts from elsewhere) and reads without JavaScript."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from banso.tourism.tests.makers import photo_make

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


@pytest.mark.parametrize("javascript", [True, False])
def test_place_page_in_english_on_a_phone(browser, live_server, place, tour, javascript):
    for number in range(3):
        photo_make(place, caption=f"Góc chợ {number}", position=number)
    with translation.override("en"):
        url = live_server.url + reverse("tourism:place-detail", args=[place.slug])
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740},
        locale="en-GB",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Chợ phiên Bắc Hà"
        assert page.locator("#story").get_attribute("lang") == "vi"
        assert "Sunday" in page.locator("#facts").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        links = page.locator(".map-links a")
        assert links.count() == 3
        for index in range(3):
            box = links.nth(index).bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE_WIDTH
        assert hosts == {urlsplit(live_server.url).netloc}
    finally:
        context.close()

"""The site shell in a real headless Chromium at a cheap phone's width (360 px)."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from banso.accounts.models import PlaceRole
from banso.conftest import PASSWORD, browser_sign_in
from banso.web.tests.conftest import OFFICER_PHONE

# Playwright's sync API keeps an event loop running in this thread; the ORM calls made by the
# tests themselves are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _page_text(page) -> str:
    return page.title() + "\n" + page.locator("body").inner_text()


def test_home_in_vietnamese_then_english(live_server, phone_page):
    """The language menu submits itself when it changes (JavaScript on)."""
    phone_page.goto(live_server.url + "/")
    assert _lang(phone_page) == "vi"
    assert _scroll_width(phone_page) <= PHONE_WIDTH
    vietnamese = _page_text(phone_page)

    with phone_page.expect_navigation():
        phone_page.select_option("#language", "en")

    assert _lang(phone_page) == "en"
    assert phone_page.url == live_server.url + "/en/"  # the home page's English address
    assert phone_page.locator("#language").input_value() == "en"
    assert _page_text(phone_page) != vietnamese
    assert _scroll_width(phone_page) <= PHONE_WIDTH
    cookies = {c["name"]: c["value"] for c in phone_page.context.cookies()}
    assert cookies["banso_language"] == "en"


def test_language_form_works_without_javascript(live_server, browser):
    """Without JavaScript the same form is submitted with its button."""
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert _lang(page) == "vi"
        vietnamese = _page_text(page)

        page.select_option("#language", "en")
        assert _lang(page) == "vi"  # nothing happens until the button is pressed
        with page.expect_navigation():
            page.click("footer form.langs button[type=submit]")

        assert _lang(page) == "en"
        assert _page_text(page) != vietnamese

        # The page's links stay in English: the next page is English too.
        with translation.override("en"):
            sign_in = reverse("accounts:login")
        with page.expect_navigation():
            page.click(f"nav a[href='{sign_in}']")
        assert page.url == live_server.url + sign_in
        assert _lang(page) == "en"
    finally:
        context.close()


def test_public_pages_do_not_scroll_sideways(live_server, phone_page):
    for url_name in ["web:home", "accounts:login", "orgs:organisation-list", "places:unit-lookup"]:
        response = phone_page.goto(live_server.url + reverse(url_name))
        assert response.status == 200, url_name
        assert phone_page.evaluate("window.innerWidth") == PHONE_WIDTH
        assert _scroll_width(phone_page) <= PHONE_WIDTH, url_name


def test_sign_in_with_phone_number(live_server, phone_page, officer, small_commune):
    # A wrong password shows the error and stays on the sign-in page.
    browser_sign_in(phone_page, live_server.url, login=OFFICER_PHONE, password="not-the-password")
    assert phone_page.url == live_server.url + reverse("accounts:login")
    error = phone_page.locator("main [role=alert]")
    assert error.is_visible()
    assert error.inner_text().strip()
    assert phone_page.input_value("#id_username") == OFFICER_PHONE
    assert phone_page.input_value("#id_password") == ""
    assert "sessionid" not in {c["name"] for c in phone_page.context.cookies()}
    assert _scroll_width(phone_page) <= PHONE_WIDTH

    # The right one, with the number written the way people write it (stored as +84…), leads
    # to the account page listing the person's role.
    spaced = f"{OFFICER_PHONE[:4]} {OFFICER_PHONE[4:7]} {OFFICER_PHONE[7:]}"
    browser_sign_in(phone_page, live_server.url, login=spaced, password=PASSWORD)
    assert phone_page.url == live_server.url + reverse("accounts:profile")
    assert phone_page.locator("h1").inner_text() == officer.full_name
    roles = phone_page.locator("#roles li")
    assert roles.count() == 1
    with translation.override("vi"):
        role_label = str(PlaceRole.COMMUNE_OFFICER.label)
    assert role_label in roles.first.inner_text()
    assert small_commune.name in roles.first.inner_text()
    # The top bar now leads to the account instead of the sign-in page.
    assert phone_page.locator(f"header a[href='{reverse('accounts:profile')}']").count() == 1
    assert _scroll_width(phone_page) <= PHONE_WIDTH

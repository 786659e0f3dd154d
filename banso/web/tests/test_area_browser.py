"""A commune officer's account page and the page of his commune's co-ops, in a real headless
Chromium at a cheap phone's width (360 px), in Vietnamese then English."""

import os

import pytest
from django.urls import reverse

from banso.accounts.services import user_create
from banso.conftest import PASSWORD, browser_sign_in
from banso.orgs.services import organisation_create
from banso.web.tests.conftest import OFFICER_PHONE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_commune_officer_finds_his_communes_coops(live_server, phone_page, officer, small_commune):
    admin = user_create(
        phone="0981000001",
        full_name="Quản trị",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    coop = organisation_create(
        actor=admin, name="Hợp tác xã Quýt Mường Khương", kind="cooperative", unit=small_commune
    )

    browser_sign_in(phone_page, live_server.url, login=OFFICER_PHONE)
    assert phone_page.url == live_server.url + reverse("accounts:profile")
    buttons = phone_page.locator("main .actions a")
    labels = [text.strip() for text in buttons.all_inner_texts()]
    assert labels[1:] == [
        "Tổ chức chờ duyệt",
        "Hợp tác xã và cơ sở trên địa bàn",
        "Sản phẩm trên địa bàn",
        "Tem trên địa bàn",
        "Đơn hàng trên địa bàn",
        "Hộ gia đình trên địa bàn",
        "Tổ công nghệ số cộng đồng trên địa bàn",
        "Bản tin và loa truyền thanh",
    ]
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    assert _scroll_width(phone_page) <= PHONE_WIDTH

    with phone_page.expect_navigation():
        phone_page.click("text=Hợp tác xã và cơ sở trên địa bàn")
    assert phone_page.url == live_server.url + reverse("orgs:area-organisations")
    assert phone_page.locator("main h1").inner_text() == "Hợp tác xã và cơ sở trong xã"
    assert phone_page.locator("#area-units").inner_text() == small_commune.name
    assert coop.name in phone_page.locator("#organisations").inner_text()
    assert phone_page.locator("#area-links a[aria-current=page]").inner_text().strip() == (
        "Hợp tác xã và cơ sở trên địa bàn"
    )
    assert _scroll_width(phone_page) <= PHONE_WIDTH

    with phone_page.expect_navigation():
        phone_page.select_option("#language", "en")
    assert phone_page.locator("main h1").inner_text() == "Co-ops and businesses in the commune"
    assert phone_page.title().startswith("Co-ops and businesses in the commune")
    assert _scroll_width(phone_page) <= PHONE_WIDTH

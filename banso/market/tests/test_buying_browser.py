"""The buyer's way on a 360 px phone in Chromium: the cart in the header with its count, the
"view cart" link of the added-to-cart message, a quantity lowered to the stock, and a checkout
that offers only the delivery the shop offers."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _vietnamese_addresses(settings):
    """A phone in Vietnamese reads the Vietnamese addresses, which are the unprefixed ones only
    while Vietnamese is the default language (the marketplace tests make it English)."""
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        yield


PHONE = {"width": 360, "height": 740}


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_cart_in_the_header_stock_cap_and_delivery_choices(live_server, browser, listing):
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(base + reverse("market:listing-detail", args=[listing.pk]))
    assert page.locator("header .nav__count").count() == 0

    ten_kg = listing.variants.get(label="Thùng 10 kg")  # 3 in stock
    form = page.locator(f"form:has(input[name=variant][value='{ten_kg.pk}'])")
    form.locator("input[name=quantity]").fill("3")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    form = page.locator(f"form:has(input[name=variant][value='{ten_kg.pk}'])")
    form.locator("button[type=submit]").click()  # one more than is left
    page.wait_for_load_state()
    assert page.locator(".message--warning").inner_text() == (
        "Chỉ còn 3 sản phẩm, giỏ hàng của bạn đã có đủ số đó."
    )
    assert page.locator("header .nav__count").inner_text() == "1"
    assert page.locator("header a[href='/market/cart/']").is_visible()
    assert _scroll_width(page) <= PHONE["width"]

    page.locator(".message a.message__link").first.click()
    page.wait_for_load_state()
    assert page.url == base + reverse("market:cart")
    assert page.locator("input.order-qty").input_value() == "3"
    assert page.locator("input.order-qty").get_attribute("max") == "3"
    assert _scroll_width(page) <= PHONE["width"]

    page.goto(base + reverse("market:checkout"))
    assert page.locator("input[name=delivery_method][value=pickup]").count() == 0
    assert page.locator("input[name=delivery_method][value=delivery]").is_checked()
    assert _scroll_width(page) <= PHONE["width"]
    context.close()

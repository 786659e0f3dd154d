"""The VietQR block for a buyer paying from the phone that shows it: the code as a PNG to save
(works without JavaScript), copy buttons that JavaScript reveals, the amount and the transfer
message in large type; on a 360 px phone in Chromium, with and without JavaScript."""

import io
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from banso.common import vietqr
from banso.market.models import OrderStatus
from banso.market.services.orders import order_transition
from banso.market.tests.orders_makers import order_place


@pytest.fixture(autouse=True)
def _vietnamese_addresses(settings):
    """A phone in Vietnamese reads the Vietnamese addresses, which are the unprefixed ones only
    while Vietnamese is the default language (the marketplace tests make it English)."""
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        yield


PHONE = {"width": 360, "height": 740}


def _sign_in_as_buyer(client, order) -> None:
    client.post(reverse("market:order-lookup"), {"buyer_phone": "0912345678", "code": order.code})


def _decoded(png: bytes) -> vietqr.VietQR:
    found = zxingcpp.read_barcodes(np.asarray(Image.open(io.BytesIO(png)).convert("L")))
    assert len(found) == 1
    return vietqr.decode(found[0].text)


@pytest.mark.django_db
def test_the_qr_png_is_a_download_for_whoever_may_see_the_order(client, listing):
    order = order_place(listing, quantity=2)
    url = reverse("market:order-qr-png", args=[order.code])
    assert Client().get(url).status_code == 404
    _sign_in_as_buyer(client, order)
    page = client.get(reverse("market:order-detail", args=[order.code])).content.decode()
    assert f'href="{url}" download="vietqr-{order.code}.png"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="vietqr-{order.code}.png"'
    assert "private" in response["Cache-Control"]
    payment = _decoded(response.content)
    assert payment.amount_vnd == order.total_vnd == 500000
    assert payment.purpose == order.code
    assert payment.account == "0011001932418"


@pytest.mark.django_db
def test_no_qr_png_for_a_paid_or_cash_order(client, listing, coop_member):
    paid = order_place(listing)
    order_transition(order=paid, to=OrderStatus.PAID, actor=coop_member)
    cash = order_place(listing, payment_method="cod")
    _sign_in_as_buyer(client, paid)
    for order in (paid, cash):
        assert client.get(reverse("market:order-qr-png", args=[order.code])).status_code == 404


@pytest.mark.browser
def test_saving_and_copying_the_payment_on_a_phone(live_server, browser, listing):
    order = order_place(listing, quantity=2)
    detail = live_server.url + reverse("market:order-lookup")

    context = browser.new_context(viewport=PHONE, locale="vi-VN", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(detail)
    page.fill("input[name=buyer_phone]", "0912345678")
    page.fill("input[name=code]", order.code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".vietqr").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    for index in (0, 1):  # the amount, the transfer message
        value = page.locator(".vietqr__big .vietqr__value").nth(index)
        assert value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 24
        assert value.evaluate("e => e.getClientRects().length") == 1  # one line, never broken
        box = value.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    with page.expect_download() as download:
        page.click(".vietqr__save a")
    assert download.value.suggested_filename == f"vietqr-{order.code}.png"
    payment = _decoded(Path(download.value.path()).read_bytes())
    assert (payment.amount_vnd, payment.purpose) == (500000, order.code)

    copies = page.locator(".vietqr__copy")
    assert copies.count() == 3
    for index, expected in enumerate(["500000", "0011001932418", order.code]):
        copies.nth(index).click()
        assert page.evaluate("navigator.clipboard.readText()") == expected
    assert copies.nth(2).inner_text() == "Đã sao chép"
    context.close()

    plain = browser.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=False)
    page = plain.new_page()
    page.goto(detail)
    page.fill("input[name=buyer_phone]", "0912345678")
    page.fill("input[name=code]", order.code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".vietqr__copy:visible").count() == 0
    assert page.locator(".vietqr__value").all_inner_texts() == [
        "500.000\u00a0₫",
        "0011001932418",
        order.code,
    ]
    href = page.locator(".vietqr__save a").get_attribute("href")
    answer = page.request.get(live_server.url + href)
    assert answer.status == 200
    assert _decoded(answer.body()).amount_vnd == 500000
    plain.close()

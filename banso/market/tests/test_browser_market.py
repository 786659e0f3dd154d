"""Done when: in Chromium at 360 px, a buyer searches "quyt", adds goods from two shops, pays by
VietQR and sees two orders with two QR codes (each decoded from the screen: the right bank,
account, amount and order code); the shop then confirms the payment from its back office."""

import io

import numpy as np
import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from banso.common import vietqr
from banso.conftest import PASSWORD
from banso.market.models import Order, OrderStatus
from banso.market.tests.makers import listing_make
from banso.trace.tests.makers import product_make

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def two_tangerine_shops(listing, other_shop, other_coop):
    """Tangerines from Mường Khương (the ``listing``) and from Bắc Hà."""
    tangerine = product_make(other_coop, name="Quýt ngọt Bắc Hà", item=3)
    return listing, listing_make(other_shop, tangerine, variants=[("Túi 2 kg", 90000, 5)])


def _decode_qr(element) -> vietqr.VietQR:
    picture = Image.open(io.BytesIO(element.screenshot())).convert("L")
    found = zxingcpp.read_barcodes(np.asarray(picture))
    assert len(found) == 1, "one readable QR code in the element"
    return vietqr.decode(found[0].text)


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_buyer_pays_two_shops_by_vietqr_and_the_shop_confirms(
    live_server, browser, two_tangerine_shops, coop_member, lao_cai
):
    ours, theirs = two_tangerine_shops
    base = live_server.url
    buyer = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = buyer.new_page()

    page.goto(base + reverse("market:home"))
    page.fill("input[name=q]", "quyt")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    titles = page.locator(".listing-card__title").all_inner_texts()
    assert {"Quýt Mường Khương", "Quýt ngọt Bắc Hà"} <= set(titles)
    assert _scroll_width(page) <= PHONE["width"]

    for title in ("Quýt Mường Khương", "Quýt ngọt Bắc Hà"):
        page.goto(base + reverse("market:search") + "?q=quyt")
        page.click(f".listing-card__link:has-text('{title}')")
        page.locator("form[action$='/cart/add/'] button[type=submit]").first.click()
        page.wait_for_load_state()

    page.goto(base + reverse("market:cart"))
    assert page.locator("text=Quýt Mường Khương").count() >= 1
    assert page.locator("text=Quýt ngọt Bắc Hà").count() >= 1
    page.click(f"a[href='{reverse('market:checkout')}']")
    page.fill("input[name=buyer_name]", "Nguyễn Thị Hoa")
    page.fill("input[name=buyer_phone]", "0912 345 678")
    page.check("input[name=delivery_method][value=delivery]")
    page.select_option("select[name=province]", lao_cai.code)
    page.select_option("select[name=commune]", "02761")
    page.fill("input[name=street_address]", "Thôn Mã Tuyển")
    page.check("input[name=payment_method][value=vietqr]")
    page.click("button[name=action][value=place]")
    page.wait_for_load_state()

    orders = {order.shop_id: order for order in Order.objects.select_related("shop__organisation")}
    assert set(orders) == {ours.shop_id, theirs.shop_id}
    codes = page.locator(".vietqr__code svg")
    assert codes.count() == 2
    assert _scroll_width(page) <= PHONE["width"]
    decoded = {_decode_qr(codes.nth(index)).purpose: index for index in range(2)}
    for order in orders.values():
        payment = _decode_qr(codes.nth(decoded[order.code]))
        assert payment.bin == order.shop.organisation.bank_bin
        assert payment.account == order.shop.organisation.bank_account_number
        assert payment.amount_vnd == order.total_vnd
    buyer.close()

    shop = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = shop.new_page()
    page.goto(base + reverse("accounts:login"))
    page.fill("#id_username", coop_member.phone)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    ours_order = orders[ours.shop_id]
    page.goto(base + reverse("market:manage-orders"))
    assert page.locator(f"text={ours_order.code}").count() == 1
    assert page.locator(f"text={orders[theirs.shop_id].code}").count() == 0
    page.goto(base + reverse("market:manage-order", args=[ours_order.code]))
    page.click("form:has(input[name=to][value=paid]) button[type=submit]")
    page.wait_for_load_state()
    ours_order.refresh_from_db()
    assert ours_order.status == OrderStatus.PAID
    assert ours_order.paid_at is not None
    assert Order.objects.get(pk=orders[theirs.shop_id].pk).status == OrderStatus.NEW
    shop.close()

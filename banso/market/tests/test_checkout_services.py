"""Checkout: one order per shop, fees, payment fallback, address rules, stock and rollbacks."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banso.market.models import (
    Cart,
    CartItem,
    ListingVariant,
    LivePin,
    LiveSession,
    Order,
    ShopDeliveryRate,
)
from banso.market.order_codes import CODE_ALPHABET, order_code_new, order_code_normalize
from banso.market.services.cart import cart_add, cart_update
from banso.market.services.checkout import checkout
from banso.market.services.delivery import delivery_fee
from banso.market.services.summary import listing_summary_refresh
from banso.market.tests.orders_makers import cart_make
from banso.places.models import AdministrativeUnit

BUYER = {"buyer_name": " Nguyễn  Thị Mai ", "buyer_phone": "0912 345 678"}


@pytest.fixture
def hanoi(places):
    return AdministrativeUnit.objects.get(is_current=True, level="province", code="01")


def _address(lao_cai, muong_khuong, **extra):
    return {
        "delivery_method": "delivery",
        "province": lao_cai,
        "commune": muong_khuong,
        "street_address": "Số 5, đường Lê Lợi",
        **extra,
    }


def test_order_codes_are_short_unambiguous_ascii():
    codes = {order_code_new() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"DH[0-9A-HJKMNP-TV-Z]{8}", code)
        assert len(code) <= 25
    assert not set("ILOU") & set(CODE_ALPHABET)
    assert order_code_normalize(" dh-ab1o il2 ") == "DHAB10112"


def test_one_order_per_shop_sharing_a_checkout(
    listing, other_listing, lao_cai, muong_khuong, django_capture_on_commit_callbacks, mailoutbox
):
    listing.shop.notify_email = "shop@example.vn"
    listing.shop.save()
    five_kg, ten_kg = listing.variants.all()
    cart = cart_make((five_kg, 2), (other_listing.variants.first(), 3), (ten_kg, 1))
    with django_capture_on_commit_callbacks(execute=True):
        orders = checkout(
            cart=cart,
            **BUYER,
            buyer_email="mai@example.vn",
            **_address(lao_cai, muong_khuong),
            payment_method="cod",
        )
    assert [order.shop for order in orders] == [listing.shop, other_listing.shop]
    assert len({order.checkout for order in orders}) == 1
    first, second = (Order.objects.get(pk=order.pk) for order in orders)
    assert first.buyer_phone == "+84912345678"
    assert first.buyer_name == "Nguyễn Thị Mai"
    assert (first.subtotal_vnd, first.delivery_fee_vnd, first.total_vnd) == (950000, 30000, 980000)
    assert [(line.quantity, line.line_total_vnd) for line in first.lines.all()] == [
        (2, 500000),
        (1, 450000),
    ]
    assert second.total_vnd == 180000 + 30000
    assert first.status == "new" and first.events.get().status_to == "new"
    assert ListingVariant.objects.get(pk=five_kg.pk).stock == 8
    listing.refresh_from_db()
    assert (listing.sold_count, listing.stock_total) == (3, 10)
    assert Cart.objects.get(pk=cart.pk).checked_out_at is not None
    assert any(mail.to == ["shop@example.vn"] and first.code in mail.subject for mail in mailoutbox)
    assert sum(mail.to == ["mai@example.vn"] for mail in mailoutbox) == 2


def test_a_checkout_leaves_the_listing_summary_as_a_full_refresh_would(
    listing, lao_cai, muong_khuong
):
    five_kg, ten_kg = listing.variants.all()
    ListingVariant.objects.filter(pk=ten_kg.pk).update(is_active=False)  # its 3 are not on sale
    checkout(
        cart=cart_make((five_kg, 4)),
        **BUYER,
        **_address(lao_cai, muong_khuong),
        payment_method="cod",
    )
    listing.refresh_from_db()
    after_checkout = (listing.stock_total, listing.sold_count, listing.price_vnd)
    listing_summary_refresh(listing)
    listing.refresh_from_db()
    assert after_checkout == (listing.stock_total, listing.sold_count, listing.price_vnd)
    assert after_checkout == (6, 4, 250000)


def test_delivery_fee_rules(shop, lao_cai, hanoi):
    assert delivery_fee(shop=shop, province=lao_cai, subtotal_vnd=100000) == 30000
    ShopDeliveryRate.objects.create(shop=shop, province=lao_cai, fee_vnd=15000)
    assert delivery_fee(shop=shop, province=lao_cai, subtotal_vnd=100000) == 15000
    shop.free_delivery_above_vnd = 500000
    assert delivery_fee(shop=shop, province=hanoi, subtotal_vnd=500000) == 0
    assert delivery_fee(shop=shop, province=hanoi, subtotal_vnd=499999) == 30000
    shop.delivers_nationwide = False
    shop.free_delivery_above_vnd = None
    assert delivery_fee(shop=shop, province=hanoi, subtotal_vnd=100000) is None
    assert delivery_fee(shop=shop, province=lao_cai, subtotal_vnd=100000) == 15000
    shop.offers_delivery = False
    assert delivery_fee(shop=shop, province=lao_cai, subtotal_vnd=100000) is None


def test_pickup_is_free_and_needs_no_address(listing):
    listing.shop.offers_pickup = True
    listing.shop.save()
    cart = cart_make((listing.variants.first(), 1))
    (order,) = checkout(cart=cart, **BUYER, delivery_method="pickup", payment_method="vietqr")
    assert (order.delivery_fee_vnd, order.province, order.payment_method) == (0, None, "vietqr")


def test_payment_falls_back_per_shop(listing, other_listing, lao_cai, muong_khuong):
    other_listing.shop.accepts_vietqr = False
    other_listing.shop.save()
    listing.shop.organisation.bank_bin = ""
    listing.shop.organisation.bank_account_number = ""
    listing.shop.organisation.save()
    cart = cart_make((listing.variants.first(), 1), (other_listing.variants.first(), 1))
    orders = checkout(
        cart=cart, **BUYER, **_address(lao_cai, muong_khuong), payment_method="vietqr"
    )
    assert [order.payment_method for order in orders] == ["cod", "cod"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"commune": None}, "commune"),
        ({"province": None}, "province"),
        ({"street_address": ""}, "street_address"),
        ({"commune": "bac_ha_in_hanoi"}, "commune"),
        ({"buyer_phone": "12"}, "buyer_phone"),
        ({"buyer_name": "  "}, "buyer_name"),
        ({"buyer_email": "mai@"}, "buyer_email"),
        ({"village": "other_village"}, "village"),
    ],
)
def test_address_and_buyer_are_checked(
    change, field, listing, lao_cai, muong_khuong, bac_ha, hanoi
):
    values = {**BUYER, **_address(lao_cai, muong_khuong), "payment_method": "cod"}
    if change.get("commune") == "bac_ha_in_hanoi":
        change = {"province": hanoi, "commune": bac_ha}
    if change.get("village") == "other_village":
        from banso.places.models import Village

        change = {"village": Village.objects.create(commune=bac_ha, name="Na Hối", kind="thon")}
    cart = cart_make((listing.variants.first(), 1))
    with pytest.raises(ValidationError) as error:
        checkout(cart=cart, **{**values, **change})
    assert field in error.value.message_dict
    assert not Order.objects.exists()
    assert ListingVariant.objects.get(pk=listing.variants.first().pk).stock == 10
    assert Cart.objects.get(pk=cart.pk).checked_out_at is None


def test_a_shop_that_does_not_deliver_there_is_named(listing, other_listing, lao_cai, muong_khuong):
    other_listing.shop.delivers_nationwide = False
    other_listing.shop.save()
    cart = cart_make((listing.variants.first(), 1), (other_listing.variants.first(), 1))
    with pytest.raises(ValidationError) as error:
        checkout(cart=cart, **BUYER, **_address(lao_cai, muong_khuong), payment_method="cod")
    assert any(other_listing.shop.name in message for message in error.value.messages)
    assert not Order.objects.exists()


def test_running_out_rolls_the_whole_checkout_back(listing, other_listing, lao_cai, muong_khuong):
    five_kg, ten_kg = listing.variants.all()
    plum = other_listing.variants.first()
    cart = cart_make((five_kg, 2), (plum, 5), (ten_kg, 3))
    ListingVariant.objects.filter(pk=ten_kg.pk).update(stock=2)
    with pytest.raises(ValidationError) as error:
        checkout(cart=cart, **BUYER, **_address(lao_cai, muong_khuong), payment_method="cod")
    assert error.value.code == "stock"
    assert listing.title in error.value.messages[0]
    assert not Order.objects.exists()
    assert [
        v.stock
        for v in ListingVariant.objects.filter(pk__in=[five_kg.pk, plum.pk, ten_kg.pk]).order_by(
            "pk"
        )
    ] == [10, 2, 20]
    assert Cart.objects.get(pk=cart.pk).checked_out_at is None
    listing.refresh_from_db()
    assert listing.sold_count == 0


def test_a_cart_is_ordered_once(listing):
    listing.shop.offers_pickup = True
    listing.shop.save()
    cart = cart_make((listing.variants.first(), 1))
    checkout(cart=cart, **BUYER, delivery_method="pickup", payment_method="cod")
    with pytest.raises(ValidationError):
        checkout(cart=cart, **BUYER, delivery_method="pickup", payment_method="cod")
    assert Order.objects.count() == 1


def test_cart_quantities_and_sale_rules(listing, other_listing):
    variant = listing.variants.first()
    cart = Cart.objects.create()
    cart_add(cart=cart, variant=variant, quantity=2)
    item = cart_add(cart=cart, variant=variant, quantity=3)
    assert CartItem.objects.get(pk=item.pk).quantity == 5
    for bad in (0, 1000):
        with pytest.raises(ValidationError):
            cart_add(cart=cart, variant=variant, quantity=bad)
    with pytest.raises(ValidationError):
        cart_add(cart=cart, variant=variant, quantity=995)
    assert CartItem.objects.get(pk=item.pk).quantity == 5
    assert cart_update(cart=cart, item_id=item.pk, quantity=0) is None
    assert not CartItem.objects.filter(cart=cart).exists()
    other_listing.shop.status = "suspended"
    other_listing.shop.save()
    hidden = other_listing.variants.first()
    with pytest.raises(ValidationError):
        cart_add(cart=cart, variant=hidden, quantity=1)
    variant.is_active = False
    variant.save()
    with pytest.raises(ValidationError):
        cart_add(cart=cart, variant=variant, quantity=1)
    assert not CartItem.objects.filter(cart=cart).exists()


def _session(shop, *, running: bool) -> LiveSession:
    now = timezone.now()
    start = now - datetime.timedelta(hours=1) if running else now - datetime.timedelta(hours=3)
    return LiveSession.objects.create(
        shop=shop,
        title="Quýt chín cây",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        platform="facebook",
        stream_url="https://facebook.com/live/1",
    )


@pytest.mark.parametrize(("running", "price"), [(True, 199000), (False, 250000)])
def test_live_price_only_while_the_session_runs(running, price, listing):
    listing.shop.offers_pickup = True
    listing.shop.save()
    variant = listing.variants.first()
    session = _session(listing.shop, running=True)
    pin = LivePin.objects.create(session=session, variant=variant, live_price_vnd=199000)
    cart = Cart.objects.create()
    cart_add(cart=cart, variant=variant, quantity=2, live_pin=pin)
    if not running:
        LiveSession.objects.filter(pk=session.pk).update(
            ends_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    (order,) = checkout(cart=cart, **BUYER, delivery_method="pickup", payment_method="cod")
    assert order.lines.get().unit_price_vnd == price
    assert order.subtotal_vnd == 2 * price
    assert order.live_session_id == (session.pk if running else None)


def test_a_pin_of_another_variant_is_refused(listing):
    five_kg, ten_kg = listing.variants.all()
    pin = LivePin.objects.create(
        session=_session(listing.shop, running=True), variant=ten_kg, live_price_vnd=1000
    )
    with pytest.raises(ValidationError):
        cart_add(cart=Cart.objects.create(), variant=five_kg, quantity=1, live_pin=pin)


def test_an_ended_pin_is_dropped_when_adding(listing):
    variant = listing.variants.first()
    pin = LivePin.objects.create(
        session=_session(listing.shop, running=False), variant=variant, live_price_vnd=1000
    )
    item = cart_add(cart=Cart.objects.create(), variant=variant, quantity=1, live_pin=pin)
    assert item.live_pin is None


def test_a_hidden_listing_in_the_cart_is_named(listing, product, shop):
    listing.shop.offers_pickup = True
    listing.shop.save()
    cart = cart_make((listing.variants.first(), 1))
    listing.status = "hidden"
    listing.save()
    with pytest.raises(ValidationError) as error:
        checkout(cart=cart, **BUYER, delivery_method="pickup", payment_method="cod")
    assert listing.title in error.value.messages[0]


def test_the_vietqr_receipt_carries_the_transfer_and_its_qr_code(
    listing, lao_cai, muong_khuong, django_capture_on_commit_callbacks, mailoutbox
):
    import io

    import numpy as np
    import zxingcpp
    from PIL import Image

    from banso.common import vietqr

    cart = cart_make((listing.variants.first(), 1))
    with django_capture_on_commit_callbacks(execute=True):
        (order,) = checkout(
            cart=cart,
            **BUYER,
            buyer_email="mai@example.vn",
            **_address(lao_cai, muong_khuong),
            payment_method="vietqr",
        )
    (receipt,) = [mail for mail in mailoutbox if mail.to == ["mai@example.vn"]]
    assert order.code in receipt.body and "0011001932418" in receipt.body
    ((name, content, mimetype),) = receipt.attachments
    assert (name, mimetype) == (f"vietqr-{order.code}.png", "image/png")
    (found,) = zxingcpp.read_barcodes(np.asarray(Image.open(io.BytesIO(content)).convert("L")))
    payment = vietqr.decode(found.text)
    assert (payment.bin, payment.amount_vnd, payment.purpose) == (
        "970436",
        order.total_vnd,
        order.code,
    )

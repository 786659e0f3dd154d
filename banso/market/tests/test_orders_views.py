"""The buyer's pages end to end: cart, checkout, the page after it, finding an order again."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from banso.market.models import Cart, CartItem, Order
from banso.market.tests.orders_makers import order_place


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()


def _add(client, variant, quantity=1):
    return client.post(
        reverse("market:cart-add"),
        {"variant": variant.pk, "quantity": quantity, "next": "/market/cart/"},
    )


def test_guest_adds_to_cart_and_sees_it_by_shop(client, listing, other_listing):
    five_kg = listing.variants.first()
    response = _add(client, five_kg, 2)
    assert response.status_code == 302
    _add(client, five_kg, 1)
    _add(client, other_listing.variants.first(), 4)
    cart = Cart.objects.get(key=client.session["market_cart"])
    assert [item.quantity for item in cart.items.all()] == [3, 4]
    page = client.get(reverse("market:cart")).content.decode()
    assert listing.shop.name in page and other_listing.shop.name in page
    assert "VND\u00a0750,000" in page and "VND\u00a0240,000" in page


def test_bad_quantity_is_refused_with_a_message(client, listing):
    response = _add(client, listing.variants.first(), 1000)
    assert response.status_code == 302
    assert not CartItem.objects.exists()


def test_cart_update_to_zero_removes_the_line(client, listing):
    _add(client, listing.variants.first(), 2)
    item = CartItem.objects.get()
    client.post(reverse("market:cart-update"), {"item": item.pk, "quantity": 0})
    assert not CartItem.objects.exists()


def test_another_browser_cannot_change_my_cart(client, listing):
    _add(client, listing.variants.first(), 2)
    item = CartItem.objects.get()
    from django.test import Client

    Client().post(reverse("market:cart-update"), {"item": item.pk, "quantity": 9})
    assert CartItem.objects.get().quantity == 2


def test_checkout_update_lists_the_communes_of_the_province(client, listing, lao_cai, muong_khuong):
    _add(client, listing.variants.first())
    page = client.post(
        reverse("market:checkout"),
        {"action": "update", "province": lao_cai.code, "delivery_method": "delivery"},
    ).content.decode()
    assert muong_khuong.name in page
    assert "VND\u00a030,000" in page


def test_checkout_end_to_end(client, listing, lao_cai, muong_khuong):
    _add(client, listing.variants.first(), 2)
    response = client.post(
        reverse("market:checkout"),
        {
            "action": "place",
            "buyer_name": "Nguyễn Thị Mai",
            "buyer_phone": "0912345678",
            "delivery_method": "delivery",
            "province": lao_cai.code,
            "commune": muong_khuong.code,
            "street_address": "Số 5 Lê Lợi",
            "payment_method": "vietqr",
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("market:checkout-done", args=[order.checkout])
    page = client.get(response["Location"]).content.decode()
    assert order.code in page
    assert "<svg" in page
    assert "0011001932418" in page
    assert "VND\u00a0530,000" in page
    assert client.get(reverse("market:order-detail", args=[order.code])).status_code == 200


def test_checkout_errors_are_shown_and_nothing_is_ordered(client, listing, lao_cai, bac_ha):
    _add(client, listing.variants.first(), 2)
    response = client.post(
        reverse("market:checkout"),
        {
            "action": "place",
            "buyer_name": "Mai",
            "buyer_phone": "0912345678",
            "delivery_method": "delivery",
            "province": lao_cai.code,
            "payment_method": "cod",
        },
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_the_done_page_is_only_for_the_browser_that_ordered(client, listing):
    order = order_place(listing)
    assert client.get(reverse("market:checkout-done", args=[order.checkout])).status_code == 404


def test_order_lookup_by_phone_and_code(client, listing):
    order = order_place(listing, phone="0912345678")
    detail = reverse("market:order-detail", args=[order.code])
    assert client.get(detail).status_code == 302
    wrong = client.post(
        reverse("market:order-lookup"), {"buyer_phone": "0987654321", "code": order.code}
    )
    assert wrong.status_code == 200
    assert client.get(detail).status_code == 302
    right = client.post(
        reverse("market:order-lookup"),
        {"buyer_phone": "+84 912 345 678", "code": order.code.lower()},
    )
    assert right["Location"] == detail
    page = client.get(detail).content.decode()
    assert order.code in page and "<svg" in page


def test_signed_in_buyer_sees_their_order(client, listing, make_user):
    buyer = make_user("Mai")
    order = order_place(listing, buyer=buyer)
    client.force_login(buyer)
    assert client.get(reverse("market:order-detail", args=[order.code])).status_code == 200
    client.force_login(make_user("Lan"))
    assert client.get(reverse("market:order-detail", args=[order.code])).status_code == 302


def test_lookups_are_rate_limited(client, listing):
    order = order_place(listing)
    for _ in range(10):
        client.post(
            reverse("market:order-lookup"), {"buyer_phone": "0987654321", "code": "DH00000000"}
        )
    blocked = client.post(
        reverse("market:order-lookup"), {"buyer_phone": "0912345678", "code": order.code}
    )
    assert blocked.status_code == 429
    assert client.get(reverse("market:order-detail", args=[order.code])).status_code == 302


def test_empty_cart_page_and_checkout_redirect(client, places):
    page = client.get(reverse("market:cart"))
    assert page.status_code == 200
    assert "Your cart is empty." in page.content.decode()
    assert client.get(reverse("market:checkout"))["Location"] == reverse("market:cart")


def test_a_delivered_order_offers_to_review_each_product_once(client, listing, make_user):
    from banso.market.services.orders import order_transition
    from banso.market.services.reviews import review_create

    buyer = make_user("Người mua")
    order = order_place(listing, buyer=buyer, payment_method="cod")
    client.force_login(buyer)
    review_url = reverse("market:review-create", args=[order.code, listing.pk])
    page = client.get(reverse("market:order-detail", args=[order.code]))
    assert review_url not in page.content.decode()
    for status in ("confirmed", "shipped", "delivered"):
        order = order_transition(actor=None, order=order, to=status)
    page = client.get(reverse("market:order-detail", args=[order.code]))
    assert review_url in page.content.decode()
    review_create(order=order, listing=listing, rating=5, author_name="Mai")
    page = client.get(reverse("market:order-detail", args=[order.code]))
    assert review_url not in page.content.decode()

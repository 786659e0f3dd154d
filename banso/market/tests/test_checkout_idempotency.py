"""Sending the checkout form twice places the orders once: a buyer whose connection dropped
after the orders were committed, and who sends the form again, is shown the orders placed."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import Client
from django.urls import reverse

from banso.common.tests.databases import file_database
from banso.market.models import ListingVariant, Order
from banso.market.services.checkout import checkout
from banso.market.tests.orders_makers import cart_make


def _checkout_form(client, listing, lao_cai, muong_khuong) -> dict:
    client.post(reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 2})
    page = client.get(reverse("market:checkout"))
    key = page.context["form"].initial["idempotency_key"]
    assert f'name="idempotency_key" value="{key}"' in page.content.decode()
    return {
        "action": "place",
        "idempotency_key": str(key),
        "buyer_name": "Nguyễn Thị Mai",
        "buyer_phone": "0912345678",
        "delivery_method": "delivery",
        "province": lao_cai.code,
        "commune": muong_khuong.code,
        "street_address": "Số 5 Lê Lợi",
        "payment_method": "vietqr",
    }


@pytest.mark.django_db
def test_the_same_checkout_sent_twice_gives_one_order_and_shows_it(
    client, listing, lao_cai, muong_khuong
):
    form = _checkout_form(client, listing, lao_cai, muong_khuong)
    first = client.post(reverse("market:checkout"), form)
    order = Order.objects.get()
    done = reverse("market:checkout-done", args=[order.checkout])
    assert first["Location"] == done
    assert str(order.checkout) == form["idempotency_key"]

    second = client.post(reverse("market:checkout"), form)
    assert second.status_code == 302
    assert second["Location"] == done
    assert Order.objects.count() == 1
    assert ListingVariant.objects.get(pk=listing.variants.first().pk).stock == 8
    page = client.get(done).content.decode()
    assert order.code in page
    assert "Your order was already placed" in page


@pytest.mark.django_db
def test_a_key_of_another_browser_shows_nothing(client, listing, lao_cai, muong_khuong):
    form = _checkout_form(client, listing, lao_cai, muong_khuong)
    client.post(reverse("market:checkout"), form)
    stranger = Client()
    stranger.post(
        reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 1}
    )
    response = stranger.post(reverse("market:checkout"), form)
    assert response.status_code == 200
    assert "This order form was already sent" in response.content.decode()
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_the_service_returns_the_orders_of_a_repeated_key(listing):
    listing.shop.offers_pickup = True
    listing.shop.save()
    cart = cart_make((listing.variants.first(), 1))
    key = uuid.uuid4()
    fields = {
        "buyer_name": "Khách",
        "buyer_phone": "0912345678",
        "delivery_method": "pickup",
        "payment_method": "cod",
        "idempotency_key": key,
    }
    (first,) = checkout(cart=cart, **fields)
    (again,) = checkout(cart=cart, **fields)
    assert again.pk == first.pk
    with pytest.raises(ValidationError) as error:
        checkout(cart=cart, **{**fields, "idempotency_key": uuid.uuid4()})
    assert error.value.code == "checked_out"
    assert Order.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_gives_one_order(listing, tmp_path):
    """Two requests with one form's key, on their own connections, released together."""
    listing.shop.offers_pickup = True
    listing.shop.save()
    variant = listing.variants.first()
    cart = cart_make((variant, 2))
    key = uuid.uuid4()
    start = threading.Barrier(2)
    answers, failed = [], []

    def submit():
        try:
            start.wait()
            orders = checkout(
                cart=cart,
                buyer_name="Khách",
                buyer_phone="0912345678",
                delivery_method="pickup",
                payment_method="cod",
                idempotency_key=key,
            )
            answers.append([order.pk for order in orders])
        except Exception as error:  # any failure fails the test below
            failed.append(repr(error))
        finally:
            connections.close_all()

    with file_database(tmp_path):
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result: list = []
        reader = threading.Thread(
            target=lambda: (
                result.append(
                    (
                        list(Order.objects.values_list("pk", "checkout")),
                        ListingVariant.objects.get(pk=variant.pk).stock,
                    )
                ),
                connections.close_all(),
            )
        )
        reader.start()
        reader.join()
    orders, stock = result[0]
    assert failed == []
    assert len(orders) == 1
    assert orders[0][1] == key
    assert answers == [[orders[0][0]], [orders[0][0]]]
    assert stock == 8

"""Fifty buyers press "Order" for the last box at the same moment: exactly one gets it.

Real threads, each with its own database connection, on committed data (SQLite in WAL mode
with IMMEDIATE transactions, or PostgreSQL, whichever the tests run on).

pytest-django keeps an SQLite test database in shared-cache memory, where concurrent writers get
"table is locked" at once instead of waiting: the way the site never runs. On SQLite the test
copies the prepared database to a file and points the buyers' connections at it.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from banso.common.tests.databases import file_database
from banso.market.models import ListingVariant, Order
from banso.market.services.checkout import checkout
from banso.market.tests.orders_makers import cart_make

BUYERS = 50

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(function):
    """``function()`` run on a connection of its own (the buyers' database)."""
    result = []

    def run():
        try:
            result.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


def test_fifty_buyers_of_the_last_item_give_one_order(listing, tmp_path):
    listing.shop.offers_pickup = True
    listing.shop.save()
    variant = listing.variants.first()
    ListingVariant.objects.filter(pk=variant.pk).update(stock=1)
    carts = [cart_make((variant, 1)) for _ in range(BUYERS)]
    start = threading.Barrier(BUYERS)
    won, lost, failed = [], [], []

    def buy(cart):
        try:
            start.wait()
            checkout(
                cart=cart,
                buyer_name="Khách",
                buyer_phone="0912345678",
                delivery_method="pickup",
                payment_method="cod",
            )
            won.append(cart.pk)
        except ValidationError as error:
            lost.append(error.code)
        except Exception as error:  # any other failure fails the test below
            failed.append(repr(error))
        finally:
            connections.close_all()

    with file_database(tmp_path):
        threads = [threading.Thread(target=buy, args=(cart,)) for cart in carts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        orders = _in_thread(lambda: list(Order.objects.values_list("status", flat=True)))
        stock = _in_thread(lambda: ListingVariant.objects.get(pk=variant.pk).stock)
    assert failed == []
    assert len(won) == 1
    assert lost == ["stock"] * (BUYERS - 1)
    assert orders == ["new"]
    assert stock == 0

"""The shop's order back office and API: scoping, the permission matrix, query counts."""

import json

import pytest
from django.urls import reverse

from banso.market.models import Order
from banso.market.selectors.orders import orders_for_user
from banso.market.tests.orders_makers import order_place


@pytest.fixture
def orders(listing, other_listing):
    return [order_place(listing), order_place(listing), order_place(other_listing)]


def test_orders_for_user_is_scoped(orders, coop_member, other_coop_member, make_user, superuser):
    mine = set(orders_for_user(coop_member).values_list("pk", flat=True))
    assert mine == {orders[0].pk, orders[1].pk}
    assert set(orders_for_user(other_coop_member)) == {orders[2]}
    assert not orders_for_user(make_user()).exists()
    assert orders_for_user(superuser).count() == 3
    from django.contrib.auth.models import AnonymousUser

    assert not orders_for_user(AnonymousUser()).exists()


def test_order_list_page_counts_queries(
    client, coop_member, listing, django_assert_max_num_queries
):
    for _ in range(5):
        order_place(listing)
    client.force_login(coop_member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("market:manage-orders"))
    assert page.content.decode().count("order-status") == 5
    more = [order_place(listing) for _ in range(5)]
    with django_assert_max_num_queries(12):
        page = client.get(reverse("market:manage-orders") + "?status=new")
    assert more[0].code in page.content.decode()


def test_manage_home_counts(client, coop_member, orders):
    client.force_login(coop_member)
    page = client.get(reverse("market:manage")).content.decode()
    assert "2 new orders" in page


def test_anonymous_is_sent_to_sign_in(client, orders):
    for url in (
        reverse("market:manage-orders"),
        reverse("market:manage-order", args=[orders[0].code]),
    ):
        assert client.get(url).status_code == 302
    response = client.post(
        reverse("market:manage-order-transition", args=[orders[0].code]), {"to": "confirmed"}
    )
    assert response.status_code == 302
    assert Order.objects.get(pk=orders[0].pk).status == "new"


def test_another_shop_never_sees_nor_moves_my_orders(client, other_coop_member, orders):
    mine = orders[0]
    client.force_login(other_coop_member)
    assert mine.code not in client.get(reverse("market:manage-orders")).content.decode()
    assert client.get(reverse("market:manage-order", args=[mine.code])).status_code == 404
    response = client.post(
        reverse("market:manage-order-transition", args=[mine.code]),
        {"to": "cancelled", "note": "x"},
    )
    assert response.status_code == 404
    assert Order.objects.get(pk=mine.pk).status == "new"
    assert client.get(f"/api/market/orders/{mine.code}").status_code == 404
    api = client.post(
        f"/api/market/orders/{mine.code}/transition",
        json.dumps({"to": "cancelled"}),
        content_type="application/json",
    )
    assert api.status_code == 404
    assert Order.objects.get(pk=mine.pk).status == "new"
    listed = client.get("/api/market/orders").json()
    assert [row["code"] for row in listed["items"]] == [orders[2].code]


def test_the_shop_moves_its_order(client, coop_member, orders):
    order = orders[0]
    client.force_login(coop_member)
    page = client.get(reverse("market:manage-order", args=[order.code])).content.decode()
    assert "Confirm the order" in page and "Mark as shipped" not in page
    url = reverse("market:manage-order-transition", args=[order.code])
    client.post(url, {"to": "confirmed"})
    assert Order.objects.get(pk=order.pk).status == "confirmed"
    client.post(url, {"to": "paid", "reference": "FT2511290001"})
    stored = Order.objects.get(pk=order.pk)
    assert (stored.status, stored.payment_reference) == ("paid", "FT2511290001")
    client.post(url, {"to": "delivered"})
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_api_list_detail_and_transition(client, coop_member, orders, django_assert_max_num_queries):
    client.force_login(coop_member)
    with django_assert_max_num_queries(8):
        listed = client.get("/api/market/orders?limit=1").json()
    assert listed["count"] == 2 and len(listed["items"]) == 1
    assert client.get("/api/market/orders?limit=1000").status_code == 422
    # An offset past the database's integer range is the caller's mistake, not a server error.
    assert (
        client.get("/api/market/orders?offset=7569302298947887934784080445440").status_code == 422
    )
    code = orders[0].code
    detail = client.get(f"/api/market/orders/{code}").json()
    assert detail["lines"][0]["quantity"] == 1 and detail["shop"] == "quyt-muong-khuong"
    moved = client.post(
        f"/api/market/orders/{code}/transition",
        json.dumps({"to": "confirmed", "note": "Đã gọi khách"}),
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "confirmed"
    refused = client.post(
        f"/api/market/orders/{code}/transition",
        json.dumps({"to": "returned"}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert Order.objects.get(code=code).status == "confirmed"


def test_api_needs_sign_in(client, orders):
    assert client.get("/api/market/orders").status_code == 401

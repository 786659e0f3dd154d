"""Reviews: only for what a delivered order brought, once per order and listing."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banso.market.models import Listing, Order, OrderLine, OrderStatus, Review
from banso.market.services.reviews import review_create, review_visibility_set

pytestmark = pytest.mark.django_db


def order_of(listing, *, status=OrderStatus.DELIVERED, code="BS7K2M9Q", buyer=None) -> Order:
    """An order of one of the listing's variants, written straight to the database."""
    variant = listing.variants.first()
    order = Order.objects.create(
        code=code,
        checkout=uuid.uuid4(),
        shop=listing.shop,
        buyer=buyer,
        buyer_name="Nguyễn Thị Mai",
        buyer_phone="+84912345678",
        delivery_method="pickup",
        payment_method="cod",
        status=status,
        subtotal_vnd=variant.price_vnd,
        delivery_fee_vnd=0,
        total_vnd=variant.price_vnd,
        delivered_at=timezone.now() if status == OrderStatus.DELIVERED else None,
    )
    OrderLine.objects.create(
        order=order,
        listing=listing,
        variant=variant,
        title=listing.title,
        variant_label=variant.label,
        unit_price_vnd=variant.price_vnd,
        quantity=1,
        line_total_vnd=variant.price_vnd,
    )
    return order


def test_a_delivered_order_reviews_its_listing_once(listing):
    order = order_of(listing)
    review_create(order=order, listing=listing, rating=5, text="Ngọt lắm", author_name=" Mai ")
    review_create(
        order=order_of(listing, code="BS7K2M9R"), listing=listing, rating=3, author_name="Lan"
    )
    listing.refresh_from_db()
    assert (listing.review_count, listing.rating_total, listing.rating_average) == (2, 8, 4.0)
    with pytest.raises(ValidationError):
        review_create(order=order, listing=listing, rating=1, author_name="Mai")
    listing.refresh_from_db()
    assert listing.review_count == 2
    assert Review.objects.get(order=order).author_name == "Mai"


@pytest.mark.parametrize("status", [OrderStatus.NEW, OrderStatus.SHIPPED, OrderStatus.CANCELLED])
def test_an_order_not_delivered_cannot_review(listing, status):
    with pytest.raises(ValidationError):
        review_create(
            order=order_of(listing, status=status), listing=listing, rating=5, author_name="Mai"
        )
    assert not Review.objects.exists()


def test_only_a_listing_in_the_order(listing, other_listing):
    with pytest.raises(ValidationError):
        review_create(order=order_of(listing), listing=other_listing, rating=5, author_name="Mai")
    assert Listing.objects.get(pk=other_listing.pk).review_count == 0


@pytest.mark.parametrize("rating", [0, 6])
def test_stars_are_one_to_five(listing, rating):
    with pytest.raises(ValidationError):
        review_create(order=order_of(listing), listing=listing, rating=rating, author_name="Mai")
    assert not Review.objects.exists()


def test_the_shop_hides_a_review_and_the_rating_follows(listing, coop_member, other_coop_member):
    review = review_create(order=order_of(listing), listing=listing, rating=2, author_name="X")
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
        review_visibility_set(actor=other_coop_member, review=review, is_visible=False)
    review_visibility_set(actor=coop_member, review=review, is_visible=False)
    listing.refresh_from_db()
    assert (listing.review_count, listing.rating_total) == (0, 0)


def test_two_moderators_hiding_one_review_count_it_once(listing, coop_member):
    review = review_create(order=order_of(listing), listing=listing, rating=4, author_name="X")
    stale_copy = Review.objects.get(pk=review.pk)  # what a second moderator's page loaded
    review_visibility_set(actor=coop_member, review=review, is_visible=False)
    review_visibility_set(actor=coop_member, review=stale_copy, is_visible=False)
    listing.refresh_from_db()
    assert (listing.review_count, listing.rating_total) == (0, 0)
    assert Review.objects.get(pk=review.pk).is_visible is False


def test_reviews_show_on_the_listing_page(client, listing):
    review_create(
        order=order_of(listing), listing=listing, rating=4, text="Quả <i>to</i>", author_name="Mai"
    )
    html = client.get(f"/market/p/{listing.pk}/").content.decode()
    assert "Quả &lt;i&gt;to&lt;/i&gt;" in html
    assert "★ 4,0" in html or "★ 4.0" in html


def test_the_review_form_is_for_the_buyer_only(client, listing):
    order = order_of(listing)
    url = f"/market/orders/{order.code}/review/{listing.pk}/"
    data = {"rating": "5", "text": "Tốt", "author_name": "Mai"}
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert not Review.objects.exists()
    session = client.session
    session["market_orders"] = [order.code]
    session.save()
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    assert Review.objects.get().rating == 5
    # Once reviewed, the form is gone.
    assert client.get(url).status_code == 404


def test_the_phone_remembered_by_the_order_pages_opens_the_form(client, listing):
    order = order_of(listing)
    url = f"/market/orders/{order.code}/review/{listing.pk}/"
    session = client.session
    session["market_phones"] = ["+84999999999"]
    session.save()
    assert client.get(url).status_code == 404
    session["market_phones"] = [order.buyer_phone]
    session.save()
    assert client.get(url).status_code == 200


def test_the_signed_in_buyer_may_review(client, listing, make_user):
    buyer = make_user("Người mua")
    order = order_of(listing, buyer=buyer)
    client.force_login(buyer)
    url = f"/market/orders/{order.code}/review/{listing.pk}/"
    assert client.post(url, {"rating": "4", "author_name": "Mai"}).status_code == 302
    assert Review.objects.filter(order=order).count() == 1


def test_an_undelivered_order_has_no_review_form(client, listing):
    order = order_of(listing, status=OrderStatus.SHIPPED)
    session = client.session
    session["market_orders"] = [order.code]
    session.save()
    assert client.get(f"/market/orders/{order.code}/review/{listing.pk}/").status_code == 404

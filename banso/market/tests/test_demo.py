"""The marketplace's part of ``manage.py seed_demo``: four approved shops, their traced products on
sale (OCOP badges in force), feeds written, two orders (one delivered and reviewed, one waiting
for its transfer), and nothing added by seeding again."""

import io

import pytest
from django.core.management import call_command

from banso.market.models import (
    FeedFile,
    Listing,
    ListingStatus,
    Order,
    OrderStatus,
    Review,
    Shop,
    ShopStatus,
)
from banso.market.selectors.listings import ocop_badge
from banso.market.selectors.search import listing_search


@pytest.fixture
def seeded(places, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_shops_sell_the_demo_products(seeded):
    assert set(Shop.objects.values_list("status", flat=True)) == {ShopStatus.APPROVED}
    assert Shop.objects.count() == 4
    listings = Listing.objects.filter(status=ListingStatus.ACTIVE)
    assert listings.count() == 5
    assert all(listing.price_vnd > 0 and listing.stock_total > 0 for listing in listings)
    badges = [ocop_badge(listing) for listing in listings.select_related("ocop_certificate")]
    assert sum(badge is not None for badge in badges) == 3
    titles = [listing.title for listing in listing_search(query="quyt duong").listings]
    assert titles == ["Quýt đường Mường Khương"]
    assert FeedFile.objects.exclude(file="").count() >= 5


def test_demo_orders_went_through_the_checkout(seeded):
    orders = {order.shop.slug: order for order in Order.objects.select_related("shop")}
    delivered, waiting = orders["quyt-muong-khuong"], orders["man-che-bac-ha"]
    assert (delivered.status, delivered.payment_method) == (OrderStatus.DELIVERED, "cod")
    assert delivered.delivery_fee_vnd == 30000 and delivered.total_vnd == 280000
    assert (waiting.status, waiting.payment_method) == (OrderStatus.NEW, "vietqr")
    assert list(delivered.events.order_by("pk").values_list("status_to", flat=True)) == [
        "new",
        "confirmed",
        "shipped",
        "delivered",
    ]
    review = Review.objects.get()
    assert (review.order, review.rating, review.is_visible) == (delivered, 5, True)
    quyt = Listing.objects.get(pk=review.listing_id)
    assert (quyt.review_count, quyt.rating_total, quyt.sold_count) == (1, 5, 1)


def test_seeding_again_adds_no_market_rows(seeded):
    def counts():
        return [model.objects.count() for model in (Shop, Listing, FeedFile, Order, Review)]

    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before

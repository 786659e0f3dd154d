"""The marketplace's part of ``manage.py seed_demo``: four approved shops, their traced products on
sale (OCOP badges in force), feeds written, two orders (one delivered and reviewed, one waiting
for its transfer), and nothing added by seeding again."""

import io

import pytest
from django.core.management import call_command

from banso.common.tests.uploads_support import page_images
from banso.market.demo import PICTURES
from banso.market.models import (
    FeedFile,
    Listing,
    ListingPhoto,
    ListingStatus,
    Order,
    OrderStatus,
    Review,
    Shop,
    ShopPhoto,
    ShopStatus,
)
from banso.market.selectors.listings import ocop_badge
from banso.market.selectors.search import listing_search


@pytest.fixture
def seeded(demo):
    return demo


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


def test_demo_shops_and_listings_have_photos_that_serve(seeded, client):
    shipped = list(PICTURES.glob("demo-*.webp"))
    assert len(shipped) == 9
    assert all(path.stat().st_size < 30_000 for path in shipped)
    listings = Listing.objects.filter(status=ListingStatus.ACTIVE)
    assert all(listing.photos.exists() for listing in listings)
    assert all(shop.photos.exists() for shop in Shop.objects.all())
    for photo in [*ListingPhoto.objects.all(), *ShopPhoto.objects.all()]:
        response = client.get(photo.image.url)
        assert response.status_code == 200, photo.image.url
        assert response["Content-Type"] == "image/webp"
        assert photo.renditions  # the small copy for the pages was made with the upload
    home = client.get("/market/").content.decode()
    pictures = [address for address in page_images(home) if address.endswith(".webp")]
    assert len(pictures) >= listings.count()
    for address in pictures:
        assert client.get(address).status_code == 200, address


def test_demo_listings_show_the_journey_of_their_lot_on_sale(seeded):
    for listing in Listing.objects.select_related("lot_on_sale"):
        assert listing.lot_on_sale is not None
        assert listing.lot_on_sale.product_id == listing.product_id


def test_seeding_twice_adds_no_photo(seeded):
    counts = ListingPhoto.objects.count(), ShopPhoto.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (ListingPhoto.objects.count(), ShopPhoto.objects.count()) == counts

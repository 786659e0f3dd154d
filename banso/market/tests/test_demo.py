"""The marketplace's part of ``manage.py seed_demo``: four approved shops, their traced products on
sale (OCOP badges in force), feeds written, and nothing added by seeding again."""

import io

import pytest
from django.core.management import call_command

from banso.market.models import FeedFile, Listing, ListingStatus, Shop, ShopStatus
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


def test_seeding_again_adds_no_market_rows(seeded):
    before = (Shop.objects.count(), Listing.objects.count(), FeedFile.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Shop.objects.count(), Listing.objects.count(), FeedFile.objects.count()) == before

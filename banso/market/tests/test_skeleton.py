"""The marketplace's shared pieces: money formatting, listing summaries, the trace page's link."""

import pytest
from django.utils import translation

from banso.market.models import ListingVariant
from banso.market.services.summary import listing_summary_refresh
from banso.market.templatetags.market import format_vnd
from banso.trace.resolver import provided_links


@pytest.mark.parametrize(
    ("language", "amount", "shown"),
    [
        ("vi", 0, "0\u00a0₫"),
        ("vi", 1250000, "1.250.000\u00a0₫"),
        ("vi", -5000, "-5.000\u00a0₫"),
        ("en", 999, "VND\u00a0999"),
        ("en", 1250000, "VND\u00a01,250,000"),
        ("zh-hans", 1250000, "1,250,000\u00a0越南盾"),
    ],
)
def test_money_is_written_the_way_the_pages_language_does(language, amount, shown):
    with translation.override(language):
        assert format_vnd(amount) == shown


@pytest.mark.django_db
def test_summary_takes_lowest_price_on_sale_and_folded_words(listing):
    assert listing.price_vnd == 250000
    assert listing.stock_total == 13
    assert "quyt" in listing.search_text.split()
    assert "muong" in listing.search_text.split()
    ListingVariant.objects.filter(listing=listing, price_vnd=250000).update(is_active=False)
    listing_summary_refresh(listing)
    listing.refresh_from_db()
    assert (listing.price_vnd, listing.stock_total) == (450000, 3)


@pytest.mark.django_db
def test_a_product_on_sale_gets_a_buy_link(listing, product, client):
    links = list(provided_links(product=product, lot=None))
    assert any(link.href == f"/market/p/{listing.pk}/" for link in links)
    assert client.get(f"/market/p/{listing.pk}/").status_code == 200

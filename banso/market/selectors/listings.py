"""Reads of listings: what the public sees, and what a shop manages."""

from banso.market.models import Listing, ListingStatus, ShopStatus
from banso.trace.models import Product


def listings_public():
    """Listings anyone may see: on sale, in an open shop."""
    return Listing.objects.filter(status=ListingStatus.ACTIVE, shop__status=ShopStatus.APPROVED)


def listing_for_product(*, product: Product) -> Listing | None:
    """The listing a trace page links to: the product's listing on sale, if any."""
    return listings_public().filter(product=product).order_by("-created_at").first()

"""The marketplace's link provider: a product on sale gets a "buy" link on its trace page and in
its Digital Link linkset, so a buyer who scanned a stamp can buy in one tap."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from banso.trace.models import Lot, Product
from banso.trace.resolver import Link

# GS1 Web Vocabulary: "a link to a list of retailers" (here: the shops that sell it).
HAS_RETAILERS = "gs1:hasRetailers"


class ListingLinkProvider:
    """Registered from ``MarketConfig.ready()``."""

    def knows_serial(self, *, product: Product, lot: Lot | None, serial: str) -> bool:
        return False

    def links(self, *, product: Product, lot: Lot | None, serial: str | None) -> Iterable[Link]:
        from banso.market.selectors.listings import listing_for_product

        listing = listing_for_product(product=product)
        if listing is None:
            return []
        return [Link(HAS_RETAILERS, listing_path(listing), _("Buy in the provincial marketplace"))]


def listing_path(listing) -> str:
    from django.urls import reverse

    return reverse("market:listing-detail", args=[listing.pk])


provider = ListingLinkProvider()

"""When the marketplace's shared public pages are forgotten (``common.page_cache``).

The front page, a search, a shop and a listing all show listings of many shops, so they
depend on one version, ``"market"``, bumped after any write of a listing, a variant (its price
and stock), a photo, a shop or a review commits; and on ``"orgs"`` (a producer's name and
certificates). Saves are caught by the signals below; the services that write with UPDATE
(stock taken by a checkout, a listing's summary, a review's counts) call
:func:`market_pages_forget` themselves. What a listing page shows of trace (the latest lot)
shows within ``PAGE_CACHE_SECONDS``.
"""

from django.db.models.signals import post_delete, post_save

from banso.common.page_cache import page_versions_bump
from banso.market.models import (
    Listing,
    ListingPhoto,
    ListingVariant,
    Review,
    Shop,
    ShopDeliveryRate,
    ShopPhoto,
)
from banso.trace.models import ProductPhoto

MARKET_PAGE_VERSIONS = ("market", "orgs")
WATCHED = (
    Listing,
    ListingVariant,
    ListingPhoto,
    Shop,
    ShopPhoto,
    ShopDeliveryRate,
    Review,
    # A listing without photos shows its product's.
    ProductPhoto,
)


def market_pages_forget() -> None:
    """Forget every shared marketplace page once the current transaction commits."""
    page_versions_bump("market")


def _changed(sender, **kwargs) -> None:
    market_pages_forget()


def market_page_signals_connect() -> None:
    for model in WATCHED:
        uid = f"market_pages_{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}_deleted")

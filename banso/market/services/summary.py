"""What a listing keeps about its variants and its words, so that lists and search read one row.

Every service that changes a listing, its variants or its shop's name calls
:func:`listing_summary_refresh` in the same transaction; a checkout, which changes only stock
and sales, calls :func:`listings_sold`. A product's name belongs to ``trace``,
which tells of a rename through its ``product_renamed`` signal: :func:`product_listings_refresh`
answers it, in the rename's transaction.
"""

from django.db.models import F, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import translation

from banso.common.text import fold_words
from banso.market.models import Listing, ListingVariant
from banso.market.page_cache import market_pages_forget
from banso.trace.models import ProductCategory


def listing_search_text(listing: Listing) -> str:
    """The folded words a search matches: title, product name, shop name, commune and category
    (its Vietnamese name), so "quyt muong khuong" and "che" both find what they should."""
    with translation.override("vi"):
        category = str(ProductCategory(listing.category).label) if listing.category else ""
    parts = [
        listing.title,
        listing.product.name,
        listing.shop.name,
        listing.unit.name,
        category,
    ]
    words: list[str] = []
    for part in parts:
        for word in fold_words(part):
            if word not in words:
                words.append(word)
    return " ".join(words)


def _on_sale(figure):
    """``figure`` (``Min("price_vnd")``, ``Sum("stock")``) over a listing's variants on sale, as a
    subquery of the listing's row; 0 when none is on sale."""
    variants = ListingVariant.objects.filter(listing=OuterRef("pk"), is_active=True)
    per_listing = variants.values("listing").annotate(figure=figure).values("figure")
    return Coalesce(Subquery(per_listing), 0)


def listing_summary_refresh(listing: Listing) -> Listing:
    """Recompute ``price_vnd`` (lowest price on sale), ``stock_total`` and ``search_text``."""
    listing.price_vnd, listing.stock_total = Listing.objects.values_list(
        _on_sale(Min("price_vnd")), _on_sale(Sum("stock"))
    ).get(pk=listing.pk)
    listing.search_text = listing_search_text(listing)
    Listing.objects.filter(pk=listing.pk).update(
        price_vnd=listing.price_vnd,
        stock_total=listing.stock_total,
        search_text=listing.search_text,
    )
    market_pages_forget()
    return listing


def listings_sold(sold: dict[int, int]) -> None:
    """After a checkout took stock: each listing's ``stock_total`` again and its ``sold_count``
    moved on by ``sold[listing_id]``, in one UPDATE a listing.

    A checkout changes neither a price nor a word, so the rest of the summary stands; one
    statement also writes the row once, where a summary refresh after a sales count would
    write it twice (the sales count is indexed, so each write adds to every index of the row).
    """
    for listing_id, quantity in sorted(sold.items()):
        Listing.objects.filter(pk=listing_id).update(
            stock_total=_on_sale(Sum("stock")), sold_count=F("sold_count") + quantity
        )
    market_pages_forget()


def product_listings_refresh(*, product) -> int:
    """Recompute the search words of every listing of ``product`` (its name is among them).
    Returns how many listings were refreshed."""
    listings = Listing.objects.filter(product=product).select_related("shop", "unit")
    count = 0
    for listing in listings:
        listing.product = product
        listing_summary_refresh(listing)
        count += 1
    return count


def on_product_renamed(sender, *, product, **kwargs) -> None:
    """Receiver of ``banso.trace.signals.product_renamed`` (connected in ``MarketConfig``)."""
    product_listings_refresh(product=product)

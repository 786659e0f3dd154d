"""Shops, listings and variants made straight in the database, for the marketplace's tests."""

from django.utils import timezone

from banso.market.models import Listing, ListingStatus, ListingVariant, Shop, ShopStatus
from banso.market.services.summary import listing_summary_refresh


def shop_make(organisation, *, slug: str, status: str = ShopStatus.APPROVED, **fields) -> Shop:
    from banso.common.text import fold

    values = {"name": organisation.name, "unit": organisation.unit, **fields}
    shop = Shop(organisation=organisation, slug=slug, status=status, **values)
    shop.name_folded = fold(shop.name)
    if status == ShopStatus.APPROVED:
        shop.reviewed_at = timezone.now()
    shop.full_clean()
    shop.save()
    return shop


def listing_make(
    shop: Shop,
    product,
    *,
    variants: list[tuple[str, int, int]],
    title: str | None = None,
    status: str = ListingStatus.ACTIVE,
    **fields,
) -> Listing:
    """A listing of ``product`` with ``variants`` given as (label, price_vnd, stock)."""
    listing = Listing(
        shop=shop,
        product=product,
        title=title or product.name,
        category=product.category,
        unit=shop.unit,
        status=status,
        **fields,
    )
    listing.full_clean()
    listing.save()
    for position, (label, price_vnd, stock) in enumerate(variants):
        variant = ListingVariant(
            listing=listing, label=label, price_vnd=price_vnd, stock=stock, position=position
        )
        variant.full_clean()
        variant.save()
    return listing_summary_refresh(listing)

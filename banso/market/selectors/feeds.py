"""Reads for the feeds to national marketplaces: what goes in a feed, and who sees which feed.

A variant goes in a feed when its listing is pushed by its shop (``push_to_feeds``), on sale in
an open shop, and the variant itself is on sale.
"""

import datetime
from collections.abc import Iterator
from typing import cast

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from banso.market.feeds.items import FeedItem, feed_items
from banso.market.models import (
    CategoryMapping,
    FeedFile,
    FeedKind,
    Listing,
    ListingPhoto,
    ListingStatus,
    ListingVariant,
    Shop,
    ShopStatus,
)
from banso.orgs.selectors import certificate_in_force_q
from banso.trace.models import ProductPhoto

ROW_FIELDS = (
    "pk",
    "listing_id",
    "label",
    "price_vnd",
    "stock",
    "sku",
    "weight_grams",
    "listing__title",
    "listing__description",
    "listing__category",
    "listing__product__description",
    "listing__product__gtin",
    "listing__shop__name",
    "listing__shop__slug",
    "listing__shop__delivery_fee_vnd",
    "listing__unit__name",
)


def feed_variants(*, shop: Shop | None = None) -> QuerySet[ListingVariant]:
    """The variants a feed carries (the whole province's, or one shop's), in a stable order."""
    variants = ListingVariant.objects.filter(
        is_active=True,
        listing__push_to_feeds=True,
        listing__status=ListingStatus.ACTIVE,
        listing__shop__status=ShopStatus.APPROVED,
    )
    if shop is not None:
        variants = variants.filter(listing__shop=shop)
    return variants.order_by("listing_id", "position", "pk")


def feed_rows(*, shop: Shop | None = None, today: datetime.date | None = None) -> QuerySet:
    """One flat row per variant: the listing's first photo (else its product's) and its OCOP
    certificate come from subqueries and joins, so the whole feed is one query. ``ocop_in_force``
    says whether that certificate is in force ``today`` (by orgs' rule)."""
    first_listing_photo = ListingPhoto.objects.filter(listing=OuterRef("listing_id")).order_by(
        "position", "pk"
    )
    first_product_photo = ProductPhoto.objects.filter(
        product=OuterRef("listing__product_id")
    ).order_by("position", "pk")
    return (
        feed_variants(shop=shop)
        .annotate(
            listing_photo=Subquery(first_listing_photo.values("image")[:1]),
            product_photo=Subquery(first_product_photo.values("image")[:1]),
            ocop_in_force=ExpressionWrapper(
                certificate_in_force_q(
                    on=today or timezone.localdate(), through="listing__ocop_certificate__"
                ),
                output_field=BooleanField(),
            ),
        )
        .values(
            *ROW_FIELDS,
            "listing_photo",
            "product_photo",
            "ocop_in_force",
            ocop_stars=F("listing__ocop_certificate__ocop_stars"),
        )
    )


def feed_item_iter(*, shop: Shop | None = None, chunk_size: int = 2000) -> Iterator[FeedItem]:
    """The feed's items, read from the database in chunks so memory stays flat."""
    return feed_items(feed_rows(shop=shop).iterator(chunk_size=chunk_size))


def category_mapping_table(marketplace: str) -> dict[str, tuple[str, str]]:
    """Our category → (their id, their name) for one marketplace."""
    return {
        category: (external_id, external_name)
        for category, external_id, external_name in CategoryMapping.objects.filter(
            marketplace=marketplace
        ).values_list("category", "external_id", "external_name")
    }


def category_mappings_all() -> dict[tuple[str, str], CategoryMapping]:
    return {
        (mapping.marketplace, mapping.category): mapping
        for mapping in CategoryMapping.objects.all()
    }


def feed_files_province() -> dict[str, FeedFile]:
    return {feed.kind: feed for feed in FeedFile.objects.filter(shop__isnull=True)}


def feed_files_for_shops(shops) -> dict[int, dict[str, FeedFile]]:
    files: dict[int, dict[str, FeedFile]] = {}
    for feed in FeedFile.objects.filter(shop__in=shops):
        files.setdefault(cast(int, feed.shop_id), {})[feed.kind] = feed  # shop__in: never None
    return files


def feed_file_public(*, kind: str, shop_slug: str | None = None) -> FeedFile | None:
    """The file a marketplace fetches: the province's, or an open shop's."""
    if kind not in FeedKind.values:
        return None
    feeds = FeedFile.objects.filter(kind=kind).exclude(file="")
    if shop_slug is None:
        feeds = feeds.filter(shop__isnull=True)
    else:
        feeds = feeds.filter(shop__slug=shop_slug, shop__status=ShopStatus.APPROVED)
    return feeds.first()


def feed_listings_for_shop(shop: Shop) -> QuerySet[Listing]:
    """A shop's listings with what decides whether they can go in a feed."""
    return Listing.objects.filter(shop=shop).order_by("title", "pk")


def shops_with_pushed_listings() -> QuerySet[Shop]:
    return Shop.objects.filter(
        status=ShopStatus.APPROVED,
        listings__push_to_feeds=True,
        listings__status=ListingStatus.ACTIVE,
    ).distinct()

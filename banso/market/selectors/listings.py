"""Reads of listings: what the public sees, and what a shop manages."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from banso.market.models import (
    Listing,
    ListingPhoto,
    ListingStatus,
    ListingVariant,
    OcopGroup,
    Review,
    Shop,
    ShopStatus,
)
from banso.market.selectors.shops import shops_for_user
from banso.orgs.selectors import certificate_is_in_force
from banso.trace.models import Lot, Product, ProductPhoto


def listings_public():
    """Listings anyone may see: on sale, in an open shop.

    The shops that are not open (waiting, refused, suspended: few, against the many listings)
    are excluded by a subquery rather than the open ones joined: the databases filter the
    search's thousands of matches against a short hashed list, with no join for PostgreSQL to
    plan badly when it guesses that a query of several words matches a single listing."""
    closed = Shop.objects.exclude(status=ShopStatus.APPROVED).values("pk")
    return Listing.objects.filter(status=ListingStatus.ACTIVE).exclude(shop__in=closed)


def listing_for_product(*, product: Product) -> Listing | None:
    """The listing a trace page links to: the product's listing on sale, if any."""
    return listings_public().filter(product=product).order_by("-created_at").first()


@dataclass(frozen=True)
class OcopBadge:
    """What the OCOP block shows: stars, group, certificate number and end of validity."""

    stars: int
    year: int | None
    group: str
    group_label: str
    number: str
    valid_until: datetime.date | None


def ocop_badge(listing: Listing, *, today: datetime.date | None = None) -> OcopBadge | None:
    """The listing's OCOP badge, or None when it has no certificate or the certificate is not
    in force today (an expired star rating must not be shown to buyers)."""
    certificate = listing.ocop_certificate
    if certificate is None or certificate.ocop_stars is None:
        return None
    if not certificate_is_in_force(certificate, on=today or timezone.localdate()):
        return None
    group = listing.ocop_group
    return OcopBadge(
        stars=certificate.ocop_stars,
        year=certificate.ocop_year,
        group=group,
        group_label=str(OcopGroup(group).label) if group else "",
        number=certificate.number,
        valid_until=certificate.valid_until,
    )


def listing_public_detail(pk: int) -> Listing:
    """One listing on sale with everything its page shows, in a fixed handful of queries:
    variants on sale, photos (the listing's, else the product's), visible reviews.
    ``Listing.DoesNotExist`` when it is not on sale."""
    return (
        listings_public()
        .select_related(
            "shop__unit__parent",
            "shop__organisation",
            "product",
            "ocop_certificate",
            "unit",
            "lot_on_sale",
        )
        .prefetch_related(
            Prefetch(
                "variants",
                queryset=ListingVariant.objects.filter(is_active=True),
                to_attr="variants_on_sale",
            ),
            Prefetch("photos", queryset=ListingPhoto.objects.order_by("position", "pk")),
            Prefetch("product__photos", queryset=ProductPhoto.objects.order_by("position", "pk")),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(is_visible=True).order_by("-created_at")[:20],
                to_attr="reviews_shown",
            ),
        )
        .get(pk=pk)
    )


def listing_lots_choosable(listing: Listing | None, *, organisation) -> QuerySet[Lot]:
    """The lots a shop may name as the one on sale: those of the listing's product (of the
    organisation's products while the listing is being made), newest first."""
    lots = Lot.objects.select_related("product").order_by("-harvest_date", "-pk")
    if listing is not None and listing.pk:
        return lots.filter(product_id=listing.product_id)
    return lots.filter(product__organisation=organisation)


def listings_of_shop_public(shop: Shop) -> QuerySet[Listing]:
    """A shop's listings on sale, for its public page (the card needs shop and commune)."""
    return (
        listings_public()
        .filter(shop=shop)
        .select_related("shop", "unit", "ocop_certificate")
        .order_by("title")
    )


def listings_for_manage(user, *, shop: Shop | None = None) -> QuerySet[Listing]:
    """Every listing (draft, on sale, hidden) of the shops ``user`` manages."""
    listings = Listing.objects.filter(shop__in=shops_for_user(user).values("pk"))
    if shop is not None:
        listings = listings.filter(shop=shop)
    return listings.select_related("shop", "product", "ocop_certificate").order_by(
        "shop__name_sort", "title"
    )


def listing_for_manage(user, pk: int) -> Listing:
    """One listing ``user`` may change, with all its variants and photos;
    ``Listing.DoesNotExist`` otherwise."""
    return (
        listings_for_manage(user)
        .select_related("shop__organisation")
        .prefetch_related(
            Prefetch("variants", queryset=ListingVariant.objects.order_by("position", "pk")),
            Prefetch("photos", queryset=ListingPhoto.objects.order_by("position", "pk")),
        )
        .get(pk=pk)
    )


def listings_of_organisation(organisation_id: int, *, limit: int = 6) -> list[Listing]:
    """An organisation's listings on sale, newest first, for another app's page (a homestay
    shows what its host sells): title, price and shop in one query, and their titles'
    translations in the active language in one more (none in Vietnamese)."""
    from banso.lingo.selectors import translations_prefetch

    listings = list(
        listings_public()
        .filter(shop__organisation_id=organisation_id)
        .select_related("shop")
        .order_by("-created_at", "-pk")[:limit]
    )
    translations_prefetch(listings)
    return listings

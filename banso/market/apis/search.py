"""GET /api/market/listings/search: the marketplace search for other systems and apps, with the
same words, filters and order as the search page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from banso.common.api_auth import optional_auth
from banso.market.models import Listing
from banso.market.provider import listing_path
from banso.market.selectors.search import MAX_PRICE_VND, listing_search
from banso.orgs.selectors import certificate_is_in_force
from banso.trace.models import ProductCategory

router = Router(tags=["market"])


class ListingSearchIn(Schema):
    q: str = Field("", max_length=200, description="Words, with or without diacritics.")
    category: ProductCategory | None = None
    commune: str = Field("", max_length=10, description="Official code of the commune or ward.")
    ocop_stars: int | None = Field(None, ge=3, le=5, description="At least this many stars.")
    price_min: int | None = Field(None, ge=0, le=MAX_PRICE_VND)
    price_max: int | None = Field(None, ge=0, le=MAX_PRICE_VND)
    limit: int = Field(
        settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
    )
    offset: int = Field(0, ge=0, le=settings.NINJA_PAGINATION_MAX_OFFSET)


class ShopRef(Schema):
    slug: str
    name: str


class CommuneRef(Schema):
    code: str
    name: str


class ListingSummaryOut(Schema):
    id: int
    title: str
    shop: ShopRef
    commune: CommuneRef
    category: str
    price_vnd: int
    ocop_stars: int | None
    url: str


class ListingSearchOut(Schema):
    count: int = Field(description="Matches, counted up to 500.")
    count_is_capped: bool = Field(description="More match than ``count``.")
    items: list[ListingSummaryOut]


def _ocop_stars(listing: Listing, today) -> int | None:
    certificate = listing.ocop_certificate
    if certificate is None or not certificate_is_in_force(certificate, on=today):
        return None
    return certificate.ocop_stars


def _summary(request: HttpRequest, listing: Listing, today) -> dict:
    return {
        "id": listing.pk,
        "title": listing.title,
        "shop": listing.shop,
        "commune": listing.unit,
        "category": listing.category,
        "price_vnd": listing.price_vnd,
        "ocop_stars": _ocop_stars(listing, today),
        "url": request.build_absolute_uri(listing_path(listing)),
    }


@router.get(
    "/listings/search",
    response=ListingSearchOut,
    auth=optional_auth,
    summary="Listings on sale, searched without diacritics, best match first",
)
def listings_search(request, filters: Query[ListingSearchIn]):
    result = listing_search(
        query=filters.q,
        category=filters.category or "",
        unit_code=filters.commune,
        ocop_stars_min=filters.ocop_stars,
        price_min=filters.price_min,
        price_max=filters.price_max,
        limit=filters.limit,
        offset=filters.offset,
    )
    today = timezone.localdate()
    return {
        "count": result.total,
        "count_is_capped": result.total_is_capped,
        "items": [_summary(request, listing, today) for listing in result.listings],
    }

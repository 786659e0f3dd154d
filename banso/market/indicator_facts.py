"""The marketplace's facts for ``banso.indicators`` (the commune digital scorecard): OCOP
products on sale and shops open, by the shop's commune. Registered from ``MarketConfig.ready``;
indicators does not import the marketplace.

Both are counted as they stand today, under the current year: listings and shops keep no
history of when they were on sale or open.
"""

from collections.abc import Iterable

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.indicators.facts import Fact, FactSource
from banso.market.models import Listing, ListingStatus, Shop, ShopStatus

OCOP_LISTINGS = "market.ocop_listings"
SHOPS_OPEN = "market.shops_open"


def _ocop_listings():
    return Listing.objects.filter(
        status=ListingStatus.ACTIVE,
        ocop_certificate__isnull=False,
        shop__status=ShopStatus.APPROVED,
    )


def _shops_open():
    return Shop.objects.filter(status=ShopStatus.APPROVED)


class MarketFacts:
    name = "market"

    def codes(self) -> dict[str, str]:
        return {
            OCOP_LISTINGS: str(_("OCOP products on sale in the marketplace")),
            SHOPS_OPEN: str(_("Shops open in the marketplace")),
        }

    def facts(self, *, year: int | None) -> Iterable[Fact]:
        this_year = timezone.localdate().year
        if year is not None and year != this_year:
            return
        period = str(this_year)
        for code, rows in (
            (OCOP_LISTINGS, _ocop_listings().values("shop__unit_id")),
            (SHOPS_OPEN, _shops_open().values("unit_id")),
        ):
            for row in rows.annotate(count=Count("id")).order_by():
                unit_id = row.get("shop__unit_id", row.get("unit_id"))
                yield Fact(code=code, period=period, value=row["count"], unit_id=unit_id)

    def fact_sources(self, *, code: str, unit_id: int, year: int) -> list[FactSource]:
        if year != timezone.localdate().year:
            return []
        if code == OCOP_LISTINGS:
            listings = _ocop_listings().filter(shop__unit_id=unit_id).select_related("shop")
            return [
                FactSource(
                    label=f"{listing.title} · {listing.shop.name}",
                    value=1,
                    url=reverse("market:listing-detail", args=[listing.pk]),
                )
                for listing in listings.order_by("title")
            ]
        if code == SHOPS_OPEN:
            return [
                FactSource(
                    label=shop.name, value=1, url=reverse("market:shop-detail", args=[shop.slug])
                )
                for shop in _shops_open().filter(unit_id=unit_id).order_by("name_sort")
            ]
        return []


market_facts = MarketFacts()

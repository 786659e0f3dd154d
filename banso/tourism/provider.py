"""Tourism's link provider: a product's trace page and Digital Link linkset point to the stays
and tours of the organisation that made it, so a buyer who scanned a stamp of a co-operative's
tea can book a night in its homestay.

What a provider gives is kept by the resolver's cache and the trace page's cache for at most
``RESOLUTION_CACHE_SECONDS`` / ``PAGE_CACHE_SECONDS`` (a minute): a stay approved or suspended
shows or goes within that time, as a listing does for the marketplace's "buy" link. Forgetting
those pages at once would mean finding every lot of every product of the organisation, in every
language, on each approval: a minute's delay costs less.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banso.orgs.offers import OfferLink, OfferPanel
from banso.trace.models import Lot, Product
from banso.trace.resolver import Link

# GS1 Web Vocabulary: "a page for scheduling a reservation or booking".
SCHEDULE_TIME = "gs1:scheduleTime"


class TourismLinkProvider:
    """Registered from ``TourismConfig.ready()``."""

    def knows_serial(self, *, product: Product, lot: Lot | None, serial: str) -> bool:
        return False

    def links(self, *, product: Product, lot: Lot | None, serial: str | None) -> Iterable[Link]:
        return [
            Link(SCHEDULE_TIME, link.url, link.title)
            for link in _offer_links(product.organisation_id)
        ]


def _offer_links(organisation_id: int) -> list[OfferLink]:
    """The organisation's stays, then tours, as titled links (at most three)."""
    from banso.tourism.selectors.links import tourism_offers_for_organisation

    links = []
    for offer in tourism_offers_for_organisation(organisation_id):
        if offer.kind == "stay":
            url = reverse("tourism:stay-detail", args=[offer.slug])
            title = _("Stay at the co-operative's homestay: %(name)s") % {"name": offer.name}
        else:
            url = reverse("tourism:tour-detail", args=[offer.slug])
            title = _("Tour: %(name)s") % {"name": offer.name}
        links.append(OfferLink(title=title, url=url))
    return links


def tourism_offer_panel(organisation_id: int) -> OfferPanel | None:
    """The organisation's stays and tours as a panel of its other pages (its marketplace
    shop), registered with ``banso.orgs.offers``; the pages that show it depend on the
    ``"tourism"`` page version, so an approval or a suspension shows on the next request."""
    links = _offer_links(organisation_id)
    if not links:
        return None
    return OfferPanel(
        key="tourism", title=gettext_lazy("Stay and travel with us"), links=tuple(links)
    )


provider = TourismLinkProvider()

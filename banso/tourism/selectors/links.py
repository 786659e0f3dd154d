"""What tourism offers of an organisation to the other apps' pages (the trace page and linkset
of its products, its marketplace shop page): its approved stays and tours, as plain values."""

from dataclasses import dataclass

from django.db.models import Value

from banso.tourism.selectors.public import lodgings_public, tours_public

OFFERS_SHOWN = 3


@dataclass(frozen=True)
class TourismOffer:
    kind: str  # "stay" or "tour"
    name: str
    slug: str


def tourism_offers_for_organisation(
    organisation_id: int, *, limit: int = OFFERS_SHOWN
) -> list[TourismOffer]:
    """The organisation's stays, then its tours, that visitors may see (approved, of an active
    and approved organisation), ``limit`` at most, each kind by name: one query (a UNION), as
    it runs on every trace page built of the organisation's products."""
    stays = (
        lodgings_public()
        .filter(organisation_id=organisation_id)
        .annotate(offer_kind=Value("stay"))
        .values_list("offer_kind", "name", "slug", "name_sort")
        .order_by()
    )
    tours = (
        tours_public()
        .filter(organisation_id=organisation_id)
        .annotate(offer_kind=Value("tour"))
        .values_list("offer_kind", "name", "slug", "name_sort")
        .order_by()
    )
    rows = stays.union(tours, all=True).order_by("offer_kind", "name_sort", "slug")[:limit]
    return [TourismOffer(kind, name, slug) for kind, name, slug, _sort in rows]

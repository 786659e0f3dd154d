"""What visitors may see of tourism: published places, approved stays and tours of active,
approved organisations.

Each list is one query (its card photo and starting price are read by subqueries, not one query
a row); the translations of a list are read by ``translations_prefetch`` in one more query a
model. A detail lookup raises the model's ``DoesNotExist`` for anything not shown to visitors,
which the views turn into a 404.
"""

import datetime

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from banso.orgs.models import OrganisationApproval
from banso.places.models import AdministrativeUnit
from banso.tourism.models import (
    ListingStatus,
    Lodging,
    LodgingPhoto,
    Place,
    PlacePhoto,
    RoomType,
    Tour,
    TourDeparture,
    TourPhoto,
)


def _first_photo(model, parent: str) -> dict[str, Subquery]:
    photos = model.objects.filter(**{parent: OuterRef("pk")}).order_by("position", "pk")
    if model is LodgingPhoto:
        photos = photos.filter(room_type__isnull=True)
    return {
        "card_image": Subquery(photos.values("image")[:1]),
        "card_renditions": Subquery(photos.values("renditions")[:1]),
    }


def places_public() -> QuerySet[Place]:
    return Place.objects.filter(is_published=True)


def lodgings_public() -> QuerySet[Lodging]:
    """Approved stays of organisations that are active and approved (as shops are shown)."""
    return Lodging.objects.filter(
        status=ListingStatus.APPROVED,
        organisation__is_active=True,
        organisation__approval=OrganisationApproval.APPROVED,
    )


def tours_public() -> QuerySet[Tour]:
    return Tour.objects.filter(
        status=ListingStatus.APPROVED,
        organisation__is_active=True,
        organisation__approval=OrganisationApproval.APPROVED,
    )


def places_browse(*, unit: AdministrativeUnit | None = None, kind: str = "") -> QuerySet[Place]:
    places = places_public().select_related("unit").annotate(**_first_photo(PlacePhoto, "place"))
    if unit is not None:
        places = places.filter(unit=unit)
    if kind:
        places = places.filter(kind=kind)
    return places.order_by("name_sort")


def lodgings_browse(
    *,
    unit: AdministrativeUnit | None = None,
    kind: str | None = None,
    max_rate_vnd: int | None = None,
) -> QuerySet[Lodging]:
    """The stays a visitor browses, cheapest room type first read as ``from_rate_vnd``.

    One function holds every filter of the stays list, so that more (dates, party size) are
    added here and nowhere else."""
    cheapest = (
        RoomType.objects.filter(lodging=OuterRef("pk"), is_active=True)
        .order_by("rate_vnd")
        .values("rate_vnd")[:1]
    )
    lodgings = (
        lodgings_public()
        .select_related("unit")
        .annotate(from_rate_vnd=Subquery(cheapest), **_first_photo(LodgingPhoto, "lodging"))
    )
    if unit is not None:
        lodgings = lodgings.filter(unit=unit)
    if kind:
        lodgings = lodgings.filter(kind=kind)
    if max_rate_vnd is not None:
        lodgings = lodgings.filter(from_rate_vnd__lte=max_rate_vnd)
    return lodgings.order_by("name_sort")


def tours_browse(
    *,
    unit: AdministrativeUnit | None = None,
    kind: str | None = None,
    max_price_vnd: int | None = None,
) -> QuerySet[Tour]:
    tours = tours_public().select_related("unit").annotate(**_first_photo(TourPhoto, "tour"))
    if unit is not None:
        tours = tours.filter(unit=unit)
    if kind:
        tours = tours.filter(kind=kind)
    if max_price_vnd is not None:
        tours = tours.filter(price_vnd__lte=max_price_vnd)
    return tours.order_by("name_sort")


def communes_with(queryset: QuerySet) -> QuerySet[AdministrativeUnit]:
    """The communes of the rows of ``queryset``, for a list's commune filter."""
    return AdministrativeUnit.objects.filter(pk__in=queryset.values("unit")).order_by("name")


def commune_find(code: str) -> AdministrativeUnit | None:
    if not code:
        return None
    return AdministrativeUnit.objects.filter(is_current=True, level="commune", code=code).first()


DEPARTURES_AHEAD = datetime.timedelta(days=120)


def _departures_upcoming() -> Prefetch:
    """The departures of the next four months that still run (a page shows the first ones)."""
    now = timezone.now()
    return Prefetch(
        "departures",
        queryset=TourDeparture.objects.filter(
            is_cancelled=False, starts_at__gt=now, starts_at__lte=now + DEPARTURES_AHEAD
        ).order_by("starts_at"),
    )


def place_public_get(slug: str) -> Place:
    """A published place with its photos and the approved tours that visit it (read with
    ``place.photos.all()`` and ``place.tours.all()``)."""
    return (
        places_public()
        .select_related("unit__parent", "village")
        .prefetch_related(
            Prefetch("photos", queryset=PlacePhoto.objects.order_by("position", "pk")),
            Prefetch("tours", queryset=tours_public().order_by("name_sort")),
        )
        .get(slug=slug)
    )


def lodging_public_get(slug: str) -> Lodging:
    """An approved stay with its own photos and its room types taking bookings (read with
    ``lodging.photos.all()`` and ``lodging.rooms.all()``)."""
    return (
        lodgings_public()
        .select_related("organisation", "unit__parent", "village")
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=LodgingPhoto.objects.filter(room_type__isnull=True).order_by(
                    "position", "pk"
                ),
            ),
            Prefetch(
                "rooms", queryset=RoomType.objects.filter(is_active=True).order_by("position", "pk")
            ),
        )
        .get(slug=slug)
    )


def tour_public_get(slug: str) -> Tour:
    """An approved tour with its photos, next departures and the published places it visits
    (``tour.photos.all()``, ``tour.departures.all()``, ``tour.places.all()``)."""
    return (
        tours_public()
        .select_related("organisation", "unit__parent")
        .prefetch_related(
            Prefetch("photos", queryset=TourPhoto.objects.order_by("position", "pk")),
            Prefetch("places", queryset=places_public().order_by("name_sort")),
            _departures_upcoming(),
        )
        .get(slug=slug)
    )


def place_is_public(slug: str) -> bool:
    return places_public().filter(slug=slug).exists()


def map_points() -> dict[str, list]:
    """Everything with coordinates a visitor can go to: places, stays, tours' meeting points."""
    return {
        "places": list(places_public().select_related("unit").order_by("name_sort")),
        "lodgings": list(lodgings_public().select_related("unit").order_by("name_sort")),
        "tours": list(
            tours_public()
            .filter(meeting_latitude__isnull=False, meeting_longitude__isnull=False)
            .select_related("unit")
            .order_by("name_sort")
        ),
    }

"""Places, stays, room types, tours, departures and festivals made straight in the database,
for tourism's tests (and other apps' tests that need a stay or a tour to book)."""

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from banso.common.text import fold, sort_key
from banso.tourism.models import (
    Festival,
    FestivalRule,
    ListingStatus,
    Lodging,
    LodgingPhoto,
    Place,
    PlaceKind,
    PlacePhoto,
    RoomType,
    Tour,
    TourDeparture,
    TourKind,
    TourPhoto,
)

# Lào Cai town, a point inside the province.
LATITUDE, LONGITUDE = 22.4856, 103.9707


def _named(row, name: str) -> None:
    row.name = name
    row.name_folded = fold(name)
    row.name_sort = sort_key(name)


def _saved(row):
    row.full_clean()
    row.save()
    return row


def place_make(
    unit,
    *,
    slug: str,
    name: str = "Chợ phiên Bắc Hà",
    kind: str = PlaceKind.MARKET,
    is_published: bool = True,
    **fields,
) -> Place:
    place = Place(
        slug=slug,
        kind=kind,
        unit=unit,
        latitude=fields.pop("latitude", LATITUDE),
        longitude=fields.pop("longitude", LONGITUDE),
        is_published=is_published,
        **fields,
    )
    _named(place, name)
    return _saved(place)


def lodging_make(
    organisation,
    *,
    slug: str,
    name: str = "Homestay Bản Phố",
    status: str = ListingStatus.APPROVED,
    **fields,
) -> Lodging:
    values = {
        "unit": organisation.unit,
        "latitude": LATITUDE,
        "longitude": LONGITUDE,
        "phone": "0981000123",
        "accepts_vietqr": False,
        **fields,
    }
    lodging = Lodging(organisation=organisation, slug=slug, status=status, **values)
    _named(lodging, name)
    if status == ListingStatus.APPROVED:
        lodging.reviewed_at = timezone.now()
    return _saved(lodging)


def room_type_make(
    lodging: Lodging, *, name: str = "Phòng đôi", rate_vnd: int = 500_000, **fields
) -> RoomType:
    return _saved(RoomType(lodging=lodging, name=name, rate_vnd=rate_vnd, **fields))


def tour_make(
    organisation,
    *,
    slug: str,
    name: str = "Đi bộ qua ruộng bậc thang",
    status: str = ListingStatus.APPROVED,
    places: list[Place] | tuple[Place, ...] = (),
    **fields,
) -> Tour:
    values = {
        "kind": TourKind.TREK,
        "unit": organisation.unit,
        "meeting_point": "Chợ Bắc Hà",
        "duration_minutes": 240,
        "price_vnd": 350_000,
        "phone": "0981000456",
        "accepts_vietqr": False,
        "guide_languages": ["vi", "en"],
        **fields,
    }
    tour = Tour(organisation=organisation, slug=slug, status=status, **values)
    _named(tour, name)
    _saved(tour)
    if places:
        tour.places.set(places)
    return tour


def departure_make(
    tour: Tour, *, starts_at: datetime.datetime | None = None, **fields
) -> TourDeparture:
    """A departure a week from now at 8:00 by default, with the tour's group size as seats."""
    if starts_at is None:
        day = timezone.localdate() + datetime.timedelta(days=7)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
    fields.setdefault("capacity", tour.group_size)
    return _saved(TourDeparture(tour=tour, starts_at=starts_at, **fields))


def festival_make(
    unit,
    *,
    slug: str,
    name: str = "Lễ hội Gầu Tào",
    rule: str = FestivalRule.LUNAR,
    is_published: bool = True,
    **fields,
) -> Festival:
    if rule == FestivalRule.WEEKLY:
        fields.setdefault("weekday", 6)
    else:
        fields.setdefault("month", 1)
        fields.setdefault("day", 15)
    festival = Festival(slug=slug, unit=unit, rule=rule, is_published=is_published, **fields)
    _named(festival, name)
    return _saved(festival)


def png_upload(name: str = "photo.png", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# The copies a 1,600-pixel-wide photo gets once the background task has made them all.
FULL_RENDITIONS = [
    {"width": width, "height": width * 3 // 4} for width in (320, 640, 960, 1280, 1600)
]


def photo_make(parent, *, caption: str = "", position: int = 0, **fields) -> Any:
    """A photo of a place, a stay or a tour, with every resized copy recorded as made."""
    photos: dict[type, tuple[Any, str]] = {
        Place: (PlacePhoto, "place"),
        Lodging: (LodgingPhoto, "lodging"),
        Tour: (TourPhoto, "tour"),
    }
    model, key = photos[type(parent)]
    photo = model(image=png_upload(), caption=caption, position=position, **{key: parent}, **fields)
    photo.save()
    model.objects.filter(pk=photo.pk).update(renditions=FULL_RENDITIONS)
    photo.renditions = FULL_RENDITIONS
    return photo

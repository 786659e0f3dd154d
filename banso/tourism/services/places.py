"""Places to visit (điểm du lịch): written by the officers of their commune or province,
published by a province officer.

A place belongs to the province, not to a business: commune officers describe the places of
their commune, province officers those of the whole province, and only a province officer
whose province covers the place publishes it (or takes it down). An organisation may look after
a place (a commune's people's committee, a co-operative); it does not own it.
"""

import datetime
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from banso.accounts.rules import officer_covers_unit, province_officer_covers_unit
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, Village
from banso.tourism.models import Place
from banso.tourism.services.common import (
    changes_apply,
    commune_check,
    name_set,
    row_save,
    slug_new,
)


class PlaceDetails(TypedDict, total=False):
    story: str
    how_to_get_there: str
    accessibility: str
    village: Village | None
    organisation: Organisation | None
    open_days: list[int]
    opens_at: datetime.time | None
    closes_at: datetime.time | None
    fee_adult_vnd: int
    fee_child_vnd: int
    best_months: list[int]
    road_access: str


class PlaceData(PlaceDetails, total=False):
    name: str
    slug: str
    kind: str
    unit: AdministrativeUnit
    latitude: float
    longitude: float


PLACE_FIELDS = frozenset(PlaceData.__annotations__)


def _require_write(actor, unit: AdministrativeUnit) -> None:
    allowed = actor is not None and actor.has_perm("tourism.change_place")
    if allowed and not actor.is_superuser:
        allowed = officer_covers_unit(actor, unit)
    if not allowed:
        raise PermissionDenied(_("Only an officer of the place's commune or province may do this."))


def _save(place: Place) -> Place:
    name_set(place)
    commune_check(place.unit, place.village)
    if place.opens_at and place.closes_at and place.closes_at <= place.opens_at:
        raise ValidationError({"closes_at": _("A place closes after it opens.")})
    place.open_days = sorted(set(place.open_days))
    place.best_months = sorted(set(place.best_months))
    row_save(place, slug_taken=_("Another place has this short address."))
    return place


def place_create(
    *,
    actor,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    latitude: float,
    longitude: float,
    slug: str = "",
    **fields: Unpack[PlaceDetails],
) -> Place:
    """Describe a place; it stays unpublished until a province officer publishes it."""
    _require_write(actor, unit)
    place = Place(name=name, kind=kind, unit=unit, latitude=latitude, longitude=longitude)
    changes_apply(place, fields, PLACE_FIELDS)
    place.slug = slugify(slug) if slug else slug_new(name, Place.objects.all(), fallback="place")
    return _save(place)


def place_update(*, actor, place: Place, **changes: Unpack[PlaceData]) -> Place:
    """Change a place; moving it to another commune needs the right on both communes."""
    _require_write(actor, place.unit)
    changes_apply(place, changes, PLACE_FIELDS)
    if "slug" in changes:
        place.slug = slugify(place.slug)
    _require_write(actor, place.unit)
    return _save(place)


def place_publish(*, actor, place: Place, is_published: bool = True) -> Place:
    """Show a place to visitors, or take it down again."""
    allowed = actor is not None and actor.has_perm("tourism.publish_place")
    if allowed and not actor.is_superuser:
        allowed = province_officer_covers_unit(actor, place.unit)
    if not allowed:
        raise PermissionDenied(_("Only an officer of the place's province may publish it."))
    place.is_published = is_published
    place.published_by = actor if is_published else None
    place.full_clean()
    place.save(update_fields=["is_published", "published_by", "updated_at"])
    return place

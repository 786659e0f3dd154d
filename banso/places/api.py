from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from banso.common.api_auth import optional_auth
from banso.places import selectors, services
from banso.places.models import AdministrativeUnit, UnitLevel, Village, VillageKind

router = Router(tags=["places"])


class UnitRef(Schema):
    code: str
    name: str
    level: str
    is_current: bool


class UnitOut(UnitRef):
    short_name: str
    kind: str
    parent: UnitRef | None = None
    latitude: float | None = None
    longitude: float | None = None
    successors: list[UnitRef] = Field(default_factory=list)


def _unit_out(unit: AdministrativeUnit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "is_current": unit.is_current,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "latitude": unit.latitude,
        "longitude": unit.longitude,
        "parent": _ref(unit.parent) if unit.parent is not None else None,
        "successors": [_ref(s) for s in getattr(unit, "current_successors", [])],
    }


def _ref(unit: AdministrativeUnit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "is_current": unit.is_current,
    }


class LookupQuery(Schema):
    q: str = Field(
        ..., min_length=1, max_length=100, description="Name, with or without diacritics"
    )
    level: UnitLevel | None = None
    current_only: bool = False
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/lookup",
    response=list[UnitOut],
    auth=optional_auth,
    summary="Find administrative units by name, ignoring diacritics",
)
def unit_lookup(request, filters: Query[LookupQuery]):
    units = selectors.unit_lookup(
        filters.q, level=filters.level, current_only=filters.current_only, limit=filters.limit
    )
    return [_unit_out(unit) for unit in units]


@router.get(
    "/units/{code}",
    response={200: UnitOut, 404: dict},
    auth=optional_auth,
    summary="A current unit by its official code",
)
def unit_detail(request, code: str, level: UnitLevel = UnitLevel.COMMUNE):
    unit = get_object_or_404(
        AdministrativeUnit.objects.select_related("parent"),
        code=code,
        level=level,
        is_current=True,
    )
    return _unit_out(unit)


@router.get(
    "/units/{code}/children",
    response={200: list[UnitRef], 404: dict},
    auth=optional_auth,
    summary="The current units under a current unit: a province's communes and wards",
)
def unit_children(request, code: str, level: UnitLevel = UnitLevel.PROVINCE):
    try:
        unit = selectors.unit_get(code, level=level)
    except AdministrativeUnit.DoesNotExist:
        detail = _("No current unit of this level has code “%(code)s”.") % {"code": code}
        return Status(404, {"detail": detail})
    return [_ref(child) for child in selectors.unit_children(unit)]


class VillageOut(Schema):
    id: int
    name: str
    kind: str
    commune: UnitRef
    latitude: float | None = None
    longitude: float | None = None


class VillageIn(Schema):
    commune_code: str = Field(..., min_length=1, max_length=10)
    name: str = Field(..., min_length=1, max_length=100)
    kind: VillageKind
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


def _village_out(village: Village) -> dict:
    return {
        "id": village.pk,
        "name": village.name,
        "kind": village.kind,
        "commune": _ref(village.commune),
        "latitude": village.latitude,
        "longitude": village.longitude,
    }


@router.get(
    "/villages",
    response=list[VillageOut],
    auth=optional_auth,
    summary="Villages, optionally of one commune",
    # An unknown unit in the filter is a 404 (the error body is described by banso.api).
    openapi_extra={"responses": {404: {"description": "Not found."}}},
)
@paginate
def village_list(request, commune_code: str | None = None, q: str = ""):
    commune = None
    if commune_code:
        commune = get_object_or_404(
            AdministrativeUnit, code=commune_code, is_current=True, level=UnitLevel.COMMUNE
        )
    return selectors.villages_search(commune=commune, query=q)


@router.post(
    "/villages",
    response={201: VillageOut, 400: dict, 403: dict, 404: dict},
    summary="Add a village (commune and province officers)",
)
def village_create(request, payload: VillageIn):
    commune = AdministrativeUnit.objects.filter(
        code=payload.commune_code, is_current=True, level=UnitLevel.COMMUNE
    ).first()
    if commune is None:
        raise ValidationError(
            {
                "commune_code": _("No current commune or ward has code “%(code)s”.")
                % {"code": payload.commune_code}
            }
        )
    village = services.village_create(
        actor=request.auth,
        commune=commune,
        name=payload.name,
        kind=payload.kind,
        latitude=payload.latitude,
        longitude=payload.longitude,
    )
    return Status(201, _village_out(village))

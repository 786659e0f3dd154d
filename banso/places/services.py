from dataclasses import dataclass, field
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banso.common.text import fold
from banso.common.workbooks import workbook_rows
from banso.places.models import AdministrativeUnit, UnitLevel, Village, VillageKind


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not change villages of this commune."))


def _village_save(village: Village) -> Village:
    # The database checks the unique name, so the error names the field people typed in.
    village.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            village.save()
    except IntegrityError as error:
        raise ValidationError(
            {"name": _("This commune already has a village of that name.")}
        ) from error
    return village


def village_create(
    *,
    actor,
    commune: AdministrativeUnit,
    name: str,
    kind: str,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Village:
    if not commune.is_current or commune.level != UnitLevel.COMMUNE:
        raise ValidationError({"commune": _("Villages belong to a current commune or ward.")})
    _require(actor, "places.add_village", commune)
    return _village_save(
        Village(commune=commune, name=name, kind=kind, latitude=latitude, longitude=longitude)
    )


def village_update(*, actor, village: Village, **changes) -> Village:
    _require(actor, "places.change_village", village)
    allowed = {"name", "kind", "latitude", "longitude"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"village_update() cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(village, name, value)
    return _village_save(village)


def village_delete(*, actor, village: Village) -> None:
    _require(actor, "places.delete_village", village)
    village.delete()


# Excel import -------------------------------------------------------------------------------

KIND_WORDS = {
    "thon": VillageKind.THON,
    "ban": VillageKind.BAN,
    "to dan pho": VillageKind.TO_DAN_PHO,
    "tdp": VillageKind.TO_DAN_PHO,
    "hamlet": VillageKind.THON,
    "village": VillageKind.BAN,
    "residential group": VillageKind.TO_DAN_PHO,
}
IMPORT_COLUMNS = ("commune_code", "name", "kind", "latitude", "longitude")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _float_or_none(value, *, low: float, high: float) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    number = float(str(value).replace(",", "."))
    if not low <= number <= high:
        raise ValueError
    return number


@transaction.atomic
def villages_import(*, actor, upload) -> ImportResult:
    """Create or update villages from a workbook; one bad row and nothing is written.

    Columns, in this order, under a header row: commune or ward code, village name, type
    (thôn, bản, tổ dân phố), latitude, longitude (both optional).
    """
    result = ImportResult()
    rows = workbook_rows(upload)
    if len(rows) < 2:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    communes = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(is_current=True, level=UnitLevel.COMMUNE)
    }
    seen: set[tuple[str, str]] = set()
    planned = []
    for number, row in enumerate(rows[1:], start=2):
        values = (list(row) + [None] * 5)[:5]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        code, name, kind, latitude, longitude = values
        code = str(code or "").strip().zfill(5) if code not in (None, "") else ""
        name = " ".join(str(name or "").split())
        commune = communes.get(code)
        if commune is None:
            result.errors.append(
                RowError(
                    number,
                    _("Commune code"),
                    _("No current commune or ward has code “%(code)s”.") % {"code": code},
                )
            )
        elif not actor.has_perm("places.add_village", commune):
            result.errors.append(
                RowError(
                    number,
                    _("Commune code"),
                    _("You may not add villages to %(commune)s.") % {"commune": commune.name},
                )
            )
        if not name:
            result.errors.append(RowError(number, _("Name"), _("The village needs a name.")))
        kind_value = KIND_WORDS.get(fold(str(kind or "")))
        if kind_value is None:
            result.errors.append(
                RowError(number, _("Type"), _("Type must be thôn, bản or tổ dân phố."))
            )
        try:
            lat = _float_or_none(latitude, low=-90, high=90)
            lon = _float_or_none(longitude, low=-180, high=180)
        except ValueError:
            result.errors.append(
                RowError(
                    number,
                    _("Coordinates"),
                    _("Latitude and longitude must be numbers on the map."),
                )
            )
            lat = lon = None
        if commune is not None and name:
            key = (code, fold(name))
            if key in seen:
                result.errors.append(
                    RowError(number, _("Name"), _("This village appears twice in the file."))
                )
            seen.add(key)
        planned.append((commune, name, kind_value, lat, lon))
    if result.errors:
        return result
    for commune, name, kind_value, lat, lon in planned:
        village = Village.objects.filter(commune=commune, name_folded=fold(name)).first()
        if village is None:
            village = Village(commune=commune)
            result.created += 1
        else:
            result.updated += 1
        # A row without a known type was an error above, and nothing is saved then.
        village.name, village.kind = name, cast(VillageKind, kind_value)
        village.latitude, village.longitude = lat, lon
        village.full_clean(validate_unique=False)
        village.save()
    return result

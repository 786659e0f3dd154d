from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.common.imports import ImportReport, ImportResult, RowError
from banso.common.text import fold
from banso.common.workbooks import WorkbookLimits, workbook_rows
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
# A province's villages in one workbook (Lào Cai has about 2,000 today; 20,000 leaves room).
VILLAGE_IMPORT_LIMITS = WorkbookLimits(rows=20_000)


def _float_or_none(value, *, low: float, high: float) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    number = float(str(value).replace(",", "."))
    if not low <= number <= high:
        raise ValueError
    return number


def villages_import(*, actor, upload, report: ImportReport | None = None) -> ImportResult:
    """Create or update villages from a workbook; one bad row and nothing is written.

    Columns, in this order, under a header row: commune or ward code, village name, type
    (thôn, bản, tổ dân phố), latitude, longitude (both optional). Every row is read and
    checked before the write, which is one short transaction of bulk inserts and updates, so
    a province's 20,000 villages hold the database's write lock for a moment only.
    """
    report = report or ImportReport()
    result = ImportResult()
    rows = workbook_rows(upload, limits=VILLAGE_IMPORT_LIMITS)
    if len(rows) < 2:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    report.percent(10, _("Checking the rows"))
    communes = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(is_current=True, level=UnitLevel.COMMUNE)
    }
    allowed: dict[str, bool] = {}
    seen: set[tuple[str, str]] = set()
    planned: list[tuple[int, Village]] = []
    for number, row in enumerate(rows[1:], start=2):
        values = (list(row) + [None] * 5)[:5]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        code, name, kind, latitude, longitude = values
        code = str(code or "").strip().zfill(5) if code not in (None, "") else ""
        name = " ".join(str(name or "").split())
        commune = communes.get(code)
        errors_before = len(result.errors)
        if commune is None:
            result.errors.append(
                RowError(
                    number,
                    _("Commune code"),
                    _("No current commune or ward has code “%(code)s”.") % {"code": code},
                )
            )
        else:
            if code not in allowed:
                allowed[code] = actor.has_perm("places.add_village", commune)
            if not allowed[code]:
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
        if len(result.errors) > errors_before or commune is None:
            continue
        village = Village(
            commune=commune,
            name=name,
            kind=cast(VillageKind, kind_value),
            latitude=lat,
            longitude=lon,
        )
        try:
            # The commune was found above: checking it again would cost a query a row.
            village.full_clean(
                exclude=["commune"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as problem:
            for field_name, messages in problem.message_dict.items():
                result.errors.append(RowError(number, field_name, "; ".join(messages)))
            continue
        planned.append((number, village))
    if result.errors:
        return result
    report.percent(60, _("Writing"))
    existing = {
        (village.commune_id, village.name_folded): village
        for village in Village.objects.filter(commune__in={v.commune_id for _, v in planned})
    }
    created, updated = [], []
    now = timezone.now()
    for _number, village in planned:
        known = existing.get((village.commune_id, village.name_folded))
        if known is None:
            created.append(village)
            continue
        known.name, known.name_sort, known.kind = village.name, village.name_sort, village.kind
        known.latitude, known.longitude = village.latitude, village.longitude
        known.updated_at = now
        updated.append(known)
    result.created, result.updated = len(created), len(updated)
    with transaction.atomic():
        Village.objects.bulk_create(created, batch_size=500)
        Village.objects.bulk_update(
            updated,
            ["name", "name_sort", "kind", "latitude", "longitude", "updated_at"],
            batch_size=500,
        )
        report.done(result)
    return result


def villages_import_summary(result: ImportResult) -> str:
    return _("Imported: %(created)d villages added, %(updated)d updated.") % {
        "created": result.created,
        "updated": result.updated,
    }

from dataclasses import dataclass
from typing import Literal

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from banso.common.text import fold_words
from banso.places.models import AdministrativeUnit, UnitLevel, UnitSuccession, Village
from banso.places.scopes import officer_scope


def unit_lookup(
    query: str,
    *,
    level: str | None = None,
    current_only: bool = False,
    within: AdministrativeUnit | None = None,
    limit: int = 20,
) -> list[AdministrativeUnit]:
    """Find units by name, ignoring case and diacritics ("bac ha" finds Bắc Hà).

    Current units come first, then retired ones with the units that replaced them attached as
    ``current_successors``. Exact names rank above partial matches.
    """
    words = fold_words(query)
    if not words:
        return []
    units = AdministrativeUnit.objects.select_related("parent")
    for word in words:
        units = units.filter(name_folded__contains=word)
    if level:
        units = units.filter(level=level)
    if current_only:
        units = units.filter(is_current=True)
    if within is not None:
        units = units.filter(path__startswith=within.path)
    exact = " ".join(words)
    units = units.annotate(
        rank=Case(
            When(name_folded=exact, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        level_rank=Case(
            When(level=UnitLevel.PROVINCE, then=Value(0)),
            When(level=UnitLevel.DISTRICT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    ).order_by("rank", "-is_current", "level_rank", "path")
    units = units.prefetch_related(
        Prefetch(
            "successions",
            queryset=UnitSuccession.objects.select_related("successor").order_by(
                "-is_default", "successor__path"
            ),
        )
    )
    found: list[AdministrativeUnit] = list(units[:limit])
    for unit in found:
        unit.current_successors = [s.successor for s in unit.successions.all()]
    return found


def unit_get(code: str, *, current: bool = True, level: str | None = None) -> AdministrativeUnit:
    units = AdministrativeUnit.objects.select_related("parent").filter(
        code=code, is_current=current
    )
    if level:
        units = units.filter(level=level)
    return units.get()


def unit_current(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The current unit a unit's records roll up to: itself, or its default successor."""
    if unit.is_current:
        return unit
    succession = (
        UnitSuccession.objects.select_related("successor")
        .filter(retired=unit)
        .order_by("-is_default", "successor__path")
        .first()
    )
    return succession.successor if succession else None


def unit_predecessors(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The retired units whose land passed (in whole or in part) to ``unit``: a current
    commune's old communes, before the reform of 1 July 2025."""
    return AdministrativeUnit.objects.filter(
        is_current=False, level=unit.level, successions__successor=unit
    ).order_by("name_sort", "code")


def unit_rollup_ids(unit: AdministrativeUnit) -> list[int]:
    """Ids of ``unit`` (current) and every unit under it, plus the retired communes that roll
    up to any of them: filter a record's place by these to count it under today's units."""
    current = list(
        AdministrativeUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
    )
    retired = UnitSuccession.objects.filter(successor_id__in=current, is_default=True).values_list(
        "retired_id", flat=True
    )
    return current + list(retired)


def communes_of_province(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        parent=province, level=UnitLevel.COMMUNE, is_current=True
    ).order_by("name_sort")


def unit_children(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The current units directly under ``unit`` (a province's communes and wards), in the
    Vietnamese alphabetical order, as the other lists of places."""
    return AdministrativeUnit.objects.filter(parent=unit, is_current=True).order_by(
        "name_sort", "code"
    )


def villages_search(*, commune: AdministrativeUnit | None = None, query: str = "") -> QuerySet:
    villages = Village.objects.select_related("commune__parent")
    if commune is not None:
        villages = villages.filter(commune=commune)
    for word in fold_words(query):
        villages = villages.filter(name_folded__contains=word)
    return villages


def villages_for_user(user) -> QuerySet[Village]:
    """The villages a person may manage: those under the communes or province they serve."""
    villages = Village.objects.select_related("commune__parent")
    if getattr(user, "is_superuser", False):
        return villages
    return villages.filter(officer_scope(user).unit_q("commune__path"))


def communes_for_user(user) -> QuerySet[AdministrativeUnit]:
    """The current communes a person may add villages to."""
    communes = AdministrativeUnit.objects.filter(
        is_current=True, level=UnitLevel.COMMUNE
    ).select_related("parent")
    if getattr(user, "is_superuser", False):
        return communes
    return communes.filter(officer_scope(user).unit_q("path"))


AreaKind = Literal["province", "commune", "ward", "area"]


@dataclass(frozen=True)
class OfficerArea:
    """The places a person serves as an officer, and what to call them together: a page for
    officers is titled "… in the commune" for a commune officer, "… in the province" for a
    province officer, "… in your area" when the roles mix levels or there are none (a
    superuser)."""

    units: tuple[AdministrativeUnit, ...]
    kind: AreaKind

    def pick(self, titles: dict[str, str]) -> str:
        """The one of ``titles`` (a title per kind of area) that names this area."""
        return titles[self.kind]


def officer_area_for_user(user) -> OfficerArea:
    """The units of the person's officer roles (one query), by name, and their kind."""
    paths = officer_scope(user).unit_paths
    units = tuple(
        AdministrativeUnit.objects.filter(path__in=paths).order_by("name_folded", "path")
        if paths
        else ()
    )
    kinds = {_area_kind(unit) for unit in units}
    kind: AreaKind = kinds.pop() if len(kinds) == 1 else "area"
    return OfficerArea(units=units, kind=kind)


def _area_kind(unit: AdministrativeUnit) -> AreaKind:
    if unit.level == UnitLevel.PROVINCE:
        return "province"
    kind = unit.kind.casefold() if unit.level == UnitLevel.COMMUNE else ""
    return _COMMUNE_KINDS.get(kind, "area")  # a special zone (đặc khu): "area"


_COMMUNE_KINDS: dict[str, AreaKind] = {"xã": "commune", "phường": "ward"}

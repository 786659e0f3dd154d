"""Every read of indicators, scoped to who reads.

The public reads aggregated figures only, and no figure resting on fewer than 5 households
(``IndicatorValue.is_suppressed``): its value, numerator and denominator are withheld. An
officer reads every figure of the units they serve, villages included (``indicators.view_detail``
on the unit), and the public figures of the others.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from banso.indicators.facts import TOTAL
from banso.indicators.models import (
    Hierarchy,
    Indicator,
    IndicatorValue,
    Level,
    RecordedFact,
    Target,
)
from banso.indicators.periods import period_is_month, period_sort_key
from banso.places.models import AdministrativeUnit, UnitLevel, UnitSuccession
from banso.places.selectors import communes_of_province, officer_area_for_user

# "Percent of target" at or above this is on track; at or above NEAR_TRACK_PERCENT, close to it.
ON_TRACK_PERCENT = 100.0
NEAR_TRACK_PERCENT = 90.0


@dataclass(frozen=True)
class Figure:
    """One value as a reader may see it: ``value`` etc. are None when withheld."""

    label: str
    code: str
    value: float | None
    numerator: int | None
    denominator: int | None
    is_withheld: bool


@dataclass
class IndicatorPanel:
    indicator: Indicator
    figure: Figure | None
    target: float | None = None
    percent_of_target: float | None = None
    status: str = ""
    parts: list[Figure] = field(default_factory=list)
    breakdown: list[Figure] = field(default_factory=list)


@dataclass
class Dashboard:
    unit: AdministrativeUnit
    period: str
    hierarchy: str
    is_detailed: bool
    panels: list[IndicatorPanel]
    periods: list[str]


def percent_of_target(actual: float | None, target: float | None) -> float | None:
    """Actual ÷ target × 100, to one decimal: 96.7 against a target of 77.0 is 125.6 %."""
    if actual is None or not target:
        return None
    return round(actual / target * 100, 1)


def target_status(indicator: Indicator, actual: float | None, target: float | None) -> str:
    """ "on", "near" or "off" track ("" without a target). For an indicator where lower is
    better (the poor household rate) the target is a ceiling: on track at or under it."""
    share = percent_of_target(actual, target)
    if share is None:
        return ""
    if not indicator.is_higher_better:
        share = round(target / actual * 100, 1) if actual else ON_TRACK_PERCENT  # type: ignore[operator]
    if share >= ON_TRACK_PERCENT:
        return "on"
    return "near" if share >= NEAR_TRACK_PERCENT else "off"


def indicator_detail_allowed(user, unit: AdministrativeUnit) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(
        "indicators.view_detail", unit
    )


def _figure(value: IndicatorValue, label: str, code: str, *, detailed: bool) -> Figure:
    withheld = value.is_suppressed and not detailed
    return Figure(
        label=label,
        code=code,
        value=None if withheld else value.value,
        numerator=None if withheld else value.numerator,
        denominator=None if withheld else value.denominator,
        is_withheld=withheld,
    )


def indicator_periods(*, hierarchy: str = Hierarchy.CURRENT) -> list[str]:
    """The periods with figures: years, then months, each the latest first."""
    periods = (
        IndicatorValue.objects.filter(hierarchy=hierarchy)
        .values_list("period", flat=True)
        .distinct()
        .order_by()
    )
    return sorted(periods, key=period_sort_key)


def dashboard_unit(code: str | None, *, hierarchy: str) -> AdministrativeUnit | None:
    """The unit of a dashboard: the home province by default; a retired unit (its code of
    before the reform: an old commune, district or province) on the historic hierarchy."""
    units = AdministrativeUnit.objects.filter(is_current=hierarchy == Hierarchy.CURRENT)
    if code:
        return units.filter(code=code).order_by("path").first()
    if hierarchy == Hierarchy.CURRENT:
        return units.filter(level=UnitLevel.PROVINCE, code=settings.HOME_PROVINCE_CODE).first()
    province = (
        IndicatorValue.objects.filter(hierarchy=hierarchy, level=Level.PROVINCE)
        .values_list("unit_id", flat=True)
        .first()
    )
    return units.filter(pk=province).first() if province is not None else None


def _child_label(value: IndicatorValue) -> str:
    if value.village is not None:
        return str(value.village)
    return value.unit.short_name or value.unit.name


def _disaggregation_label(key: str) -> str:
    from banso.households.ethnicities import Ethnicity
    from banso.households.models import LivingStandard, Sex, TelecomSupportKind

    kind, _sep, option = key.partition(":")
    choices = {
        "class": LivingStandard,
        "head_sex": Sex,
        "ethnicity": Ethnicity,
        "support": TelecomSupportKind,
    }.get(kind)
    if choices is None:
        return key
    return str(dict(choices.choices).get(option, option))


def indicator_dashboard(
    user, *, unit: AdministrativeUnit, period: str, hierarchy: str = Hierarchy.CURRENT
) -> Dashboard:
    """The indicators of ``unit`` in ``period``: its own figure with its target, its parts
    (the communes of a province or district; the villages of a commune, for its officers) and
    its breakdown by the indicator's disaggregations. Three queries whatever the size.

    Only the indicators with figures in ``period`` are listed (anywhere on the hierarchy): the
    yearly review's in a year, telecom support's in a month. A month is held to its year's
    target when the indicator is a ratio (a share to keep every month); a count has none in a
    month, since a year's target for a count is not a month's."""
    detailed = indicator_detail_allowed(user, unit)
    in_period = IndicatorValue.objects.filter(
        indicator=OuterRef("pk"), period=period, hierarchy=hierarchy
    )
    indicators = list(Indicator.objects.filter(Exists(in_period), is_active=True))
    values = (
        IndicatorValue.objects.filter(period=period, hierarchy=hierarchy)
        .filter(_unit_and_parts(unit, detailed=detailed))
        .select_related("unit", "village")
        .order_by("unit__name_sort", "village__name_sort", "disaggregation")
    )
    # No period before the first recompute: the page says there are no figures yet.
    targets = {
        target.indicator_id: target.value
        for target in Target.objects.filter(unit=unit, year=int(period[:4]) if period else 0)
    }
    panels = {
        indicator.pk: IndicatorPanel(indicator=indicator, figure=None) for indicator in indicators
    }
    for value in values:
        panel = panels.get(value.indicator_id)
        if panel is None:
            continue
        if value.unit_id == unit.pk and value.village_id is None:
            if value.disaggregation == TOTAL:
                panel.figure = _figure(value, unit.name, unit.code, detailed=detailed)
            else:
                label = _disaggregation_label(value.disaggregation)
                panel.breakdown.append(
                    _figure(value, label, value.disaggregation, detailed=detailed)
                )
        elif value.disaggregation == TOTAL:
            code = value.unit.code if value.village_id is None else str(value.village_id)
            panel.parts.append(_figure(value, _child_label(value), code, detailed=detailed))
    for panel in panels.values():
        if not period_is_month(period) or panel.indicator.denominator.strip():
            panel.target = targets.get(panel.indicator.pk)
        actual = panel.figure.value if panel.figure else None
        panel.percent_of_target = percent_of_target(actual, panel.target)
        panel.status = target_status(panel.indicator, actual, panel.target)
    return Dashboard(
        unit=unit,
        period=period,
        hierarchy=hierarchy,
        is_detailed=detailed,
        panels=[panels[indicator.pk] for indicator in indicators],
        periods=indicator_periods(hierarchy=hierarchy),
    )


def _unit_and_parts(unit: AdministrativeUnit, *, detailed: bool):
    from django.db.models import Q

    own = Q(unit=unit, village__isnull=True)
    if unit.level == UnitLevel.COMMUNE:
        return own | Q(unit=unit, level=Level.VILLAGE, disaggregation=TOTAL) if detailed else own
    return own | Q(unit__parent=unit, village__isnull=True, disaggregation=TOTAL)


def indicator_values_for_export(
    user, *, unit: AdministrativeUnit, period: str, hierarchy: str = Hierarchy.CURRENT
) -> QuerySet[IndicatorValue]:
    """The figures of ``unit`` and of the units under it (not villages, which have no official
    code) that ``user`` may read: suppressed ones only for the officers of the unit."""
    values = (
        IndicatorValue.objects.filter(
            period=period,
            hierarchy=hierarchy,
            unit__path__startswith=unit.path,
            village__isnull=True,
            value__isnull=False,
        )
        .select_related("indicator", "unit")
        .order_by("indicator__position", "unit__path", "disaggregation")
    )
    if not indicator_detail_allowed(user, unit):
        values = values.filter(is_suppressed=False)
    return values


# The officers' pages: targets, recorded figures ------------------------------------------


def _officer_units(user, permission: str) -> list[AdministrativeUnit]:
    """The current units of ``user``'s officer roles, each province followed by its current
    communes, that ``permission`` allows on: a commune officer's commune; a province
    officer's province and its communes. A superuser, who may everything, is offered the home
    province and its communes, as a province officer of it."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        home = dashboard_unit(None, hierarchy=Hierarchy.CURRENT)
        roots = [home] if home is not None else []
    else:
        roots = [unit for unit in officer_area_for_user(user).units if unit.is_current]
    units: list[AdministrativeUnit] = []
    for root in roots:
        units.append(root)
        if root.level == UnitLevel.PROVINCE:
            units += communes_of_province(root)
    unique = list({unit.pk: unit for unit in units}.values())
    return [unit for unit in unique if user.has_perm(permission, unit)]


def target_units_for_user(user) -> list[AdministrativeUnit]:
    """The units whose targets ``user`` may set (``indicators.change_target``)."""
    return _officer_units(user, "indicators.change_target")


def recorded_fact_pages_for_user(user) -> list[AdministrativeUnit]:
    """The current units whose figures ``user`` may record (``indicators.add_recordedfact``):
    each unit's page records its own and those of the retired units it took over
    (:func:`recorded_fact_units_under`)."""
    return _officer_units(user, "indicators.add_recordedfact")


def recorded_fact_units_under(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """``unit`` and the retired units whose figures are recorded from its page: for a commune,
    the old communes whose figures roll up to it (their default successor, else their first,
    as ``places.selectors.unit_current`` reads it, the unit ``recorded_fact_set`` checks);
    for a province, the old districts and provinces whose figures reach it (an old district's
    figures reach today's province only, so the province's officers record them). Two
    queries."""
    if unit.level == UnitLevel.COMMUNE:
        levels = [UnitLevel.COMMUNE]
    elif unit.level == UnitLevel.PROVINCE:
        levels = [UnitLevel.DISTRICT, UnitLevel.PROVINCE]
    else:
        return [unit]
    touching = UnitSuccession.objects.filter(
        successor__path__startswith=unit.path, retired__level__in=levels
    ).values("retired")
    first: dict[int, tuple[int, str]] = {}
    for retired_id, successor_id, path in (
        UnitSuccession.objects.filter(retired__in=touching)
        .order_by("retired_id", "-is_default", "successor__path")
        .values_list("retired_id", "successor_id", "successor__path")
    ):
        first.setdefault(retired_id, (successor_id, path))
    taken = [
        retired_id
        for retired_id, (successor_id, path) in first.items()
        if (
            successor_id == unit.pk
            if unit.level == UnitLevel.COMMUNE
            else path.startswith(unit.path)
        )
    ]
    retired = AdministrativeUnit.objects.filter(pk__in=taken).order_by("path")
    return [unit, *retired]


def recorded_facts_of_units(units: list[AdministrativeUnit]) -> QuerySet[RecordedFact]:
    """The figures recorded under ``units``, the latest period first, with their unit and who
    recorded them (one query however many)."""
    return (
        RecordedFact.objects.filter(unit__in=units)
        .select_related("unit", "recorded_by")
        .order_by("-period", "unit__path", "code", "disaggregation")
    )

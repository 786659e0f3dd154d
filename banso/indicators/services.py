"""Every write of indicators: targets, recorded figures, and the analytics table.

``indicators_recompute`` is the one writer of ``IndicatorValue``. It is set-based: the fact
providers count with grouped queries, the counts are rolled up in memory (village → commune →
province over today's units; old commune → old district → old province for periods before
the reform of 1 July 2025, and old communes onto today's through ``places``' successions), every
active indicator is evaluated on each total, and the period's rows are replaced in one
transaction, so a reader sees the old figures or the new, never half of each.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.indicators.facts import TOTAL, Fact, expression_terms, expression_value, facts_collect
from banso.indicators.models import (
    Hierarchy,
    Indicator,
    IndicatorValue,
    Level,
    RecordedFact,
    Target,
)
from banso.places.models import AdministrativeUnit, UnitLevel, UnitSuccession, Village
from banso.places.selectors import unit_current

# No published figure rests on fewer households than this (numerator or denominator).
SUPPRESSION_THRESHOLD = 5
# The reform of 1 July 2025: periods before it are counted over the old units too.
REFORM_YEAR, REFORM_MONTH = 2025, 7


def period_is_before_reform(period: str) -> bool:
    year = int(period[:4])
    if len(period) == 6:
        return (year, int(period[4:])) < (REFORM_YEAR, REFORM_MONTH)
    return year < REFORM_YEAR


# (hierarchy, level, unit, village) of a total a fact counts in.
Place = tuple[str, str, int, int | None]


@dataclass(frozen=True)
class _Unit:
    level: str
    is_current: bool
    parent_id: int | None


class _Map:
    """The units, villages and successions a recompute needs, read once."""

    def __init__(self) -> None:
        self.village_commune = dict(Village.objects.values_list("pk", "commune_id"))
        self._places: dict[tuple, list[Place]] = {}
        self.units = {
            pk: _Unit(level, is_current, parent_id)
            for pk, level, is_current, parent_id in AdministrativeUnit.objects.values_list(
                "pk", "level", "is_current", "parent_id"
            )
        }
        self.successor: dict[int, int] = {}
        for retired_id, successor_id, is_default in UnitSuccession.objects.values_list(
            "retired_id", "successor_id", "is_default"
        ).order_by("is_default"):
            # The default successor wins; a split commune without one goes to any successor.
            if is_default or retired_id not in self.successor:
                self.successor[retired_id] = successor_id

    def chain(self, unit_id: int | None) -> list[tuple[str, int]]:
        """(level, unit) from ``unit_id`` up to its province."""
        chain = []
        while unit_id is not None:
            unit = self.units[unit_id]
            chain.append((unit.level, unit_id))
            unit_id = unit.parent_id
        return chain

    def places(self, fact: Fact) -> list[Place]:
        """(hierarchy, level, unit, village) of every total ``fact`` counts in (the same for
        every fact of one place, period side of the reform and kind: computed once)."""
        key = (
            fact.village_id,
            fact.unit_id,
            fact.disaggregation == TOTAL,
            fact.hierarchy,
            period_is_before_reform(fact.period),
        )
        places = self._places.get(key)
        if places is None:
            places = self._places[key] = self._places_of(*key)
        return places

    def _places_of(
        self,
        village_id: int | None,
        unit_id: int | None,
        is_total: bool,
        hierarchy: str,
        before_reform: bool,
    ) -> list[Place]:
        current = hierarchy != Hierarchy.HISTORIC
        historic = hierarchy != Hierarchy.CURRENT
        if village_id is not None:
            commune = self.village_commune.get(village_id)
            if commune is None or not current:
                return []
            places: list[Place] = [
                (Hierarchy.CURRENT, level, unit, None) for level, unit in self.chain(commune)
            ]
            if is_total:
                places.append((Hierarchy.CURRENT, Level.VILLAGE, commune, village_id))
            return places
        unit = self.units.get(unit_id) if unit_id is not None else None
        if unit is None:
            return []
        if unit.is_current:
            if not current:
                return []
            return [(Hierarchy.CURRENT, level, pk, None) for level, pk in self.chain(unit_id)]
        places = []
        successor = self.successor.get(unit_id)  # type: ignore[arg-type]
        if successor is not None and current:
            chain = self.chain(successor)
            if unit.level != UnitLevel.COMMUNE:
                # An old district's figures reach today's province, not one of its communes.
                chain = [(level, pk) for level, pk in chain if level == UnitLevel.PROVINCE]
            places += [(Hierarchy.CURRENT, level, pk, None) for level, pk in chain]
        if before_reform and historic:
            places += [(Hierarchy.HISTORIC, level, pk, None) for level, pk in self.chain(unit_id)]
        return places


def _value(indicator: Indicator, numerator: int, denominator: int | None) -> float | None:
    if denominator is None:
        return float(numerator * indicator.factor) if indicator.factor != 100 else float(numerator)
    if denominator == 0:
        return None
    return round(numerator / denominator * indicator.factor, indicator.decimals)


def is_suppressed(numerator: int, denominator: int | None) -> bool:
    """Small-cell suppression: fewer than 5 households on either side of the fraction, or
    in the rest of it ("18 of 20 use telecom" says that 2 households do not)."""
    if numerator < SUPPRESSION_THRESHOLD:
        return True
    if denominator is None:
        return False
    return (
        denominator < SUPPRESSION_THRESHOLD or 0 < denominator - numerator < SUPPRESSION_THRESHOLD
    )


def _suppress_complements(rows: list[IndicatorValue], parent_of: dict[int, int | None]) -> None:
    """Secondary suppression. The cells of a breakdown add up to their total (poor and
    near-poor make the poor-and-near-poor figure), and the communes of a province to the
    province: when one of them alone is withheld, the total minus the others gives it away.
    The smallest other cell is withheld with it, so that only the sum of two is known."""
    families: dict[tuple, list[IndicatorValue]] = defaultdict(list)
    for row in rows:
        if row.village_id is not None:
            continue  # villages are never shown outside their officers
        common = (row.indicator_id, row.hierarchy, row.period)
        if row.disaggregation != TOTAL:
            kind = row.disaggregation.split(":", 1)[0]
            families[(*common, row.level, row.unit_id, kind)].append(row)
        elif parent_of.get(row.unit_id) is not None:
            families[(*common, "under", parent_of[row.unit_id])].append(row)
    for cells in families.values():
        shown = [cell for cell in cells if not cell.is_suppressed]
        if len(cells) - len(shown) == 1 and shown:
            smallest = min(shown, key=lambda cell: (cell.denominator or 0, cell.numerator))
            smallest.is_suppressed = True


def indicators_recompute(*, year: int | None = None) -> int:
    """Compute every active indicator again from the facts of ``year`` (every year when None)
    and replace those periods' values. Returns the number of values written. Idempotent: the
    households import calls it after each import, the worker on a clock."""
    facts = list(facts_collect(year=year))
    places = _Map()
    totals: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fact in facts:
        for hierarchy, level, unit, village in places.places(fact):
            totals[(hierarchy, level, unit, village, fact.period, fact.disaggregation)][
                fact.code
            ] += fact.value
    indicators = [
        (indicator, expression_terms(indicator.numerator), expression_terms(indicator.denominator))
        for indicator in Indicator.objects.filter(is_active=True)
    ]
    now = timezone.now()
    rows = []
    for (hierarchy, level, unit, village, period, key), counts in totals.items():
        kind = key.split(":", 1)[0]
        for indicator, numerator_terms, denominator_terms in indicators:
            if key != TOTAL and kind not in indicator.disaggregations:
                continue
            codes = [code for _sign, code in numerator_terms + denominator_terms]
            if not any(code in counts for code in codes):
                continue
            numerator = expression_value(numerator_terms, counts)
            denominator = expression_value(denominator_terms, counts) if denominator_terms else None
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    unit_id=unit,
                    village_id=village,
                    level=level,
                    period=period,
                    year=int(period[:4]),
                    disaggregation=key,
                    numerator=numerator,
                    denominator=denominator,
                    value=_value(indicator, numerator, denominator),
                    is_suppressed=is_suppressed(numerator, denominator),
                    hierarchy=hierarchy,
                    computed_at=now,
                )
            )
    _suppress_complements(rows, {pk: unit.parent_id for pk, unit in places.units.items()})
    with transaction.atomic():
        stale = IndicatorValue.objects.all()
        if year is not None:
            stale = stale.filter(year=year)
        stale.delete()
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def target_set(
    *, actor, indicator: Indicator, unit: AdministrativeUnit, year: int, value: float
) -> Target:
    """Set (or change) what ``unit`` aims at on ``indicator`` in ``year``: its officers and
    the province's."""
    if not actor.has_perm("indicators.change_target", unit):
        raise PermissionDenied(
            _("Only an officer of this unit or its province may set its targets.")
        )
    target = Target.objects.filter(indicator=indicator, unit=unit, year=year).first()
    target = target or Target(indicator=indicator, unit=unit, year=year)
    target.value = value
    target.full_clean()
    target.save()
    return target


def recorded_fact_set(
    *,
    actor,
    code: str,
    unit: AdministrativeUnit,
    period: str,
    value: int,
    source: str,
    disaggregation: str = TOTAL,
) -> RecordedFact:
    """Record a figure counted outside the platform (an earlier review's total for an old
    commune, say). Whoever serves the unit today (its current successor for a retired unit)
    may record it; the source says where the figure comes from."""
    today = unit_current(unit)
    if not actor.has_perm("indicators.add_recordedfact", today):
        raise PermissionDenied(
            _("Only an officer of this unit or its province may record its figures.")
        )
    record = RecordedFact.objects.filter(
        code=code, unit=unit, period=period, disaggregation=disaggregation
    ).first() or RecordedFact(code=code, unit=unit, period=period, disaggregation=disaggregation)
    record.value = value
    record.source = source.strip()
    record.recorded_by = actor
    record.recorded_at = timezone.now()
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def targets_set(
    *,
    actor,
    unit: AdministrativeUnit,
    year: int,
    values: Mapping[Indicator, float | None],
) -> int:
    """Set ``unit``'s targets of ``year`` together, as the targets page saves them: a value
    sets (or changes) the indicator's target, None clears it, so what the page showed is what
    is kept. All or nothing: an invalid value leaves every target as it was, and its
    ValidationError names the indicator's code. Returns how many targets changed."""
    if not actor.has_perm("indicators.change_target", unit):
        raise PermissionDenied(
            _("Only an officer of this unit or its province may set its targets.")
        )
    kept = {
        target.indicator_id: target
        for target in Target.objects.select_for_update().filter(unit=unit, year=year)
    }
    changed = 0
    for indicator, value in values.items():
        target = kept.get(indicator.pk)
        if value is None:
            if target is not None:
                target.delete()
                changed += 1
            continue
        if target is not None and target.value == value:
            continue
        try:
            target_set(actor=actor, indicator=indicator, unit=unit, year=year, value=value)
        except ValidationError as error:
            raise ValidationError({indicator.code: error.messages}) from error
        changed += 1
    return changed

"""The commune digital scorecard: how far a commune's people and producers use the platform,
computed from the platform's own rows, each component traceable to them.

Components (each scored 0–100; the score is the mean of the components scored):

- **Telecom access of poor households**: the share of poor and near-poor households using
  telecommunication services (the analytics table's ``poor-near-poor-using-telecom``, counted
  from the year's assessments); score = the share. Withheld from the public below 5 households.
- **OCOP products on sale**: listings on sale in an open shop with an OCOP certificate
  (``market.ocop_listings``, from the marketplace); score = 25 × count, at most 100 (4 products).
- **Shops open**: approved shops of the commune (``market.shops_open``); score = 10 × shops per
  1,000 households assessed, at most 100 (10 shops per 1,000 households).
- **Stamps scanned**: openings of QR stamps of the commune's producers in the year
  (``stamps.scans``); score = scans per 1,000 households ÷ 10, at most 100 (one scan per
  household).
- **Village teams' activity** (``teams.activities``): records of help the village digital
  technology teams gave in the year (``banso.teams`` registers the facts) per 1,000 households
  assessed; score = the rate, at most 100.

A component whose facts no registered provider counts is "not available"; a rate per 1,000
households is not scored (for the public) when the commune has fewer than 5 households assessed,
so that no household count under 5 is given away. The households count and the telecom share are
read from the analytics table (``IndicatorValue``), which the recompute fills; the marketplace's
and stamps' counts from their fact providers (``facts.facts_collect``).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from banso.indicators.facts import TOTAL, FactSource, fact_codes, fact_sources, facts_collect
from banso.indicators.models import Hierarchy, IndicatorValue, Level
from banso.indicators.selectors import indicator_detail_allowed
from banso.indicators.services import SUPPRESSION_THRESHOLD
from banso.places.models import AdministrativeUnit, UnitLevel

TELECOM_INDICATOR = "poor-near-poor-using-telecom"
# Its denominator is the households assessed in the year.
HOUSEHOLDS_INDICATOR = "poor-household-rate"


@dataclass(frozen=True)
class Component:
    code: str
    label: str | Promise
    formula: str | Promise
    fact: str = ""
    per_households: bool = False
    multiplier: float = 1.0


TELECOM = Component(
    "telecom",
    _("Telecom access of poor households"),
    _(
        "Share of poor and near-poor households using telecommunication services; "
        "score = the share."
    ),
)
COMPONENTS = (
    TELECOM,
    Component(
        "ocop",
        _("OCOP products on sale"),
        _(
            "OCOP-certified products on sale in the marketplace; "
            "score = 25 per product, at most 100."
        ),
        fact="market.ocop_listings",
        multiplier=25,
    ),
    Component(
        "shops",
        _("Shops open"),
        _(
            "Shops open per 1,000 households; "
            "score = 10 per shop per 1,000 households, at most 100."
        ),
        fact="market.shops_open",
        per_households=True,
        multiplier=10,
    ),
    Component(
        "scans",
        _("Stamps scanned"),
        _(
            "Scans of the commune's producers' QR stamps per 1,000 households; "
            "score = the rate ÷ 10, at most 100."
        ),
        fact="stamps.scans",
        per_households=True,
        multiplier=0.1,
    ),
    Component(
        "teams",
        _("Village teams' activity"),
        _(
            "Help given by the village digital technology teams in the year per 1,000 "
            "households; score = the rate, at most 100."
        ),
        fact="teams.activities",
        per_households=True,
        multiplier=1,
    ),
)
COMPONENTS_BY_CODE = {component.code: component for component in COMPONENTS}


@dataclass
class ComponentScore:
    component: Component
    value: float | None = None
    count: int | None = None
    households: int | None = None
    score: float | None = None
    is_available: bool = True
    is_withheld: bool = False


@dataclass
class Scorecard:
    unit: AdministrativeUnit
    year: int
    households: int | None
    is_detailed: bool
    components: list[ComponentScore] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        scores = [part.score for part in self.components if part.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None


def _capped(value: float) -> float:
    return round(min(max(value, 0.0), 100.0), 1)


def _household_values(unit_ids: list[int], year: int) -> dict[tuple[int, str], IndicatorValue]:
    values = IndicatorValue.objects.filter(
        indicator__code__in=[TELECOM_INDICATOR, HOUSEHOLDS_INDICATOR],
        unit_id__in=unit_ids,
        level=Level.COMMUNE,
        period=str(year),
        hierarchy=Hierarchy.CURRENT,
        disaggregation=TOTAL,
    ).select_related("indicator")
    return {(value.unit_id, value.indicator.code): value for value in values}


def _fact_counts(year: int) -> tuple[dict[tuple[int, str], int], set[str]]:
    codes = {component.fact for component in COMPONENTS if component.fact}
    available = codes & set(fact_codes())
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for fact in facts_collect(year=year, codes=available):
        if fact.unit_id is not None and fact.period == str(year) and fact.disaggregation == TOTAL:
            counts[(fact.unit_id, fact.code)] += fact.value
    return counts, available


def _scorecard(
    unit: AdministrativeUnit,
    year: int,
    *,
    detailed: bool,
    values: dict[tuple[int, str], IndicatorValue],
    counts: dict[tuple[int, str], int],
    available: set[str],
) -> Scorecard:
    assessed = values.get((unit.pk, HOUSEHOLDS_INDICATOR))
    households = assessed.denominator if assessed is not None else None
    small = households is None or households < SUPPRESSION_THRESHOLD
    card = Scorecard(
        unit=unit,
        year=year,
        households=None if small and not detailed else households,
        is_detailed=detailed,
    )
    telecom = values.get((unit.pk, TELECOM_INDICATOR))
    part = ComponentScore(TELECOM)
    if telecom is None or telecom.value is None:
        part.is_available = telecom is not None
    elif telecom.is_suppressed and not detailed:
        part.is_withheld = True
    else:
        part.value, part.count, part.households = (
            telecom.value,
            telecom.numerator,
            telecom.denominator,
        )
        part.score = _capped(telecom.value)
    card.components.append(part)
    for component in COMPONENTS[1:]:
        part = ComponentScore(component)
        if component.fact not in available:
            part.is_available = False
        else:
            part.count = counts.get((unit.pk, component.fact), 0)
            if not component.per_households:
                part.value = part.count
                part.score = _capped(part.count * component.multiplier)
            elif households and (detailed or not small):
                part.households = households
                part.value = round(part.count / households * 1000, 1)
                part.score = _capped(part.value * component.multiplier)
            elif small and not detailed and households:
                part.is_withheld = True
        card.components.append(part)
    return card


def commune_scorecard(user, *, unit: AdministrativeUnit, year: int) -> Scorecard:
    """The scorecard of commune ``unit`` in ``year``, as ``user`` may see it: the public sees
    no household-based figure resting on fewer than 5 households; the commune's officers and
    the province's see every figure."""
    counts, available = _fact_counts(year)
    return _scorecard(
        unit,
        year,
        detailed=indicator_detail_allowed(user, unit),
        values=_household_values([unit.pk], year),
        counts=counts,
        available=available,
    )


def province_scorecards(user, *, province: AdministrativeUnit, year: int) -> list[Scorecard]:
    """Every current commune of ``province`` with its scorecard, best score first (communes
    without any score last, by name). A fixed number of queries whatever the communes."""
    communes = list(
        AdministrativeUnit.objects.filter(
            parent=province, level=UnitLevel.COMMUNE, is_current=True
        ).order_by("name_sort")
    )
    counts, available = _fact_counts(year)
    values = _household_values([commune.pk for commune in communes], year)
    detailed = indicator_detail_allowed(user, province)
    cards = [
        _scorecard(
            commune, year, detailed=detailed, values=values, counts=counts, available=available
        )
        for commune in communes
    ]
    return sorted(cards, key=lambda card: (card.score is None, -(card.score or 0)))


def scorecard_sources(
    *, component: Component, unit: AdministrativeUnit, year: int
) -> list[FactSource] | None:
    """The rows a component of ``unit``'s scorecard was counted from (for its officers)."""
    if not component.fact:
        return None
    return fact_sources(code=component.fact, unit_id=unit.pk, year=year)

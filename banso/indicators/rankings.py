"""Published rankings of the province: editions of the DTI, PCI, PAPI, PAR Index and SIPAS.

An edition is recorded as published (score, rank, number of provinces ranked, pillar scores,
source) by an officer of today's province; nothing is computed. The history of a province
gathers its own editions and those of the provinces it took over on 1 July 2025 (Lào Cai's PCI
2022–2024 ranked the former Lào Cai among 63 provinces; its DTI 2024 ranked today's Lào Cai,
with Yên Bái, among 34), each edition naming the unit it ranked.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.common.charts import RankChart, rank_chart
from banso.indicators.models import RankingEdition
from banso.indicators.ranking_indexes import RankingIndex, index_decimals, index_pillars
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.places.selectors import unit_current


def ranking_edition_record(
    *,
    actor,
    index: str,
    edition: int,
    unit: AdministrativeUnit,
    score: Decimal,
    rank: int,
    out_of: int,
    source: str,
    pillar_scores: dict[str, float] | None = None,
) -> RankingEdition:
    """Record (or correct) an edition as published. Only an officer of the province today
    (the successor of a province merged on 1 July 2025) may; the source is required, so every
    figure shown can be checked against its publication."""
    if not actor.has_perm("indicators.add_rankingedition", unit_current(unit)):
        raise PermissionDenied(_("Only an officer of this province may record its rankings."))
    record = RankingEdition.objects.filter(
        index=index, edition=edition, unit=unit
    ).first() or RankingEdition(index=index, edition=edition, unit=unit)
    record.score = score
    record.rank = rank
    record.out_of = out_of
    record.source = source.strip()
    record.pillar_scores = pillar_scores or {}
    record.recorded_by = actor
    record.recorded_at = timezone.now()
    record.full_clean()
    record.save()
    return record


@dataclass(frozen=True)
class EditionRow:
    """An edition as shown: its pillars' scores in the index's order (None if not given),
    ``decimals`` as the index publishes them (the template formats them in the reader's
    language: 0,7167 in Vietnamese)."""

    edition: RankingEdition
    decimals: int
    pillars: list[float | None]


@dataclass
class RankingHistory:
    index: str
    label: str
    rows: list[EditionRow] = field(default_factory=list)
    chart: RankChart | None = None
    pillar_names: list[str] = field(default_factory=list)


def ranking_units(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    """``province`` and the provinces merged into it on 1 July 2025."""
    return [
        province,
        *AdministrativeUnit.objects.filter(
            level=UnitLevel.PROVINCE, is_current=False, successions__successor=province
        )
        .distinct()
        .order_by("path"),
    ]


def ranking_histories(province: AdministrativeUnit) -> list[RankingHistory]:
    """Each index's editions for ``province`` (and the provinces merged into it), oldest first,
    with a chart of the rank over the editions. Two queries."""
    units = ranking_units(province)
    editions = (
        RankingEdition.objects.filter(Q(unit__in=units))
        .select_related("unit")
        .order_by("edition", "unit__path")
    )
    histories = {
        value: RankingHistory(index=value, label=str(label))
        for value, label in RankingIndex.choices
    }
    for edition in editions:
        pillars = [
            edition.pillar_scores.get(pillar.code) for pillar in index_pillars(edition.index)
        ]
        histories[edition.index].rows.append(
            EditionRow(edition=edition, decimals=index_decimals(edition.index), pillars=pillars)
        )
    shown = [history for history in histories.values() if history.rows]
    for history in shown:
        history.pillar_names = [str(pillar.name) for pillar in index_pillars(history.index)]
        history.chart = rank_chart(
            f"rank-{history.index}",
            _("%(index)s: rank over the editions") % {"index": history.label},
            [
                (str(row.edition.edition), row.edition.rank, row.edition.out_of)
                for row in history.rows
            ],
        )
    return shown


def ranking_units_for_user(user, province: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The units of ``province``'s rankings (it and the provinces merged into it) whose
    editions ``user`` may record: ``indicators.add_rankingedition`` on today's province, as
    ``ranking_edition_record`` checks it."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        unit
        for unit in ranking_units(province)
        if user.has_perm("indicators.add_rankingedition", unit_current(unit))
    ]

"""The households' facts, counted from the yearly assessments of ``banso.households``.

Each family of facts is one grouped query over the assessments of the year (never a query per
household): counts by village and class with the two information flags (totals, and the poor /
near-poor breakdown); by commune, ethnicity and class; by commune, sex of the head (the member
recorded as head) and class; by commune and indicator of deprivation. A household is counted in
the village it is registered in today (villages exist only under today's communes).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from banso.households.models import Assessment, IndicatorCode, LivingStandard, Member, Relation
from banso.indicators.facts import TOTAL, Fact

POOR_CLASSES = (LivingStandard.POOR, LivingStandard.NEAR_POOR)
_FLAGS = {
    "telecom": Count("id", filter=Q(lacks_telecom=True)),
    "information": Count("id", filter=Q(lacks_information_means=True)),
    "information_assessed": Count("id", filter=Q(lacks_information_means__isnull=False)),
    "count": Count("id"),
}

CODES = {
    "households.assessed": _("Households assessed"),
    **{f"households.{value}": label for value, label in LivingStandard.choices},
    "households.lacks_telecom": _("Households lacking telecommunication services"),
    "households.lacks_information_means": _("Households lacking means of accessing information"),
    "households.information_means_assessed": _("Households assessed on means of information"),
    "households.poor_near_poor": _("Poor and near-poor households"),
    "households.poor_near_poor.lacks_telecom": _(
        "Poor and near-poor households lacking telecommunication services"
    ),
    "households.poor_near_poor.lacks_information_means": _(
        "Poor and near-poor households lacking means of accessing information"
    ),
    "households.poor_near_poor.information_means_assessed": _(
        "Poor and near-poor households assessed on means of information"
    ),
    **{
        f"households.deprived.{value}": _("Households deprived: %(indicator)s")
        % {"indicator": label}
        for value, label in IndicatorCode.choices
    },
}

Counts = dict[tuple, int]


def _add_class_row(counts: Counts, place: tuple, key: str, standard: str, row: Mapping) -> None:
    """What one (place, class) group of assessments adds to the facts under ``key``."""
    n, telecom = row["count"], row["telecom"]
    information, assessed = row["information"], row["information_assessed"]
    parts = {
        "households.assessed": n,
        f"households.{standard}": n,
        "households.lacks_telecom": telecom,
        "households.lacks_information_means": information,
        "households.information_means_assessed": assessed,
    }
    if standard in POOR_CLASSES:
        parts |= {
            "households.poor_near_poor": n,
            "households.poor_near_poor.lacks_telecom": telecom,
            "households.poor_near_poor.lacks_information_means": information,
            "households.poor_near_poor.information_means_assessed": assessed,
        }
    for code, value in parts.items():
        counts[(code, *place, key)] += value


def _facts(counts: Counts) -> Iterable[Fact]:
    for (code, period, village_id, unit_id, key), value in counts.items():
        yield Fact(
            code=code,
            period=period,
            value=value,
            village_id=village_id,
            unit_id=unit_id,
            disaggregation=key,
        )


class HouseholdFacts:
    name = "households"

    def codes(self) -> dict[str, str]:
        return {code: str(label) for code, label in CODES.items()}

    def facts(self, *, year: int | None) -> Iterable[Fact]:
        assessments = Assessment.objects.all()
        if year is not None:
            assessments = assessments.filter(year=year)
        counts: Counts = defaultdict(int)
        by_village = assessments.values("year", "household__village_id", "living_standard")
        for row in by_village.annotate(**_FLAGS).order_by():
            place: tuple = (str(row["year"]), row["household__village_id"], None)
            standard = row["living_standard"]
            _add_class_row(counts, place, TOTAL, standard, row)
            if standard in POOR_CLASSES:
                _add_class_row(counts, place, f"class:{standard}", standard, row)
        by_ethnicity = assessments.values(
            "year", "household__unit_id", "household__ethnicity", "living_standard"
        )
        for group in by_ethnicity.annotate(**_FLAGS).order_by():
            place = (str(group["year"]), None, group["household__unit_id"])
            key = f"ethnicity:{group['household__ethnicity']}"
            _add_class_row(counts, place, key, group["living_standard"], group)
        yield from _facts(counts)
        yield from _facts(self._by_head_sex(year))
        yield from self._deprivations(assessments)

    def _by_head_sex(self, year: int | None) -> Counts:
        heads = Member.objects.filter(relation=Relation.HEAD)
        if year is not None:
            heads = heads.filter(household__assessments__year=year)
        prefix = "household__assessments__"
        rows = (
            heads.values(f"{prefix}year", "household__unit_id", "sex", f"{prefix}living_standard")
            .annotate(
                count=Count("household_id", distinct=True),
                telecom=Count(
                    "household_id", distinct=True, filter=Q(**{f"{prefix}lacks_telecom": True})
                ),
                information=Count(
                    "household_id",
                    distinct=True,
                    filter=Q(**{f"{prefix}lacks_information_means": True}),
                ),
                information_assessed=Count(
                    "household_id",
                    distinct=True,
                    filter=Q(**{f"{prefix}lacks_information_means__isnull": False}),
                ),
            )
            .order_by()
        )
        counts: Counts = defaultdict(int)
        for row in rows:
            place = (str(row[f"{prefix}year"]), None, row["household__unit_id"])
            key = f"head_sex:{row['sex']}"
            _add_class_row(counts, place, key, row[f"{prefix}living_standard"], row)
        return counts

    def _deprivations(self, assessments) -> Iterable[Fact]:
        """Households deprived on each indicator, by commune: the flags are stored as a JSON
        list of codes, matched as quoted text (the codes are not prefixes of one another once
        quoted)."""
        deprived = {
            value: Count("id", filter=Q(deprived_indicators__icontains=f'"{value}"'))
            for value in IndicatorCode.values
        }
        rows = assessments.values("year", "household__unit_id").annotate(**deprived).order_by()
        for row in rows:
            for value in IndicatorCode.values:
                if row[value]:
                    yield Fact(
                        code=f"households.deprived.{value}",
                        period=str(row["year"]),
                        value=row[value],
                        unit_id=row["household__unit_id"],
                    )


class RecordedFacts:
    """The figures recorded by hand (``RecordedFact``), read as facts of their unit."""

    name = "recorded"

    def codes(self) -> dict[str, str]:
        return {}

    def facts(self, *, year: int | None) -> Iterable[Fact]:
        from banso.indicators.models import RecordedFact

        records = RecordedFact.objects.all()
        if year is not None:
            records = records.filter(period__startswith=str(year))
        for code, unit_id, period, key, value in records.values_list(
            "code", "unit_id", "period", "disaggregation", "value"
        ):
            yield Fact(code=code, period=period, value=value, unit_id=unit_id, disaggregation=key)


household_facts = HouseholdFacts()
recorded_facts = RecordedFacts()

"""The households' facts, counted from the yearly assessments of ``banso.households``.

Two grouped counts over the assessments of the year, each read from a covering index of the
assessments alone (a review keeps the household as it found it: village, commune of the
review, ethnicity, sex of the head; never a join to households or members, never a query per
household):

- by village, commune of the review, ethnicity, sex of the head and class, with the two
  information flags: every total and disaggregation (class, ethnicity, sex of the head);
- by village, commune of the review and set of deprivations: households deprived on each
  indicator, by commune.

Each review counts under today's commune of its village (``current``), and, when it was made
by an old commune before the reform of 1 July 2025, under that old commune too, whence it
rolls up to the old district and province (``historic``). The groups are added up here, in
memory, before they become facts, so that the roll-up handles a few thousand facts.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from banso.households.models import Assessment, IndicatorCode, LivingStandard, deprivation_codes
from banso.indicators.facts import TOTAL, Fact
from banso.places.models import Village

POOR_CLASSES = (LivingStandard.POOR, LivingStandard.NEAR_POOR)
_FLAGS = {
    "count": Count("id"),
    "telecom": Count("id", filter=Q(lacks_telecom=True)),
    "information": Count("id", filter=Q(lacks_information_means=True)),
    "information_assessed": Count("id", filter=Q(lacks_information_means__isnull=False)),
}
CURRENT, HISTORIC = "current", "historic"  # models.Hierarchy's values

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

# (hierarchy, period, village, unit, disaggregation, class) → [households, lacking telecom,
# lacking a means of information, assessed on it]
Groups = dict[tuple, list[int]]
# (code, hierarchy, period, village, unit, disaggregation) → households
Counts = dict[tuple, int]


def _group_add(groups: Groups, key: tuple, row: tuple[int, int, int, int]) -> None:
    sums = groups.get(key)
    if sums is None:
        groups[key] = list(row)
    else:
        for i in range(4):
            sums[i] += row[i]


def _class_codes(groups: Groups) -> Counts:
    """The facts each (place, disaggregation, class) group adds to."""
    counts: Counts = defaultdict(int)
    for (hierarchy, period, village, unit, key, standard), sums in groups.items():
        n, telecom, information, assessed = sums
        place = (hierarchy, period, village, unit, key)
        parts = [
            ("households.assessed", n),
            (f"households.{standard}", n),
            ("households.lacks_telecom", telecom),
            ("households.lacks_information_means", information),
            ("households.information_means_assessed", assessed),
        ]
        if standard in POOR_CLASSES:
            parts += [
                ("households.poor_near_poor", n),
                ("households.poor_near_poor.lacks_telecom", telecom),
                ("households.poor_near_poor.lacks_information_means", information),
                ("households.poor_near_poor.information_means_assessed", assessed),
            ]
        for code, value in parts:
            counts[(code, *place)] += value
    return counts


def _facts(counts: Counts) -> Iterable[Fact]:
    for (code, hierarchy, period, village_id, unit_id, key), value in counts.items():
        yield Fact(
            code=code,
            period=period,
            value=value,
            village_id=village_id,
            unit_id=unit_id,
            disaggregation=key,
            hierarchy=hierarchy,
        )


class HouseholdFacts:
    name = "households"

    def codes(self) -> dict[str, str]:
        return {code: str(label) for code, label in CODES.items()}

    def facts(self, *, year: int | None) -> Iterable[Fact]:
        assessments = Assessment.objects.all()
        if year is not None:
            assessments = assessments.filter(year=year)
        commune_of = dict(Village.objects.values_list("pk", "commune_id"))
        yield from _facts(_class_codes(self._groups(assessments, commune_of)))
        yield from _facts(self._deprivations(assessments, commune_of))

    def _groups(self, assessments, commune_of: dict[int, int]) -> Groups:
        rows = (
            assessments.values(
                "year", "village_id", "unit_id", "ethnicity", "head_sex", "living_standard"
            )
            .annotate(**_FLAGS)
            .order_by()
            .values_list(
                "year",
                "village_id",
                "unit_id",
                "ethnicity",
                "head_sex",
                "living_standard",
                *_FLAGS,
            )
        )
        groups: Groups = {}
        for year, village, unit, ethnicity, head_sex, standard, *sums in rows:
            period = str(year)
            flags = (sums[0], sums[1], sums[2], sums[3])
            today = commune_of[village]
            places = [(CURRENT, village, None, today)]
            if unit != today:  # made by an old commune: counted under it too
                places.append((HISTORIC, None, unit, unit))
            for hierarchy, total_village, total_unit, unit_id in places:
                _group_add(
                    groups, (hierarchy, period, total_village, total_unit, TOTAL, standard), flags
                )
                if standard in POOR_CLASSES:
                    key = f"class:{standard}"
                    _group_add(groups, (hierarchy, period, None, unit_id, key, standard), flags)
                key = f"ethnicity:{ethnicity}"
                _group_add(groups, (hierarchy, period, None, unit_id, key, standard), flags)
                if head_sex:
                    key = f"head_sex:{head_sex}"
                    _group_add(groups, (hierarchy, period, None, unit_id, key, standard), flags)
        return groups

    def _deprivations(self, assessments, commune_of: dict[int, int]) -> Counts:
        """Households deprived on each indicator, by commune."""
        rows = (
            assessments.values("year", "village_id", "unit_id", "deprivation_bits")
            .annotate(count=Count("id"))
            .order_by()
            .values_list("year", "village_id", "unit_id", "deprivation_bits", "count")
        )
        decoded: dict[int, list[str]] = {}
        counts: Counts = defaultdict(int)
        for year, village, unit, bits, count in rows:
            if not bits:
                continue
            if bits not in decoded:
                decoded[bits] = [f"households.deprived.{c}" for c in deprivation_codes(bits)]
            today = commune_of[village]
            for code in decoded[bits]:
                counts[(code, CURRENT, str(year), None, today, TOTAL)] += count
                if unit != today:
                    counts[(code, HISTORIC, str(year), None, unit, TOTAL)] += count
        return counts


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

"""The indicators' recompute over 450,000 households in 99 communes, and the dashboards that
read its figures, on a scratch SQLite site (and on PostgreSQL too when ``DATABASE_URL`` names
one: a scratch database is made beside it and dropped after).

A child process migrates the scratch database and fills it: Lào Cai's 99 communes of today,
10 villages each, 450,000 households with their head (a ``Member``) and their review of 2023
(an ``Assessment`` judged by the 2022–2026 standard: a third poor, a quarter near-poor, the
rest above the line; 3 % lacking telecom, 8 % lacking a means of information; 20 answer
patterns whose flags and classes come from the same rules as ``assessment_record``). They are
written with raw multi-row inserts (``COPY`` on PostgreSQL), not through the services: the
recompute only reads the rows those services write, and reviewing 450,000 households one by
one would take an hour.

Then, in the same child:

- ``indicators_recompute(year=2023)``, run ``RUNS`` times, each timed alone: every active
  indicator on every village, commune and the province, with the class, ethnicity and sex of
  the head breakdowns. Goal ≤ 2 s (absolute, as the issue sets it). Its baseline is the least a
  recompute must do: one grouped count of the year's assessments by village.
- the dashboard of the province and of each of its 99 communes, as the public reads it
  (``indicator_dashboard`` and its page through Django's test client, template and SVG charts
  included), each call timed alone. Goal p95 ≤ 100 ms; the baseline is a primary-key lookup of
  one household.
"""

import argparse
import json
import random
import time
from typing import TYPE_CHECKING

from bench.report import Goal, Measure, Report, p95_measures, quantile, timing_summary
from bench.server import (
    both_databases_run,
    child_figures,
    rows_write,
)

if TYPE_CHECKING:
    from banso.places.models import AdministrativeUnit

NAME = "indicators_recompute"
HOUSEHOLDS = 450_000
COMMUNES = 99
VILLAGES_PER_COMMUNE = 10
YEAR = 2023
RUNS = 5
READS = 3  # rounds over the province and every commune
GOAL_RECOMPUTE_SECONDS = 2.0
GOAL_P95_MS = 100.0
CHILD_TIMEOUT_SECONDS = 1800


def _measures(label: str, figures: dict) -> list[Measure]:
    recompute = figures["recompute"]
    measures = [
        Measure(f"{NAME} grouped count", f"median, {label}", figures["baseline_seconds"], "s"),
        Measure(
            NAME,
            f"recompute median, {label}",
            recompute["median_s"],
            "s",
            baseline=figures["baseline_seconds"],
        ),
        Measure(
            NAME,
            f"recompute median vs 2 s goal, {label}",
            recompute["median_s"],
            "s",
            baseline=GOAL_RECOMPUTE_SECONDS,
            goal=Goal(1.0, at_least=False),
        ),
        Measure(f"{NAME} pk lookup", f"p95, {label}", figures["lookup_p95_ms"], "ms"),
    ]
    for key, what in (("selector", "dashboard selector"), ("page", "dashboard page")):
        measures += p95_measures(
            NAME,
            what,
            label,
            figures[key]["p95_ms"],
            baseline_ms=figures["lookup_p95_ms"],
            goal_ms=GOAL_P95_MS,
        )
    measures.append(Measure(f"{NAME} data set", f"built, {label}", figures["prepare_seconds"], "s"))
    return measures


def _child(environment: dict[str, str]) -> dict:
    return child_figures(
        "bench.indicators_recompute",
        environment,
        timeout=CHILD_TIMEOUT_SECONDS,
        what="indicators recompute",
    )


def run(options: argparse.Namespace) -> Report:
    return both_databases_run(
        NAME,
        measure=lambda environment, _var_dir: _child(environment),
        measures_of=_measures,
        collectstatic=True,
    )


# --- what runs in the child process, with the scratch database -----------------------------


def places_make() -> tuple["AdministrativeUnit", list[tuple[int, int]]]:
    """The province, and the villages of its first 99 communes (10 each)."""
    from banso.common.text import fold, sort_key
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit, Village

    if not AdministrativeUnit.objects.exists():
        units_load()
    province = AdministrativeUnit.objects.get(is_current=True, level="province", code="15")
    communes = list(
        AdministrativeUnit.objects.filter(
            is_current=True, level="commune", parent=province
        ).order_by("code")[:COMMUNES]
    )
    villages = []
    for commune in communes:
        for number in range(VILLAGES_PER_COMMUNE):
            name = f"Thôn {number + 1}"
            villages.append(
                Village(
                    commune=commune,
                    name=name,
                    kind="thon",
                    name_folded=fold(name),
                    name_sort=sort_key(name),
                )
            )
    Village.objects.bulk_create(villages, batch_size=1000)
    village_ids = list(
        Village.objects.filter(commune__in=communes).order_by("pk").values_list("pk", "commune_id")
    )
    return province, village_ids


def _patterns(chance: random.Random) -> list[dict]:
    """20 kinds of review, judged by the 2022–2026 standard's own rules."""
    from banso.households import standards
    from banso.households.models import Area, IndicatorCode, deprivation_bits
    from banso.households.selectors import standard_for
    from banso.places.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(is_current=True, level="province", code="15")
    standard = standard_for(year=YEAR, province=province)
    codes = [indicator.code for indicator in standard.indicators.all()]
    line = standard.poverty_line_vnd(Area.RURAL)
    patterns = []
    for number in range(20):
        lacks_telecom = number == 0
        lacks_information = number in (1, 2)
        answers = {
            "members": 4,
            "working_age_without_job": number % 2,
            "dependants": 2 + number % 3 // 2,
            "malnourished_children": 0,
            "uninsured_members": number % 4 // 3,
            "young_adults_without_schooling": 0,
            "children_out_of_school": 0,
            "has_solid_house": number % 3 != 0,
            "floor_area_m2": 40,
            "has_safe_water": number % 5 != 0,
            "has_hygienic_latrine": number % 2 == 0,
            "members_using_telecom": 0 if lacks_telecom else 2,
            "has_information_means": not lacks_information,
        }
        deprived = standards.deprivations(answers, codes)
        income = line - 300_000 if number < 12 else line + 500_000
        patterns.append(
            {
                "standard_id": standard.pk,
                "answers": json.dumps(answers),
                "income": income,
                "deprived": json.dumps(deprived),
                "bits": deprivation_bits(deprived),
                "count": len(deprived),
                "class": standards.living_standard(
                    income_per_capita_vnd=income,
                    deprivation_count=len(deprived),
                    poverty_line_vnd=line,
                    medium_line_vnd=standard.medium_line_vnd(Area.RURAL),
                    deprivation_threshold=standard.deprivation_threshold,
                ),
                "telecom": IndicatorCode.TELECOM in deprived,
                "information": IndicatorCode.INFORMATION_MEANS in deprived,
            }
        )
    chance.shuffle(patterns)
    return patterns


def households_write(villages: list[tuple[int, int]], chance: random.Random) -> None:
    """The households, their heads and their 2023 reviews, with ids 1…N."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    stamp = now if connection.vendor == "postgresql" else now.isoformat()
    patterns = _patterns(chance)
    ethnicities = ["08", "08", "08", "09", "01", "02", "07", "11"]
    picks = [(chance.randrange(len(villages)), chance.randrange(20)) for _n in range(HOUSEHOLDS)]
    with transaction.atomic():
        rows_write(
            "households_household",
            [
                "id",
                "created_at",
                "updated_at",
                "code",
                "village_id",
                "unit_id",
                "head_name",
                "phone",
                "ethnicity",
                "area",
            ],
            (
                (
                    number,
                    stamp,
                    stamp,
                    f"B{number:07d}",
                    villages[village][0],
                    villages[village][1],
                    f"Chủ hộ {number}",
                    "",
                    ethnicities[number % len(ethnicities)],
                    "rural",
                )
                for number, (village, _pattern) in enumerate(picks, start=1)
            ),
        )
        rows_write(
            "households_member",
            [
                "id",
                "created_at",
                "updated_at",
                "household_id",
                "full_name",
                "sex",
                "birth_year",
                "relation",
            ],
            (
                (number, stamp, stamp, number, f"Chủ hộ {number}", sex, 1970, "head")
                for number in range(1, HOUSEHOLDS + 1)
                for sex in ["female" if number % 3 == 0 else "male"]
            ),
        )
        rows_write(
            "households_assessment",
            [
                "id",
                "household_id",
                "year",
                "standard_id",
                "answers",
                "income_per_capita_vnd",
                "deprived_indicators",
                "deprivation_bits",
                "deprivation_count",
                "living_standard",
                "lacks_telecom",
                "lacks_information_means",
                "village_id",
                "unit_id",
                "ethnicity",
                "head_sex",
                "made_by_id",
                "made_at",
            ],
            (
                (
                    number,
                    number,
                    YEAR,
                    kind["standard_id"],
                    kind["answers"],
                    kind["income"],
                    kind["deprived"],
                    kind["bits"],
                    kind["count"],
                    kind["class"],
                    kind["telecom"],
                    kind["information"],
                    villages[village][0],
                    villages[village][1],
                    ethnicities[number % len(ethnicities)],
                    "female" if number % 3 == 0 else "male",
                    None,
                    stamp,
                )
                for number, (village, pattern) in enumerate(picks, start=1)
                for kind in [patterns[pattern]]
            ),
        )


def child_main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from banso.households.models import Assessment, Household
    from banso.indicators.models import IndicatorValue
    from banso.indicators.selectors import indicator_dashboard
    from banso.indicators.services import indicators_recompute
    from banso.places.models import AdministrativeUnit

    chance = random.Random(20231006)
    started = time.perf_counter()
    province, villages = places_make()
    households_write(villages, chance)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    prepared = time.perf_counter() - started

    def seconds(call) -> float:
        begun = time.perf_counter()
        call()
        return time.perf_counter() - begun

    def grouped_count() -> list:
        return list(
            Assessment.objects.filter(year=YEAR)
            .values("village_id")
            .annotate(n=Count("id"))
            .order_by()
        )

    baselines = [seconds(grouped_count) for _run in range(RUNS)]
    recomputes = [seconds(lambda: indicators_recompute(year=YEAR)) for _run in range(RUNS)]

    communes = list(
        AdministrativeUnit.objects.filter(parent=province, villages__isnull=False)
        .distinct()
        .order_by("code")
    )
    units = [province, *communes]
    anonymous = AnonymousUser()
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    pks = list(Household.objects.values_list("pk", flat=True)[:1000])
    lookups: list[float] = []
    selector: list[float] = []
    pages: list[float] = []
    for round_number in range(READS + 1):
        for unit in units:
            pk = chance.choice(pks)
            lookup = seconds(lambda pk=pk: Household.objects.get(pk=pk)) * 1000
            read = (
                seconds(
                    lambda unit=unit: indicator_dashboard(anonymous, unit=unit, period=str(YEAR))
                )
                * 1000
            )
            path = (
                reverse("indicators:dashboard")
                if unit is province
                else reverse("indicators:unit-dashboard", args=[unit.code])
            )

            def get(path=path) -> None:
                response = client.get(path, {"period": YEAR})
                assert response.status_code == 200, response.status_code

            page = seconds(get) * 1000
            if round_number:  # the first round warms up
                lookups.append(lookup)
                selector.append(read)
                pages.append(page)
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "households": Household.objects.count(),
                "assessments": Assessment.objects.filter(year=YEAR).count(),
                "communes": len(communes),
                "values_written": IndicatorValue.objects.filter(year=YEAR).count(),
                "prepare_seconds": round(prepared, 1),
                "baseline_seconds": round(quantile(baselines, 0.5), 3),
                "recompute": {
                    "median_s": round(quantile(recomputes, 0.5), 3),
                    "best_s": round(min(recomputes), 3),
                    "worst_s": round(max(recomputes), 3),
                    "runs": [round(value, 3) for value in recomputes],
                },
                "reads": len(pages),
                "lookup_p95_ms": round(quantile(lookups, 0.95), 3),
                "selector": timing_summary(selector),
                "page": timing_summary(pages),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    child_main()

"""The province's report of its village digital-technology teams over a year of help, on a
scratch SQLite site (and on PostgreSQL too when ``DATABASE_URL`` names one: a scratch database
is made beside it and dropped after).

A child process migrates the scratch database and fills it: Lào Cai's 99 communes of today,
17 villages each (1,683), 1,600 teams (one per village, the rest without), 7,400 members (one
in ten of whom left), 150,000 households, and 200,000 records of help of 2025 (each with one or
two kinds; one in eight needing a follow-up), written with raw multi-row inserts (``COPY`` on
PostgreSQL), not through the services, as ``bench.indicators_recompute`` does; then the
reports' tallies are counted from those records (``help_tallies_rebuild``, what
``manage.py teams_tallies --rebuild`` runs; timed), as the sync would have kept them.

Then, in the same child, ``RUNS`` times each, timed alone: ``teams.reports.team_report`` of the
province for 2025 computed afresh (every figure and the table of its 99 communes, from the
tallies and the register: what the first reader after a change waits); its page as a province
officer reads it through Django's test client (template and SVG charts included) with the cache
emptied before each read, so computed afresh too; and the same page as the next readers get it,
from the cache (``team_report_cached``). Goal p95 ≤ 200 ms (absolute, as issue 15 sets it); the
baseline is a primary-key lookup of one record of help.
"""

import argparse
import json
import random
import time
import uuid

from bench.places import province_villages_write
from bench.report import Measure, Report, p95_measures, quantile, timing_summary
from bench.server import (
    both_databases_run,
    child_figures,
    rows_write,
)

NAME = "teams_report"
COMMUNES = 99
VILLAGES_PER_COMMUNE = 17
TEAMS = 1_600
MEMBERS = 7_400
HOUSEHOLDS = 150_000
RECORDS = 200_000
YEAR = 2025
RUNS = 40
GOAL_P95_MS = 200.0
CHILD_TIMEOUT_SECONDS = 1800


def _measures(label: str, figures: dict) -> list[Measure]:
    measures = [Measure(f"{NAME} pk lookup", f"p95, {label}", figures["lookup_p95_ms"], "ms")]
    for key, what in (
        ("selector", "province report computed"),
        ("page_computed", "province report page, computed"),
        ("page", "province report page, cached"),
    ):
        measures += p95_measures(
            NAME,
            what,
            label,
            figures[key]["p95_ms"],
            baseline_ms=figures["lookup_p95_ms"],
            goal_ms=GOAL_P95_MS,
        )
    measures.append(Measure(f"{NAME} data set", f"built, {label}", figures["prepare_seconds"], "s"))
    measures.append(
        Measure(
            f"{NAME} tallies",
            f"counted from the records, {label}",
            figures["tallies_seconds"],
            "s",
        )
    )
    return measures


def _child(environment: dict[str, str]) -> dict:
    return child_figures(
        "bench.teams_report", environment, timeout=CHILD_TIMEOUT_SECONDS, what="teams report"
    )


def run(options: argparse.Namespace) -> Report:
    return both_databases_run(
        NAME,
        measure=lambda environment, _var_dir: _child(environment),
        measures_of=_measures,
        collectstatic=True,
    )


# --- what runs in the child process, with the scratch database -----------------------------


def data_write(chance: random.Random):
    """The places, teams, members, households and a year of help; returns the province."""
    from django.db import connection, transaction
    from django.utils import timezone

    from banso.teams.models import HelpKind

    province, villages = province_villages_write(
        communes=COMMUNES, per_commune=VILLAGES_PER_COMMUNE
    )
    kinds = list(HelpKind.objects.values_list("pk", flat=True))
    now = timezone.now()
    stamp = now if connection.vendor == "postgresql" else now.isoformat()
    founded = "2023-03-15"
    team_villages = chance.sample(villages, TEAMS)
    with transaction.atomic():
        rows_write(
            "teams_team",
            [
                "id",
                "created_at",
                "updated_at",
                "decision_number",
                "decision_date",
                "decision_scan",
                "founded_on",
                "dissolved_on",
                "dissolution_note",
                "unit_id",
                "village_id",
            ],
            (
                (
                    number,
                    stamp,
                    stamp,
                    f"{number}/QĐ-UBND",
                    founded,
                    "",
                    founded,
                    None,
                    "",
                    commune_id,
                    village_id,
                )
                for number, (village_id, commune_id) in enumerate(team_villages, start=1)
            ),
        )
        # Members: one leader per team, the rest members or deputies; one in ten left.
        member_team = [number % TEAMS + 1 for number in range(MEMBERS)]
        rows_write(
            "teams_teammember",
            [
                "id",
                "created_at",
                "updated_at",
                "full_name",
                "phone",
                "position",
                "background",
                "training",
                "joined_on",
                "left_on",
                "leave_reason",
                "team_id",
            ],
            (
                (
                    number,
                    stamp,
                    stamp,
                    f"Thành viên {number}",
                    "",
                    "leader" if number <= TEAMS else ("deputy" if number % 7 == 0 else "member"),
                    "volunteer",
                    "",
                    founded,
                    "2024-06-01" if number > TEAMS and number % 10 == 0 else None,
                    "",
                    team,
                )
                for number, team in enumerate(member_team, start=1)
            ),
        )
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
                    f"H{number:07d}",
                    team_villages[number % TEAMS][0],
                    team_villages[number % TEAMS][1],
                    f"Chủ hộ {number}",
                    "",
                    "08",
                    "rural",
                )
                for number in range(1, HOUSEHOLDS + 1)
            ),
        )
        picks = [chance.randrange(1, HOUSEHOLDS + 1) for _n in range(RECORDS)]
        rows_write(
            "teams_helprecord",
            [
                "id",
                "created_at",
                "updated_at",
                "client_id",
                "person_name",
                "person_phone",
                "helped_on",
                "outcome",
                "note",
                "fingerprint",
                "household_id",
                "unit_id",
                "village_id",
                "team_id",
                "helper_id",
            ],
            (
                (
                    number,
                    stamp,
                    stamp,
                    uuid.UUID(int=number).hex,
                    "",
                    "",
                    f"{YEAR}-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                    "follow_up" if number % 8 == 0 else "done",
                    "",
                    "",
                    household,
                    team_villages[household % TEAMS][1],
                    team_villages[household % TEAMS][0],
                    household % TEAMS + 1,
                    household % TEAMS + 1,  # the team's leader has the team's number
                )
                for number, household in enumerate(picks, start=1)
            ),
        )
        rows_write(
            "teams_helprecord_kinds",
            ["id", "helprecord_id", "helpkind_id"],
            (
                (row, record, kind)
                for row, (record, kind) in enumerate(
                    (
                        (number, kinds[(number + extra) % len(kinds)])
                        for number in range(1, RECORDS + 1)
                        for extra in range(1 + number % 2)
                    ),
                    start=1,
                )
            ),
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in (
                    "teams_team",
                    "teams_teammember",
                    "households_household",
                    "teams_helprecord",
                    "teams_helprecord_kinds",
                ):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
    return province


def child_main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from banso.accounts.models import User
    from banso.teams.models import HelpRecord, Team
    from banso.teams.reports import team_report
    from banso.teams.services.tallies import help_tallies_rebuild

    chance = random.Random(20251207)
    started = time.perf_counter()
    province = data_write(chance)
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    tallies = help_tallies_rebuild()
    tallied = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    def milliseconds(call) -> float:
        begun = time.perf_counter()
        call()
        return (time.perf_counter() - begun) * 1000

    officer = User.objects.create_superuser(
        phone="+84981000999", password="bench-only-x9", full_name="Cán bộ tỉnh"
    )
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    client.force_login(officer)
    path = reverse("teams:unit-report", args=[province.code])

    def page() -> None:
        response = client.get(path, {"year": YEAR})
        assert response.status_code == 200, response.status_code

    def page_computed() -> None:
        cache.clear()
        page()

    report = team_report(year=YEAR, unit=province)
    lookups, selector, pages_computed, pages = [], [], [], []
    for run_number in range(RUNS + 2):
        pk = chance.randrange(1, RECORDS + 1)
        lookup = milliseconds(lambda pk=pk: HelpRecord.objects.get(pk=pk))
        read = milliseconds(lambda: team_report(year=YEAR, unit=province))
        computed = milliseconds(page_computed)
        shown = milliseconds(page)
        if run_number >= 2:  # the first two warm up
            lookups.append(lookup)
            selector.append(read)
            pages_computed.append(computed)
            pages.append(shown)
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "teams": Team.objects.count(),
                "records": HelpRecord.objects.count(),
                "members": report.members,
                "help_records": report.help_records,
                "households_reached": report.households_reached,
                "follow_ups_open": report.follow_ups_open,
                "coverage": report.coverage,
                "prepare_seconds": round(prepared, 1),
                "tallies_seconds": round(tallied, 1),
                "tally_rows": tallies,
                "reads": len(pages),
                "lookup_p95_ms": round(quantile(lookups, 0.95), 3),
                "selector": timing_summary(selector),
                "page_computed": timing_summary(pages_computed),
                "page": timing_summary(pages),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    child_main()

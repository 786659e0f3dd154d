"""One phone syncing 500 pending records of help through the sync endpoint, on a scratch SQLite
site (and on PostgreSQL too when ``DATABASE_URL`` names one).

A child process migrates the scratch database and founds, through the services, a team in one
village of 600 households with its leader signed in on the phone. The phone then sends its 500
pending records as the offline app does: batches of 100 (``SYNC_LIMIT``) posted as JSON to
``POST /api/teams/help/sync`` through Django's test client (URL routing, middleware, session
authentication, the django-ninja schema and the answer), each batch timed alone and its SQL
statements counted; then the same 500 again (a retry after a lost answer: nothing is written).
The baseline, in the same run, is the phone's ``GET /api/teams/mine`` (the bundle it keeps for
the days without signal). ``ROUNDS`` rounds, each on records of its own.
"""

import argparse
import datetime
import json
import time
import uuid

from bench.report import Measure, Report, quantile
from bench.server import both_databases_run, child_figures

NAME = "teams_sync"
PENDING = 500
HOUSEHOLDS = 600
ROUNDS = 3
CHILD_TIMEOUT_SECONDS = 900
SYNC = "/api/teams/help/sync"
MINE = "/api/teams/mine"


def _measures(label: str, figures: dict) -> list[Measure]:
    bundle = figures["bundle_median_ms"]
    return [
        Measure(f"{NAME} bundle GET", f"median, {label}", bundle, "ms"),
        Measure(
            NAME,
            f"500 new records median, {label}",
            figures["new_median_ms"],
            "ms",
            baseline=bundle,
        ),
        Measure(
            NAME, f"batch of 100 new p95, {label}", figures["batch_p95_ms"], "ms", baseline=bundle
        ),
        Measure(
            NAME,
            f"500 sent again median, {label}",
            figures["again_median_ms"],
            "ms",
            baseline=bundle,
        ),
        Measure(NAME, f"statements for 500 new, {label}", figures["new_statements"], "queries"),
        Measure(
            NAME, f"statements for 500 sent again, {label}", figures["again_statements"], "queries"
        ),
    ]


def _child(environment: dict[str, str]) -> dict:
    return child_figures(
        "bench.teams_sync", environment, timeout=CHILD_TIMEOUT_SECONDS, what="teams sync"
    )


def run(options: argparse.Namespace) -> Report:
    return both_databases_run(
        NAME, measure=lambda environment, _var_dir: _child(environment), measures_of=_measures
    )


# --- what runs in the child process, with the scratch database -----------------------------


def child_main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from banso.accounts.models import PlaceRole, User
    from banso.accounts.services import role_grant
    from banso.households.models import Household
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.places.services import village_create
    from banso.teams.models import HelpRecord
    from banso.teams.services.help import SYNC_LIMIT
    from banso.teams.services.register import member_add, team_found

    if not AdministrativeUnit.objects.exists():
        units_load()
    commune = AdministrativeUnit.objects.get(is_current=True, level="commune", code="02761")
    officer = User.objects.create_user(
        phone="+84981000901", password="bench-only-x9", full_name="Cán bộ xã"
    )
    role_grant(user=officer, role=PlaceRole.COMMUNE_OFFICER, unit=commune)
    village = village_create(actor=officer, commune=commune, name="Mã Tuyển", kind="thon")
    Household.objects.bulk_create(
        [
            Household(
                code=f"MT-{number:04d}",
                village=village,
                unit=commune,
                head_name=f"Chủ hộ {number}",
                ethnicity="08",
            )
            for number in range(1, HOUSEHOLDS + 1)
        ]
    )
    team = team_found(
        actor=officer,
        village=village,
        decision_number="125/QĐ-UBND",
        decision_date=datetime.date(2023, 3, 15),
    )
    phone_user = User.objects.create_user(
        phone="+84981000902", password="bench-only-x9", full_name="Vàng Thị Mai"
    )
    leader = member_add(
        actor=officer,
        team=team,
        full_name="Vàng Thị Mai",
        user=phone_user,
        position="leader",
        background="village_head",
        joined_on=team.founded_on,
    )
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    client.force_login(phone_user)
    kinds = ["vneid", "cashless-payment", "mobile-money", "public-services", "digital-skills"]

    def pending(round_number: int) -> list[dict]:
        return [
            {
                "client_id": str(uuid.uuid4()),
                "helper": leader.pk,
                "village": village.pk,
                "household": f"MT-{(number + round_number * 7) % HOUSEHOLDS + 1:04d}",
                "kinds": [kinds[number % 5], kinds[(number + 2) % 5]][: 1 + number % 2],
                "helped_on": (
                    datetime.date(2025, 1, 1) + datetime.timedelta(days=number % 300)
                ).isoformat(),
                "outcome": "follow_up" if number % 6 == 0 else "done",
                "note": "",
            }
            for number in range(PENDING)
        ]

    def sync(records: list[dict]) -> tuple[float, list[float], int, dict]:
        batches, statements, totals = [], 0, {"created": 0, "already_recorded": 0}
        for start in range(0, len(records), SYNC_LIMIT):
            body = json.dumps({"records": records[start : start + SYNC_LIMIT]})
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                response = client.post(SYNC, body, content_type="application/json")
                batches.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, response.content[:300]
            answer = response.json()
            statements += len(queries.captured_queries)
            for key in totals:
                totals[key] += answer[key]
        return sum(batches), batches, statements, totals

    def bundle() -> float:
        begun = time.perf_counter()
        response = client.get(MINE)
        assert response.status_code == 200, response.status_code
        return (time.perf_counter() - begun) * 1000

    bundle()  # warm up
    bundles, news, agains, batch_times = [], [], [], []
    new_statements = again_statements = 0
    totals_new: dict = {}
    totals_again: dict = {}
    for round_number in range(ROUNDS):
        bundles += [bundle() for _n in range(5)]
        records = pending(round_number)
        total, batches, new_statements, totals_new = sync(records)
        news.append(total)
        batch_times += batches
        total, _batches, again_statements, totals_again = sync(records)
        agains.append(total)
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "stored": HelpRecord.objects.count(),
                "created_last_round": totals_new["created"],
                "already_recorded_last_round": totals_again["already_recorded"],
                "bundle_median_ms": round(quantile(bundles, 0.5), 2),
                "new_median_ms": round(quantile(news, 0.5), 1),
                "new_runs_ms": [round(value, 1) for value in news],
                "batch_p95_ms": round(quantile(batch_times, 0.95), 1),
                "again_median_ms": round(quantile(agains, 0.5), 1),
                "new_statements": new_statements,
                "again_statements": again_statements,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    child_main()

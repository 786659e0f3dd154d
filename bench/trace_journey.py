"""One lot's journey queried through the EPCIS query with 1,000,000 events stored.

A scratch SQLite database (migrated like the site's) is filled with lots and their events the
way captures leave them: a ``TraceEvent`` with its JSON-LD document and one ``EventEpc`` naming
the lot's class (a GS1 Digital Link in the quantityList), ten events per lot, inserted in time
order so that one lot's events lie far apart in the table. The query measured is what
``GET /epcis/events?MATCH_anyEPCClass=<lot>`` does below HTTP: parse the parameters, select the
page, build the EPCISQueryDocument and serialise it.

Baseline, measured in the same process on the same database: the same query, over other lots,
when only the first 10,000 events are stored. An index-backed query costs about the same at
both sizes; one that scans grows a hundredfold. The details also hold the SQLite query plan,
a primary-key lookup at full size, and how long the generation took.
"""

import argparse
import functools
import json
import os
import tempfile
from pathlib import Path

from bench.load import percentile
from bench.report import Goal, Measure, Report
from bench.server import child_figures, manage, site_environment

NAME = "trace_journey"
EVENTS_PER_LOT = 10
BASELINE_EVENTS = 10_000
FULL_EVENTS = int(os.environ.get("BANSO_BENCH_JOURNEY_EVENTS", "1000000"))
LOTS_PER_PRODUCT = 1_000
SAMPLES = 400
CHILD_TIMEOUT_SECONDS = 1800


def run(options: argparse.Namespace) -> Report:
    with tempfile.TemporaryDirectory(prefix="banso-bench-journey-") as directory:
        var_dir = Path(directory)
        environment = site_environment(var_dir)
        log_path = var_dir / "bench.log"
        manage(environment, "migrate", "--no-input", log_path=log_path)
        figures = child_figures(
            "bench.trace_journey", environment, timeout=CHILD_TIMEOUT_SECONDS, what="journey"
        )
    small, full = figures["baseline"], figures["full"]
    label = f"{NAME} {figures['full_events']:,} events"
    return Report(
        measures=[
            Measure(
                f"{NAME} {figures['baseline_events']:,} events",
                "p50 latency",
                small["p50_ms"],
                "ms",
            ),
            Measure(
                f"{NAME} {figures['baseline_events']:,} events",
                "p99 latency",
                small["p99_ms"],
                "ms",
            ),
            Measure(label, "p50 latency", full["p50_ms"], "ms", small["p50_ms"], Goal(2.0, False)),
            Measure(label, "p99 latency", full["p99_ms"], "ms", small["p99_ms"], Goal(3.0, False)),
            Measure(
                f"{NAME} generation", "throughput", figures["insert_rows_per_second"], "events/s"
            ),
        ],
        details=figures,
    )


# --- what runs in the child process, with the scratch database -----------------------------


def lot_class(gtin: str, code: str) -> str:
    return f"https://id.gs1.org/01/{gtin}/10/{code}"


@functools.cache
def gtin_of(product_number: int) -> str:
    from banso.trace.gs1 import gtin_check_digit

    body = f"0893{product_number:09d}"
    return body + gtin_check_digit(body)


def _fixtures(lot_count: int):
    """An organisation, its products and ``lot_count`` lots, inserted in batches."""
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from banso.accounts.services import user_create
    from banso.orgs.services import organisation_create
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.trace.models import Lot, Product

    if not AdministrativeUnit.objects.exists():
        units_load()
    unit = AdministrativeUnit.objects.filter(is_current=True, level="commune").earliest("path")
    admin = user_create(
        full_name="Quản trị", phone="0981000002", password="bench-pass-1", is_superuser=True
    )
    organisation = organisation_create(
        actor=admin, name="Hợp tác xã Chè Shan Tuyết", kind="cooperative", unit=unit
    )
    product_count = -(-lot_count // LOTS_PER_PRODUCT)
    Product.objects.bulk_create(
        Product(
            organisation=organisation,
            name=f"Chè shan tuyết {number}",
            name_folded=f"che shan tuyet {number}",
            category="tea",
            unit="kg",
            gtin=gtin_of(number),
        )
        for number in range(product_count)
    )
    products = dict(Product.objects.values_list("gtin", "pk"))
    now = str(timezone.now().replace(tzinfo=None))
    product_ids = [products[gtin_of(number)] for number in range(product_count)]
    lot_sql = (
        f"INSERT INTO {Lot._meta.db_table} (id, created_at, updated_at, product_id, code, "
        "harvest_unit_id, harvest_date, quantity, quantity_unit, producer_households, notes) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, '500', 'kg', '', '')"
    )
    first_day = datetime.date(2025, 1, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, lot_count, 20_000):
            cursor.executemany(
                lot_sql,
                [
                    (
                        number + 1,
                        now,
                        now,
                        product_ids[number // LOTS_PER_PRODUCT],
                        f"T{number:07d}",
                        unit.pk,
                        str(first_day + datetime.timedelta(days=number % 300)),
                    )
                    for number in range(start, min(start + 20_000, lot_count))
                ],
            )


STEPS = [
    ("commissioning", "active", "ADD"),
    ("inspecting", "conformant", "OBSERVE"),
    ("packing", "in_progress", "OBSERVE"),
    ("inspecting", "conformant", "OBSERVE"),
    ("shipping", "in_transit", "OBSERVE"),
    ("receiving", "in_progress", "OBSERVE"),
    ("storing", "in_progress", "OBSERVE"),
    ("packing", "in_progress", "OBSERVE"),
    ("shipping", "in_transit", "OBSERVE"),
    ("retail_selling", "retail_sold", "OBSERVE"),
]
CONTEXT = json.dumps(["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"])


def _insert_events(first_lot: int, last_lot: int, first_id: int) -> int:
    """Ten events for each lot in [first_lot, last_lot), step by step over all the lots (time
    order, as captures arrive), with raw ``executemany`` in batches: memory stays flat."""
    import datetime
    import hashlib

    from django.db import connection, transaction

    from banso.trace.models import EventEpc, TraceEvent

    event_table = TraceEvent._meta.db_table
    epc_table = EventEpc._meta.db_table
    event_sql = (
        f"INSERT INTO {event_table} (id, event_hash, event_id, event_type, event_time, "
        "event_time_zone_offset, record_time, action, biz_step, disposition, read_point, "
        "biz_location, is_error_declaration, document, context, lot_id, previous_hash) "
        "VALUES (%s, %s, '', 'ObjectEvent', %s, '+07:00', %s, %s, %s, %s, %s, %s, 0, %s, %s, "
        "%s, '')"
    )
    epc_sql = (
        f"INSERT INTO {epc_table} (event_id, epc, role, lot_id) VALUES (%s, %s, 'quantity', %s)"
    )
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    lot_count = last_lot - first_lot
    next_id = first_id
    events: list[tuple] = []
    epcs: list[tuple] = []

    def flush(cursor):
        cursor.executemany(event_sql, events)
        cursor.executemany(epc_sql, epcs)
        events.clear()
        epcs.clear()

    with transaction.atomic(), connection.cursor() as cursor:
        for step, (biz_step, disposition, action) in enumerate(STEPS[:EVENTS_PER_LOT]):
            for offset in range(lot_count):
                lot_number = first_lot + offset
                moment = start + datetime.timedelta(
                    days=step * 3 + lot_number % 300, seconds=lot_number
                )
                stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
                epc_class = lot_class(gtin_of(lot_number // LOTS_PER_PRODUCT), f"T{lot_number:07d}")
                location = f"https://id.gs1.org/414/893123456{lot_number % 1000:03d}8"
                document = {
                    "type": "ObjectEvent",
                    "eventTime": stamp,
                    "eventTimeZoneOffset": "+07:00",
                    "epcList": [],
                    "action": action,
                    "bizStep": biz_step,
                    "disposition": disposition,
                    "readPoint": {"id": location},
                    "bizLocation": {"id": location},
                    "quantityList": [{"epcClass": epc_class, "quantity": 20, "uom": "KGM"}],
                }
                digest = hashlib.sha256(f"{epc_class}|{step}".encode()).hexdigest()
                naive = moment.replace(tzinfo=None)
                events.append(
                    (
                        next_id,
                        f"ni:///sha-256;{digest}?ver=CBV2.0",
                        str(naive),
                        str(naive),
                        action,
                        biz_step,
                        disposition,
                        location,
                        location,
                        json.dumps(document, separators=(",", ":")),
                        CONTEXT,
                        lot_number + 1,
                    )
                )
                epcs.append((next_id, epc_class, lot_number + 1))
                next_id += 1
                if len(events) >= 20_000:
                    flush(cursor)
        flush(cursor)
    return next_id


def _latencies(function, arguments: list, rounds: int = 2) -> dict:
    import time

    for argument in arguments:  # warm-up: caches, first-use imports, the page cache
        function(argument)
    samples = []
    for _round in range(rounds):
        for argument in arguments:
            started = time.perf_counter()
            function(argument)
            samples.append(time.perf_counter() - started)
    samples.sort()
    return {
        "p50_ms": percentile(samples, 0.50) * 1000,
        "p99_ms": percentile(samples, 0.99) * 1000,
        "samples": len(samples),
    }


def _journey(epc_class: str) -> int:
    from django.db.models import Q

    from banso.trace.selectors.events import EventReader, events_query, query_document

    every_event = EventReader(full=Q(), visible=Q())
    page = events_query({"MATCH_anyEPCClass": epc_class, "perPage": "100"}, reader=every_event)
    body = json.dumps(query_document(page.events), separators=(",", ":"))
    if len(page.events) != EVENTS_PER_LOT or not body:
        raise RuntimeError(f"{epc_class}: {len(page.events)} events, not {EVENTS_PER_LOT}")
    return len(page.events)


def _sample_lots(first: int, last: int) -> list[str]:
    import random

    chooser = random.Random(20251120)  # a benchmark's sample, not a secret
    numbers = chooser.sample(range(first, last), min(SAMPLES, last - first))
    return [lot_class(gtin_of(n // LOTS_PER_PRODUCT), f"T{n:07d}") for n in numbers]


def _query_plan(epc_class: str) -> list[str]:
    from django.db import connection
    from django.db.models import Q

    from banso.trace.selectors.events import EventReader, event_query_parse, events_filtered

    query = event_query_parse({"MATCH_anyEPCClass": epc_class})
    every_event = EventReader(full=Q(), visible=Q())
    sql, params = events_filtered(query, every_event)[:101].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def child_main() -> None:
    import time

    import django

    django.setup()
    from django.db import connection

    from banso.trace.models import EventEpc, TraceEvent

    total_lots = FULL_EVENTS // EVENTS_PER_LOT
    baseline_lots = BASELINE_EVENTS // EVENTS_PER_LOT
    figures: dict = {"baseline_events": BASELINE_EVENTS, "full_events": FULL_EVENTS}

    started = time.perf_counter()
    _fixtures(total_lots)
    figures["lots_seconds"] = time.perf_counter() - started
    figures["lots"] = total_lots

    # Phase 1: the first lots' events only, and the baseline query over them.
    next_id = _insert_events(0, baseline_lots, 1)
    figures["baseline"] = _latencies(_journey, _sample_lots(0, baseline_lots))

    # Phase 2: the rest, as fast as SQLite takes them (the scratch file needs no durability).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")
    started = time.perf_counter()
    _insert_events(baseline_lots, total_lots, next_id)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    figures["insert_seconds"] = seconds
    figures["insert_rows_per_second"] = (FULL_EVENTS - BASELINE_EVENTS) / seconds
    figures["stored_events"] = TraceEvent.objects.count()
    figures["stored_event_epcs"] = EventEpc.objects.count()
    if figures["stored_events"] != FULL_EVENTS:
        raise RuntimeError(f"{figures['stored_events']} events stored, not {FULL_EVENTS}")

    figures["full"] = _latencies(_journey, _sample_lots(baseline_lots, total_lots))
    figures["full_first_lots"] = _latencies(_journey, _sample_lots(0, baseline_lots))
    ids = list(range(1, FULL_EVENTS, FULL_EVENTS // SAMPLES))
    figures["primary_key_lookup"] = _latencies(
        lambda pk: TraceEvent.objects.only("document").get(pk=pk), ids
    )
    figures["query_plan"] = _query_plan(_sample_lots(0, total_lots)[0])
    figures["database_megabytes"] = (
        sum(path.stat().st_size for path in Path(os.environ["BANSO_VAR_DIR"]).glob("*.sqlite3*"))
        / 1e6
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    child_main()

"""EPCIS capture of one 10,000-event document on a scratch SQLite database.

The document is what a co-operative's system would send after a season: ObjectEvents that
commission, pack, inspect and ship a few of our lots, each naming its lot as a GS1 Digital Link
class in a quantityList, with readPoint, bizLocation and, for commissioning, lot master data
(ilmd). ``epcis_document_capture`` validates it (JSON Schema, CBV, GS1 check digits, times),
hashes every event, links and chains them to the lots and stores them in one transaction.

Baseline, measured in the same process on the same database: ``bulk_create`` of the same
number of bare ``TraceEvent`` rows (each with its event as the document) in one transaction,
the ORM's own way of writing those rows with none of capture's work. Capture writes its rows
with one parameterised INSERT run over all of them instead (``_insert`` in
``banso/trace/services/capture.py``), which costs less than that bulk_create, so the ratio shows
what validating, hashing, linking and chaining add on top of the ORM's bulk write. The goal is
absolute, 2,000 events/s, shown as a second row whose "baseline" is that fixed figure. The
details also hold the two choices the capture rests on: jsonschema-rs against jsonschema on the
whole document, and our event hash against the reference implementation's (which expands the
document with PyLD).
"""

import argparse
import json
import os
import tempfile
from pathlib import Path

from bench.report import Goal, Measure, Report
from bench.server import child_figures, manage, site_environment

NAME = "trace_capture"
EVENT_COUNT = 10_000
GOAL_EVENTS_PER_SECOND = 2_000
CHILD_TIMEOUT_SECONDS = 600


def run(options: argparse.Namespace) -> Report:
    with tempfile.TemporaryDirectory(prefix="banso-bench-capture-") as directory:
        var_dir = Path(directory)
        environment = site_environment(var_dir)
        log_path = var_dir / "bench.log"
        manage(environment, "migrate", "--no-input", log_path=log_path)
        figures = child_figures(
            "bench.trace_capture", environment, timeout=CHILD_TIMEOUT_SECONDS, what="capture"
        )
    capture = figures["capture_events_per_second"]
    return Report(
        measures=[
            Measure(
                f"{NAME} bulk_create floor",
                "throughput",
                figures["bulk_create_rows_per_second"],
                "rows/s",
            ),
            Measure(
                NAME,
                "throughput",
                capture,
                "events/s",
                baseline=figures["bulk_create_rows_per_second"],
            ),
            Measure(
                NAME,
                "vs 2,000/s goal",
                capture,
                "events/s",
                baseline=GOAL_EVENTS_PER_SECOND,
                goal=Goal(1.0, at_least=True),
            ),
        ],
        details=figures,
    )


# --- what runs in the child process, with the scratch database -----------------------------


def build_document(lots: list, count: int) -> dict:
    """``count`` ObjectEvents over ``lots`` (commissioning, packing, inspecting, shipping)."""
    import datetime

    steps = [
        ("commissioning", "active", "ADD"),
        ("packing", "in_progress", "OBSERVE"),
        ("inspecting", "conformant", "OBSERVE"),
        ("shipping", "in_transit", "OBSERVE"),
    ]
    start = datetime.datetime(2025, 11, 1, 6, 0, tzinfo=datetime.UTC)
    events = []
    for index in range(count):
        lot = lots[index % len(lots)]
        step, disposition, action = steps[index % len(steps)]
        moment = start + datetime.timedelta(seconds=37 * index)
        event = {
            "type": "ObjectEvent",
            "eventTime": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "eventTimeZoneOffset": "+07:00",
            "epcList": [],
            "action": action,
            "bizStep": step,
            "disposition": disposition,
            "readPoint": {"id": f"https://id.gs1.org/414/893123456789{index % 7}"},
            "bizLocation": {"id": "https://id.gs1.org/414/8931234567891"},
            "quantityList": [
                {
                    "epcClass": f"https://id.gs1.org/01/{lot.product.gtin}/10/{lot.code}",
                    "quantity": 12.5 + index % 40,
                    "uom": "KGM",
                }
            ],
        }
        if step == "commissioning":
            event["ilmd"] = {
                "cbvmda:harvestStartDate": lot.harvest_date.isoformat(),
                "cbvmda:countryOfOrigin": "VN",
                "cbvmda:lotNumber": lot.code,
            }
        events.append(event)
    return {
        "@context": [
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            {"cbvmda": "urn:epcglobal:cbv:mda:"},
        ],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-12-01T00:00:00.000Z",
        "epcisBody": {"eventList": events},
    }


def _fixtures():
    import datetime

    from banso.accounts.services import user_create
    from banso.orgs.services import organisation_create
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.trace.models import Lot, Product

    if not AdministrativeUnit.objects.exists():
        units_load()
    unit = AdministrativeUnit.objects.filter(is_current=True, level="commune").first()
    admin = user_create(
        full_name="Quản trị", phone="0981000001", password="bench-pass-1", is_superuser=True
    )
    organisation = organisation_create(
        actor=admin, name="Hợp tác xã Quýt", kind="cooperative", unit=unit
    )
    product = Product.objects.create(
        organisation=organisation,
        name="Quýt Mường Khương",
        name_folded="quyt muong khuong",
        category="fruit",
        unit="kg",
        gtin="00209890000019",
    )
    lots = [
        Lot.objects.create(
            product=product,
            code=f"MK2025-{number:02d}",
            harvest_unit=unit,
            harvest_date=datetime.date(2025, 11, number),
            quantity=1000,
            quantity_unit="kg",
        )
        for number in range(1, 6)
    ]
    return admin, lots


def _timed(function) -> float:
    import time

    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def child_main() -> None:
    import django

    django.setup()
    import jsonschema
    from django.db import transaction

    from banso.trace.epcis import hashing
    from banso.trace.epcis.validation import SCHEMA_PATH, schema_validator
    from banso.trace.models import EventEpc, TraceEvent
    from banso.trace.services.capture import epcis_document_capture

    admin, lots = _fixtures()
    document = build_document(lots, EVENT_COUNT)
    events = document["epcisBody"]["eventList"]
    figures: dict = {"events": EVENT_COUNT}

    def bare_insert():
        with transaction.atomic():
            TraceEvent.objects.bulk_create(
                [
                    TraceEvent(
                        event_hash=f"bare-{index}",
                        event_type="ObjectEvent",
                        event_time="2025-11-01T06:00:00Z",
                        event_time_zone_offset="+07:00",
                        document=event,
                    )
                    for index, event in enumerate(events)
                ],
                batch_size=1000,
            )

    bare_seconds = _timed(bare_insert)
    TraceEvent.objects.filter(event_hash__startswith="bare-").delete()
    capture_seconds = _timed(lambda: epcis_document_capture(document=document, actor=admin))
    assert TraceEvent.objects.count() == EVENT_COUNT
    resend_seconds = _timed(lambda: epcis_document_capture(document=document, actor=admin))
    assert TraceEvent.objects.count() == EVENT_COUNT
    figures.update(
        bulk_create_rows_per_second=EVENT_COUNT / bare_seconds,
        capture_events_per_second=EVENT_COUNT / capture_seconds,
        capture_seconds=capture_seconds,
        resend_events_per_second=EVENT_COUNT / resend_seconds,
        event_epc_rows=EventEpc.objects.count(),
    )

    # The pure-Python validator takes about 25 s on the whole document: it is timed on a
    # tenth of it and scaled, jsonschema-rs on the whole.
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    python_validator = jsonschema.Draft7Validator(schema)
    tenth = {**document, "epcisBody": {"eventList": events[: EVENT_COUNT // 10]}}
    figures["schema_jsonschema_rs_seconds"] = _timed(
        lambda: list(schema_validator().iter_errors(document))
    )
    figures["schema_jsonschema_seconds"] = 10 * _timed(
        lambda: list(python_validator.iter_errors(tenth))
    )

    sample = events[:1000]
    namespaces = hashing.context_namespaces(document["@context"])
    figures["hash_ours_events_per_second"] = len(sample) / _timed(
        lambda: [hashing.event_hash(event, namespaces) for event in sample]
    )
    reference = _reference_hashes_per_second(document, sample)
    if reference is not None:
        figures["hash_reference_events_per_second"] = reference
    print(json.dumps(figures))


def _reference_hashes_per_second(document: dict, sample: list) -> float | None:
    """The reference implementation on the same events, as one document (its fastest use)."""
    try:
        from epcis_event_hash_generator import file_document_loader, hash_generator, json_to_py
        from pyld import jsonld
    except ImportError:
        return None
    loader = file_document_loader.file_document_loader()

    def local_only(url, options=None):
        if url != "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld":
            raise RuntimeError(f"no network in benchmarks: {url}")
        return loader(url, options or {})

    jsonld.set_document_loader(local_only)
    small = {**document, "epcisBody": {"eventList": sample}}

    def hash_all():
        tree = json_to_py.event_list_from_epcis_document_json(json.loads(json.dumps(small)))
        hash_generator.epcis_hashes_from_events(tree)

    return len(sample) / _timed(hash_all)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    child_main()

"""The capture service: every official example is accepted once, bad input stores nothing, and
events on our lots are linked, chained and guarded by organisation."""

import copy
import datetime
import gc
import json
from pathlib import Path

import pytest
from django.utils import timezone

from banso.trace.epcis.errors import EpcisError
from banso.trace.models import CaptureJob, EventEpc, TraceEvent
from banso.trace.services.capture import epcis_document_capture, epcis_events_capture

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "epcis" / "standard" / "JSON"
EXAMPLES = sorted(EXAMPLES_DIR.glob("**/*.jsonld"))
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]


def example_events(document: dict) -> list:
    body = document["epcisBody"]
    if "queryResults" in body:
        return body["queryResults"]["resultsBody"]["eventList"]
    return body["eventList"]


def lot_uri(lot, host: str = "https://id.gs1.org") -> str:
    return f"{host}/01/{lot.product.gtin}/10/{lot.code}"


def harvest_event(lot, **fields) -> dict:
    event = {
        "type": "ObjectEvent",
        "eventTime": "2025-11-20T07:30:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "epcList": [],
        "action": "ADD",
        "bizStep": "commissioning",
        "disposition": "active",
        "readPoint": {"id": "https://id.gs1.org/414/8931234567891"},
        "quantityList": [{"epcClass": lot_uri(lot), "quantity": 1200, "uom": "KGM"}],
        "ilmd": {"cbvmda:harvestStartDate": "2025-11-20"},
    }
    event.update(fields)
    if event.get("action") != "ADD":
        del event["ilmd"]  # lot master data only comes with the lot's commissioning
    return event


def document_of(events: list) -> dict:
    return {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-11-21T00:00:00.000Z",
        "epcisBody": {"eventList": events},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: str(path.relative_to(EXAMPLES_DIR)))
def test_every_official_example_is_captured_once(path, coop_member):
    document = json.loads(path.read_text(encoding="utf-8"))
    events = example_events(document)

    result = epcis_document_capture(document=copy.deepcopy(document), actor=coop_member)

    assert len(result.events) == len(events)
    distinct = {row.event_hash for row in result.events}
    assert TraceEvent.objects.count() == len(distinct) == len(result.stored)
    assert all(row.event_hash.startswith("ni:///sha-256;") for row in result.events)
    stored = TraceEvent.objects.get(pk=result.events[0].pk)
    assert stored.document == events[0]
    assert stored.context == document["@context"]
    assert stored.event_type == events[0]["type"]
    assert stored.event_time.tzinfo is not None

    again = epcis_document_capture(document=copy.deepcopy(document), actor=coop_member)

    assert again.stored == []
    assert len(again.duplicates) == len(events)
    assert TraceEvent.objects.count() == len(distinct)
    assert [row.pk for row in again.events] == [row.pk for row in result.events]


@pytest.mark.django_db
def test_columns_and_identifiers_are_filled(coop_member, lot):
    event = harvest_event(
        lot,
        eventID="ni:///sha-256;00?ver=CBV2.0",
        bizLocation={"id": "https://id.gs1.org/414/8931234567891"},
        epcList=[f"https://id.gs1.org/01/{lot.product.gtin}/21/SER1"],
    )

    [row] = epcis_events_capture(events=[event], actor=coop_member).stored

    row.refresh_from_db()
    assert row.event_type == "ObjectEvent"
    assert row.event_time == datetime.datetime(2025, 11, 20, 0, 30, tzinfo=datetime.UTC)
    assert row.event_time_zone_offset == "+07:00"
    assert (row.action, row.biz_step, row.disposition) == ("ADD", "commissioning", "active")
    assert row.read_point == "https://id.gs1.org/414/8931234567891"
    assert row.biz_location == "https://id.gs1.org/414/8931234567891"
    assert row.lot == lot
    assert row.organisation == lot.product.organisation
    assert row.recorded_by == coop_member
    assert row.is_error_declaration is False
    assert row.context == CONTEXT
    epcs = {(e.role, e.epc, e.lot_id) for e in EventEpc.objects.filter(event=row)}
    assert epcs == {
        ("quantity", lot_uri(lot), lot.pk),
        ("epc", f"https://id.gs1.org/01/{lot.product.gtin}/21/SER1", None),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("biz_step", "disposition", "stored_step", "stored_disposition"),
    [
        ("commissioning", "active", "commissioning", "active"),
        (
            "https://ref.gs1.org/cbv/BizStep-commissioning",
            "https://ref.gs1.org/cbv/Disp-active",
            "commissioning",
            "active",
        ),
        (
            "urn:epcglobal:cbv:bizstep:commissioning",
            "urn:epcglobal:cbv:disp:active",
            "commissioning",
            "active",
        ),
        (
            "https://banso.example/steps/drying",
            "urn:example:disp:drying",
            "https://banso.example/steps/drying",
            "urn:example:disp:drying",
        ),
    ],
)
def test_cbv_values_are_stored_as_bare_words_and_others_as_uris(
    coop_member, lot, biz_step, disposition, stored_step, stored_disposition
):
    event = harvest_event(lot, bizStep=biz_step, disposition=disposition)

    [row] = epcis_events_capture(events=[event], actor=coop_member).stored

    assert (row.biz_step, row.disposition) == (stored_step, stored_disposition)


@pytest.mark.django_db
def test_a_lot_is_found_by_a_digital_link_on_any_host(coop_member, lot):
    event = harvest_event(lot)
    event["quantityList"][0]["epcClass"] = lot_uri(lot, "https://banso.laocai.gov.vn")

    [row] = epcis_events_capture(events=[event], actor=coop_member).stored

    assert row.lot == lot
    assert EventEpc.objects.get(event=row).lot == lot


@pytest.mark.django_db
def test_a_transformation_belongs_to_the_lot_it_makes(coop_member, lot, product, muong_khuong):
    from banso.trace.models import Lot

    dried = Lot.objects.create(
        product=product,
        code="MK2025-11-D",
        harvest_unit=muong_khuong,
        harvest_date=lot.harvest_date,
        quantity=300,
        quantity_unit="kg",
    )
    event = {
        "type": "TransformationEvent",
        "eventTime": "2025-11-22T09:00:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "bizStep": "other",
        "inputQuantityList": [{"epcClass": lot_uri(lot), "quantity": 1200, "uom": "KGM"}],
        "outputQuantityList": [{"epcClass": lot_uri(dried), "quantity": 300, "uom": "KGM"}],
    }

    [row] = epcis_events_capture(events=[event], actor=coop_member).stored

    assert row.lot == dried
    roles = dict(EventEpc.objects.filter(event=row).values_list("role", "lot"))
    assert roles == {"input_quantity": lot.pk, "output_quantity": dried.pk}


@pytest.mark.django_db
def test_events_of_a_lot_are_chained(coop_member, lot):
    first = harvest_event(lot)
    second = harvest_event(
        lot, eventTime="2025-11-21T08:00:00.000+07:00", bizStep="packing", action="OBSERVE"
    )
    third = harvest_event(
        lot, eventTime="2025-11-22T08:00:00.000+07:00", bizStep="shipping", action="OBSERVE"
    )

    epcis_events_capture(events=[first, second], actor=coop_member)
    epcis_document_capture(document=document_of([third]), actor=coop_member)

    chain = list(TraceEvent.objects.filter(lot=lot).order_by("pk"))
    assert [row.biz_step for row in chain] == ["commissioning", "packing", "shipping"]
    assert chain[0].previous_hash == ""
    assert chain[1].previous_hash == chain[0].event_hash
    assert chain[2].previous_hash == chain[1].event_hash


@pytest.mark.django_db
def test_a_document_repeating_an_event_stores_it_once(coop_member, lot):
    event = harvest_event(lot)

    result = epcis_document_capture(document=document_of([event, dict(event)]), actor=coop_member)

    assert len(result.stored) == 1
    assert len(result.duplicates) == 1
    assert result.events[0].pk == result.events[1].pk
    assert TraceEvent.objects.count() == 1
    assert EventEpc.objects.count() == 1


@pytest.mark.django_db
def test_the_rows_returned_are_the_rows_stored(coop_member, lot):
    """Rows are written in one INSERT run over all of them; each returned row must carry the id
    of its own stored row, also for an event and the declaration of its error sent together."""
    job = CaptureJob.objects.create(submitted_by=coop_member, document={})
    event = harvest_event(lot, eventID="urn:uuid:5a0e5c1e-0000-4000-8000-000000000001")
    declaration = {
        **event,
        "errorDeclaration": {
            "declarationTime": "2025-11-21T09:00:00+07:00",
            "reason": "incorrect_data",
        },
    }
    packing = harvest_event(
        lot, eventTime="2025-11-21T08:00:00.000+07:00", bizStep="packing", action="OBSERVE"
    )
    started = timezone.now()

    result = epcis_document_capture(
        document=document_of([event, declaration, packing]), actor=coop_member, capture_job=job
    )

    assert len(result.stored) == 3
    assert len({row.pk for row in result.stored}) == 3
    for sent, row in zip([event, declaration, packing], result.events, strict=True):
        stored = TraceEvent.objects.get(pk=row.pk)
        assert stored.document == sent
        assert stored.is_error_declaration is ("errorDeclaration" in sent)
        assert stored.event_hash == row.event_hash
        assert stored.capture_job == job
        assert stored.recorded_by == coop_member
        assert started <= stored.record_time <= timezone.now()
        assert row._state.adding is False
    assert result.events[0].event_hash == result.events[1].event_hash
    assert EventEpc.objects.filter(event__in=result.stored, lot=lot).count() == 3


@pytest.mark.django_db
def test_another_coops_member_cannot_capture_into_our_lot(other_coop_member, lot):
    with pytest.raises(EpcisError) as refused:
        epcis_events_capture(events=[harvest_event(lot)], actor=other_coop_member)

    [problem] = refused.value.problems
    assert problem.event_index == 0
    assert problem.field == "quantityList[0].epcClass"
    assert lot.product.organisation.name in problem.message
    assert TraceEvent.objects.count() == 0
    assert EventEpc.objects.count() == 0


@pytest.mark.django_db
def test_events_naming_none_of_our_lots_are_accepted_from_anyone(other_coop_member, lot):
    event = harvest_event(lot)
    event["quantityList"][0]["epcClass"] = "https://id.gs1.org/01/04012345123456/10/OTHER"

    [row] = epcis_events_capture(events=[event], actor=other_coop_member).stored

    assert row.lot is None
    assert row.organisation is None


def assert_refused(document, actor, *, index, field):
    before = (TraceEvent.objects.count(), EventEpc.objects.count())
    with pytest.raises(EpcisError) as refused:
        epcis_document_capture(document=document, actor=actor)
    problems = refused.value.problems
    assert any(p.event_index == index and p.field == field for p in problems), [
        p.as_dict() for p in problems
    ]
    assert (TraceEvent.objects.count(), EventEpc.objects.count()) == before == (0, 0)
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "field"),
    [
        (["not", "an", "object"], ""),
        ({"@context": CONTEXT, "type": "EPCISDocument"}, "epcisBody"),
        ({"@context": 42, "type": "EPCISDocument", "epcisBody": {"eventList": []}}, "@context"),
        ({"@context": CONTEXT, "type": "EPCISDocument", "epcisBody": {"eventList": {}}}, None),
    ],
)
def test_malformed_json_ld_is_refused(coop_member, document, field):
    with pytest.raises(EpcisError) as refused:
        epcis_document_capture(document=document, actor=coop_member)

    problem = refused.value.problems[0]
    assert problem.event_index is None
    if field is not None:
        assert problem.field == field
    assert TraceEvent.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_event_type_is_refused(coop_member, lot):
    good = harvest_event(lot)
    bad = harvest_event(lot, type="HarvestEvent", eventID="urn:uuid:1")

    problems = assert_refused(document_of([good, bad]), coop_member, index=1, field="type")

    assert next(p for p in problems if p.field == "type").event_id == "urn:uuid:1"


@pytest.mark.django_db
def test_a_document_the_schema_rejects_is_refused(coop_member, lot):
    good = harvest_event(lot)
    bad = harvest_event(lot, action="HARVEST")

    assert_refused(document_of([good, bad]), coop_member, index=1, field="action")


@pytest.mark.django_db
def test_an_unknown_biz_step_is_refused(coop_member, lot):
    assert_refused(
        document_of([harvest_event(lot), harvest_event(lot, bizStep="harvesting")]),
        coop_member,
        index=1,
        field="bizStep",
    )


@pytest.mark.django_db
def test_an_unknown_cbv_disposition_uri_is_refused(coop_member, lot):
    assert_refused(
        document_of([harvest_event(lot, disposition="https://ref.gs1.org/cbv/Disp-ripe")]),
        coop_member,
        index=0,
        field="disposition",
    )


@pytest.mark.django_db
def test_an_event_a_day_in_the_future_is_refused(coop_member, lot):
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat(timespec="milliseconds")

    assert_refused(
        document_of([harvest_event(lot), harvest_event(lot, eventTime=tomorrow)]),
        coop_member,
        index=1,
        field="eventTime",
    )


@pytest.mark.django_db
def test_an_event_five_minutes_ahead_is_accepted(coop_member, lot):
    soon = (timezone.now() + datetime.timedelta(minutes=5)).isoformat(timespec="milliseconds")

    result = epcis_events_capture(events=[harvest_event(lot, eventTime=soon)], actor=coop_member)

    assert len(result.stored) == 1


@pytest.mark.django_db
def test_an_event_without_its_time_zone_offset_is_refused(coop_member, lot):
    event = harvest_event(lot)
    del event["eventTimeZoneOffset"]

    assert_refused(document_of([event]), coop_member, index=0, field="eventTimeZoneOffset")


@pytest.mark.django_db
def test_a_wrong_gtin_check_digit_in_a_digital_link_is_refused(coop_member, lot):
    event = harvest_event(lot)
    wrong = lot.product.gtin[:-1] + str((int(lot.product.gtin[-1]) + 1) % 10)
    event["quantityList"][0]["epcClass"] = f"https://id.gs1.org/01/{wrong}/10/{lot.code}"

    assert_refused(
        document_of([harvest_event(lot), event]),
        coop_member,
        index=1,
        field="quantityList[0].epcClass",
    )


@pytest.mark.django_db
def test_a_wrong_check_digit_in_an_epc_list_is_refused(coop_member, lot):
    event = harvest_event(lot, epcList=["https://id.gs1.org/01/00209890000018/21/7"])

    assert_refused(document_of([event]), coop_member, index=0, field="epcList[0]")


@pytest.mark.django_db
def test_an_anonymous_actor_is_refused(lot):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        epcis_events_capture(events=[harvest_event(lot)], actor=AnonymousUser())
    assert TraceEvent.objects.count() == 0


@pytest.fixture
def collector_enabled():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


@pytest.mark.django_db
def test_the_garbage_collector_runs_again_after_a_capture(coop_member, lot, collector_enabled):
    """Capture pauses Python's cyclic garbage collector while it works (see
    ``_collector_paused``): it must run again afterwards, whether the capture stored or refused."""
    epcis_events_capture(events=[harvest_event(lot)], actor=coop_member)
    assert gc.isenabled()

    with pytest.raises(EpcisError):
        epcis_events_capture(events=[harvest_event(lot, bizStep="picking_tea")], actor=coop_member)
    assert gc.isenabled()


@pytest.mark.django_db
def test_a_collector_paused_by_someone_else_stays_paused(coop_member, lot, collector_enabled):
    gc.disable()

    epcis_events_capture(events=[harvest_event(lot)], actor=coop_member)

    assert not gc.isenabled()

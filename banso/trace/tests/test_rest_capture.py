"""POST /epcis/capture (queued, captured by the worker), GET /epcis/capture/{id} and
POST /epcis/events: every official example in and back out, bad input refused naming the event
and field with nothing stored, and each person seeing only their own capture jobs."""

import copy
import datetime
import json

import pytest
from django.utils import timezone

from banso.trace.epcis import hashing
from banso.trace.models import CaptureJob, EventEpc, TraceEvent
from banso.trace.tests.rest_support import EXAMPLES, STANDARD, bearer, schema_errors

pytestmark = pytest.mark.django_db

JSON_LD = "application/ld+json"
EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)
# Official examples that give a different event the eventID of an example sorted before them
# (the standard's examples are written one by one, not as one repository's content).
EXAMPLES_REUSING_AN_EVENT_ID = [
    "JSON/Example-Type-sourceOrDestination,measurement,bizTransaction.jsonld",
    "JSON/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld",
    "JSON/WithSensorData/SensorDataExample17.jsonld",
]


@pytest.fixture
def auth(coop_member):
    return bearer(coop_member)


def post(client, path, body, auth, content_type=JSON_LD):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(path, data=data, content_type=content_type, **auth)


def capture(client, document, auth, django_capture_on_commit_callbacks, run_worker) -> dict:
    """POST the document, let the worker capture it, and return the job as the API shows it."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/epcis/capture", document, auth)
    assert response.status_code == 202, response.content
    job_url = response["Location"]
    assert response.json()["url"] == job_url
    assert job_url == f"/epcis/capture/{response.json()['captureID']}"
    run_worker()
    job = client.get(job_url, **auth)
    assert job.status_code == 200
    return job.json()


def event_list(document: dict) -> list[dict]:
    return document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


def query(client, auth, **params) -> list[dict]:
    response = client.get("/epcis/events", {"perPage": 1000, **params}, **auth)
    assert response.status_code == 200, response.content
    assert schema_errors(response.json()) == []
    return event_list(response.json())


def _identifiers(event: dict) -> list[tuple[str, str]]:
    """(MATCH parameter, value) pairs that must find the event."""
    found = []
    for key, parameter in (
        ("epcList", "MATCH_epc"),
        ("childEPCs", "MATCH_epc"),
        ("inputEPCList", "MATCH_inputEPC"),
        ("outputEPCList", "MATCH_outputEPC"),
    ):
        found += [(parameter, epc) for epc in event.get(key, [])[:1]]
    if event.get("parentID"):
        found.append(("MATCH_parentID", event["parentID"]))
    for key in ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"):
        found += [("MATCH_anyEPCClass", item["epcClass"]) for item in event.get(key, [])[:1]]
    return found


def test_the_official_examples_go_in_and_come_back(
    client, auth, django_capture_on_commit_callbacks, run_worker
) -> None:
    assert len(EXAMPLES) >= 40
    captured: list[tuple[str, dict, dict]] = []
    refused = []
    for path in EXAMPLES:
        document = json.loads(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(STANDARD))
        job = capture(client, document, auth, django_capture_on_commit_callbacks, run_worker)
        if name in EXAMPLES_REUSING_AN_EVENT_ID:
            # An eventID names one event in a repository: an example that gives another
            # example's eventID to a different event is refused, naming the eventID.
            assert job["status"] == "failed", name
            assert {error["field"] for error in job["errors"]} == {"eventID"}, job["errors"]
            refused.append(name)
            continue
        assert job["status"] == "succeeded", (name, job["errors"])
        assert job["success"] is True and job["running"] is False
        assert job["errors"] == []
        events = (
            document["epcisBody"].get("eventList")
            or document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        )
        assert job["eventCount"] == len(events)
        namespaces = hashing.context_namespaces(document["@context"])
        captured += [(name, event, namespaces) for event in events]

    assert sorted(refused) == sorted(EXAMPLES_REUSING_AN_EVENT_ID)
    stored = TraceEvent.objects.count()
    assert 0 < stored <= len(captured)
    everything = query(client, auth)
    assert len(everything) == stored

    for name, event, namespaces in captured:
        # Stored once under its canonical hash (an example that repeats another one with only
        # a comment or another eventID is the same event).
        row = TraceEvent.objects.get(
            event_hash=hashing.event_hash(event, namespaces),
            is_error_declaration="errorDeclaration" in event,
        )
        expected = row.event_id or row.event_hash
        searches = [
            {
                "eventType": event["type"],
                "GE_eventTime": event["eventTime"],
                "LT_eventTime": (
                    datetime.datetime.fromisoformat(event["eventTime"].replace("Z", "+00:00"))
                    + datetime.timedelta(milliseconds=1)
                ).isoformat(),
            }
        ]
        searches += [
            {parameter: value, "eventType": event["type"]}
            for parameter, value in _identifiers(event)
        ]
        for params in searches:
            emitted = [e for e in query(client, auth, **params) if e["eventID"] == expected]
            assert emitted, (name, params)
            if row.document == event:
                assert any(_same_event(event, e) for e in emitted), name
        response = client.get("/epcis/events/" + _quoted(expected), **auth)
        assert response.status_code == 200, (name, expected)
        assert schema_errors(response.json()) == []


@pytest.mark.parametrize("name", EXAMPLES_REUSING_AN_EVENT_ID)
def test_an_example_reusing_another_examples_event_id_is_accepted_on_its_own(
    client, auth, django_capture_on_commit_callbacks, run_worker, name
):
    document = json.loads((STANDARD / name).read_text(encoding="utf-8"))
    job = capture(client, document, auth, django_capture_on_commit_callbacks, run_worker)
    assert job["status"] == "succeeded", job["errors"]


def _quoted(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _same_event(sent: dict, emitted: dict) -> bool:
    """The emitted event is the one sent: every field it was sent with, unchanged, except the
    recordTime, which is the repository's own (EPCIS 2.0 §7.4.1: a captured one is ignored)."""
    return all(
        emitted.get(key) == value
        for key, value in sent.items()
        if key not in ("@context", "recordTime")
    )


def test_resending_a_document_stores_nothing_new(
    client, auth, django_capture_on_commit_callbacks, run_worker
):
    document = json.loads(
        (STANDARD / "JSON" / "Example_9.6.1-ObjectEvent.jsonld").read_text(encoding="utf-8")
    )
    first = capture(client, document, auth, django_capture_on_commit_callbacks, run_worker)
    assert first["status"] == "succeeded"
    assert first["storedCount"] == len(document["epcisBody"]["eventList"])
    events, epcs = TraceEvent.objects.count(), EventEpc.objects.count()
    again = capture(client, document, auth, django_capture_on_commit_callbacks, run_worker)
    assert again["status"] == "succeeded"
    assert again["storedCount"] == 0
    assert (TraceEvent.objects.count(), EventEpc.objects.count()) == (events, epcs)
    assert CaptureJob.objects.count() == 2


def test_a_job_is_seen_only_by_who_submitted_it(
    client, auth, other_coop_member, django_capture_on_commit_callbacks, run_worker
):
    document = json.loads(
        (STANDARD / "JSON" / "Example_9.6.2-ObjectEvent.jsonld").read_text(encoding="utf-8")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/epcis/capture", document, auth)
    job_url = response["Location"]
    waiting = client.get(job_url, **auth).json()
    assert (waiting["status"], waiting["running"], waiting["success"]) == ("pending", True, False)

    stranger = client.get(job_url, **bearer(other_coop_member))
    assert stranger.status_code == 404
    assert stranger.json()["type"] == "epcisException:NoSuchNameException"
    assert client.get(job_url).status_code == 401
    assert client.get("/epcis/capture/not-a-uuid", **auth).status_code == 404


def _lot_event(lot, **changes) -> dict:
    event = {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "ObjectEvent",
        "eventID": "urn:uuid:6c1e5b3a-8c7f-4b8e-9a55-2f4c1d0e7a11",
        "eventTime": "2025-11-20T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE",
        "bizStep": "inspecting",
        "disposition": "conformant",
        "quantityList": [
            {
                "epcClass": f"https://id.gs1.org/01/{lot.product.gtin}/10/{lot.code}",
                "quantity": 20,
                "uom": "KGM",
            }
        ],
    }
    event.update(changes)
    return event


def test_one_event_is_captured_at_once(client, auth, lot):
    event = _lot_event(lot)
    response = post(client, "/epcis/events", event, auth)
    assert response.status_code == 201, response.content
    location = response["Location"]
    assert location == "/epcis/events/urn%3Auuid%3A6c1e5b3a-8c7f-4b8e-9a55-2f4c1d0e7a11"
    stored = TraceEvent.objects.get()
    assert stored.lot == lot
    assert stored.biz_step == "inspecting"

    shown = client.get(location, **auth)
    assert shown.status_code == 200
    assert schema_errors(shown.json()) == []
    (emitted,) = event_list(shown.json())
    assert emitted["eventID"] == event["eventID"]
    assert emitted["quantityList"] == event["quantityList"]

    lot_class = event["quantityList"][0]["epcClass"]
    assert [e["eventID"] for e in query(client, auth, MATCH_anyEPCClass=lot_class)] == [
        event["eventID"]
    ]
    # Sent again: the same event, nothing new.
    again = post(client, "/epcis/events", event, auth)
    assert again.status_code == 200
    assert again["Location"] == location
    assert TraceEvent.objects.count() == 1


def test_an_event_without_id_is_found_under_its_hash(client, auth, lot):
    event = _lot_event(lot)
    del event["eventID"]
    response = post(client, "/epcis/events", event, auth, content_type="application/json")
    assert response.status_code == 201
    stored = TraceEvent.objects.get()
    assert response.json()["eventID"] == stored.event_hash
    assert client.get(response["Location"], **auth).status_code == 200


def _future() -> str:
    return (timezone.now() + datetime.timedelta(days=3)).isoformat()


BAD_EVENTS = {
    "unknown bizStep": ({"bizStep": "harvesting"}, "bizStep"),
    "time too far ahead": ({"eventTime": None}, "eventTime"),
    "schema: action missing": ({"action": None}, "action"),
    "schema: quantity not a number": (
        {
            "quantityList": [
                {"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": "x"}
            ]
        },
        "quantityList[0].quantity",
    ),
    "GTIN check digit": (
        {"epcList": ["https://id.gs1.org/01/00209890000018/21/1234"]},
        "epcList[0]",
    ),
}


def _names(problem: dict, index: int, event_id: str, field: str) -> bool:
    """The problem points at the event, and at the field (a missing field, which has no path
    of its own, is named in the message)."""
    at_event = (problem["eventIndex"], problem["eventID"]) == (index, event_id)
    return at_event and (
        problem["field"] == field or (problem["field"] == "" and f'"{field}"' in problem["message"])
    )


@pytest.mark.parametrize("case", BAD_EVENTS)
def test_bad_events_are_refused_naming_event_and_field(client, auth, lot, case):
    changes, field = BAD_EVENTS[case]
    event = _lot_event(lot)
    for key, value in changes.items():
        if value is None and key == "eventTime":
            event[key] = _future()
        elif value is None:
            del event[key]
        else:
            event[key] = value
    response = post(client, "/epcis/events", event, auth)
    assert response.status_code == 400, response.content
    body = response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    assert body["type"] == "epcisException:ValidationException"
    assert body["status"] == 400
    assert any(_names(problem, 0, event["eventID"], field) for problem in body["problems"]), body
    assert all(p["message"] for p in body["problems"])
    assert TraceEvent.objects.count() == 0
    assert EventEpc.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        ('{"type": "ObjectEvent", "eventTime": ', JSON_LD, 400, ""),
        ("{'type': 'ObjectEvent'}", "application/json", 400, ""),
        (b"\xff\xfe{}", JSON_LD, 400, None),
        ("[1, 2]", JSON_LD, 400, ""),
        ('{"type": "ObjectEvent"}', "text/plain", 415, None),
        ('{"type": "ObjectEvent", "action": "OBSERVE"}', JSON_LD, 400, "@context"),
        # PostgreSQL keeps no NUL character in a document.
        ('{"type": "ObjectEvent", "action": "OBSERVE\\u0000"}', JSON_LD, 400, None),
    ],
)
def test_malformed_bodies_get_a_clear_400(client, auth, body, content_type, status, field):
    response = post(client, "/epcis/events", body, auth, content_type=content_type)
    assert response.status_code == status, response.content
    problem = response.json()
    assert problem["status"] == status
    assert problem["type"].startswith("epcisException:")
    assert problem["title"]
    if field is not None:
        assert field in {p["field"] for p in problem["problems"]}
    assert TraceEvent.objects.count() == 0


def test_malformed_json_names_where(client, auth):
    response = post(client, "/epcis/capture", '{"type": "EPCISDocument",\n "x": }', auth)
    assert response.status_code == 400
    assert (response.json()["line"], response.json()["column"]) == (2, 7)
    assert CaptureJob.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(type="EPCISEvents"), "type"),
        (lambda d: d.pop("@context"), "@context"),
        (lambda d: d["epcisBody"].pop("eventList"), "epcisBody.eventList"),
        (lambda d: d["epcisBody"].update(eventList=[1]), ""),
    ],
)
def test_capture_checks_the_document_shape_before_queueing(client, auth, change, field):
    document = json.loads(
        (STANDARD / "JSON" / "Example_9.6.1-ObjectEvent.jsonld").read_text(encoding="utf-8")
    )
    change(document)
    response = post(client, "/epcis/capture", document, auth)
    assert response.status_code == 400
    assert field in {p["field"] for p in response.json()["problems"]}
    assert CaptureJob.objects.count() == 0


def test_a_document_the_schema_rejects_fails_its_job_and_stores_nothing(
    client, auth, lot, django_capture_on_commit_callbacks, run_worker
):
    good = _lot_event(lot)
    bad = _lot_event(lot, eventID="urn:uuid:0b9a4c1e-2f33-4e55-8a77-99aa00bb11cc")
    bad["bizStep"] = "harvesting"
    del bad["action"]
    document = {
        "@context": good.pop("@context"),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-11-20T09:00:00+07:00",
        "epcisBody": {"eventList": [good, {k: v for k, v in bad.items() if k != "@context"}]},
    }
    job = capture(client, document, auth, django_capture_on_commit_callbacks, run_worker)
    assert job["status"] == "failed"
    assert (job["success"], job["running"]) == (False, False)
    assert any(_names(error, 1, bad["eventID"], "bizStep") for error in job["errors"])
    assert any(_names(error, 1, bad["eventID"], "action") for error in job["errors"])
    assert all(e["type"] == "epcisException:ValidationException" for e in job["errors"])
    # All or nothing: the good event was not stored either.
    assert TraceEvent.objects.count() == 0


def test_another_organisations_member_cannot_record_our_lots(
    client, lot, other_coop_member, django_capture_on_commit_callbacks, run_worker
):
    intruder = bearer(other_coop_member)
    event = _lot_event(lot)
    response = post(client, "/epcis/events", event, intruder)
    assert response.status_code == 400
    (problem,) = response.json()["problems"]
    assert problem["field"] == "quantityList[0].epcClass"
    assert problem["eventIndex"] == 0

    document = {
        "@context": event.pop("@context"),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-11-20T09:00:00+07:00",
        "epcisBody": {"eventList": [event]},
    }
    job = capture(
        client, copy.deepcopy(document), intruder, django_capture_on_commit_callbacks, run_worker
    )
    assert job["status"] == "failed"
    assert [e["field"] for e in job["errors"]] == ["quantityList[0].epcClass"]
    assert TraceEvent.objects.count() == 0


def test_anonymous_capture_is_refused(client):
    document = json.loads(
        (STANDARD / "JSON" / "Example_9.6.1-ObjectEvent.jsonld").read_text(encoding="utf-8")
    )
    for path in ("/epcis/capture", "/epcis/events"):
        response = post(client, path, document, {})
        assert response.status_code == 401
        assert response.json()["type"] == "epcisException:SecurityException"
    assert CaptureJob.objects.count() == 0
    assert TraceEvent.objects.count() == 0


def _nested(depth: int) -> dict:
    value: dict = {"example:leaf": 1}
    for _ in range(depth):
        value = {"example:next": value}
    return value


def _deep_ilmd_event(lot) -> dict:
    return _lot_event(
        lot,
        action="ADD",
        bizStep="commissioning",
        ilmd=_nested(300),
        **{"@context": [EPCIS_CONTEXT, {"example": "https://example.com/ns/"}]},
    )


EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
NESTED_ARRAYS = "[" * 5000 + "]" * 5000
LONG_INTEGER = '{"type": "ObjectEvent", "quantity": ' + "7" * 5001 + "}"


def _as_document(event: dict) -> dict:
    return {
        "@context": event.pop("@context"),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-11-20T08:00:00+07:00",
        "epcisBody": {"eventList": [event]},
    }


@pytest.mark.parametrize("path", ["/epcis/events", "/epcis/capture"])
@pytest.mark.parametrize("kind", ["nested arrays", "long integer", "deep ilmd"])
def test_too_deep_or_too_long_bodies_are_a_problem_not_a_crash(client, auth, lot, path, kind):
    if kind == "nested arrays":
        body = NESTED_ARRAYS
    elif kind == "long integer":
        body = LONG_INTEGER
    else:
        event = _deep_ilmd_event(lot)
        body = json.dumps(event if path == "/epcis/events" else _as_document(event))
    response = post(client, path, body, auth)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "epcisException:ValidationException"
    assert problem["title"]
    assert TraceEvent.objects.count() == 0
    assert CaptureJob.objects.count() == 0

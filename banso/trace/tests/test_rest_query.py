"""GET /epcis/events: the EPCIS 2.0 query parameters, paging by nextPageToken, the documents it
emits (valid against the standard's schema) and the errors it answers with."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing

from banso.trace.selectors.events import PAGE_SIGNING_SALT
from banso.trace.tests.rest_support import EPCIS_CONTEXT_URL, bearer, schema_errors, stored_event

pytestmark = pytest.mark.django_db

URL = "/epcis/events"
T0 = datetime.datetime(2025, 11, 20, 8, 0, tzinfo=datetime.UTC)


def at(minutes: int) -> datetime.datetime:
    return T0 + datetime.timedelta(minutes=minutes)


@pytest.fixture
def auth(superuser):
    """A reader of every event: these tests are about the query language; who reads which
    events is `test_rest_access.py`'s."""
    return bearer(superuser)


def query(client, auth, **params):
    response = client.get(URL, params, **auth)
    assert response.status_code == 200, response.content
    document = response.json()
    assert schema_errors(document) == []
    return response, document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


def hashes(event_list) -> list[str]:
    return [event["eventID"] for event in event_list]


def test_the_query_document_is_epcis_json_ld(client, auth):
    event = stored_event(event_time=at(0))
    response, event_list = query(client, auth)
    document = response.json()
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["GS1-EPCIS-Version"] == "2.0.0"
    assert document["type"] == "EPCISQueryDocument"
    assert document["schemaVersion"] == "2.0"
    assert document["@context"][0] == EPCIS_CONTEXT_URL
    assert document["epcisBody"]["queryResults"]["queryName"] == "SimpleEventQuery"
    # The event as stored, its hash as eventID (it had none), and the time it was recorded.
    (emitted,) = event_list
    assert emitted["eventID"] == event.event_hash
    assert emitted["bizStep"] == "shipping"
    assert emitted["epcList"] == event.document["epcList"]
    recorded = datetime.datetime.fromisoformat(emitted["recordTime"])
    assert abs(recorded - event.record_time) < datetime.timedelta(milliseconds=1)


def test_contexts_of_the_events_are_merged_without_changing_a_prefix(client, auth):
    stored_event(
        event_time=at(0),
        context=[EPCIS_CONTEXT_URL, {"example": "http://ns.example.com/epcis/"}],
        extra={"example:myField": "one"},
    )
    stored_event(
        event_time=at(1),
        context=[{"example": "http://ns.example.com/epcis/"}, {"ext": "urn:x:"}],
    )
    clashing = stored_event(
        event_time=at(2),
        context=[{"example": "http://other.example.org/"}],
        extra={"example:myField": "two"},
    )
    response, event_list = query(client, auth)
    document = response.json()
    assert document["@context"] == [
        EPCIS_CONTEXT_URL,
        {"example": "http://ns.example.com/epcis/", "ext": "urn:x:"},
    ]
    assert "@context" not in event_list[0] and "@context" not in event_list[1]
    # The third event's "example:" means something else: it keeps its own context.
    assert event_list[2]["eventID"] == clashing.event_hash
    assert event_list[2]["@context"] == [{"example": "http://other.example.org/"}]


def test_event_type_and_time_window(client, auth):
    early = stored_event(event_time=at(0))
    aggregation = stored_event(event_time=at(10), event_type="AggregationEvent")
    late = stored_event(event_time=at(20))
    transformation = stored_event(
        event_time=at(30),
        event_type="TransformationEvent",
        biz_step="commissioning",
        epcs={"input_quantity": ["urn:epc:class:lgtin:0614141.107346.A1"]},
    )
    _response, found = query(client, auth, eventType="ObjectEvent,TransformationEvent")
    assert hashes(found) == [early.event_hash, late.event_hash, transformation.event_hash]
    _response, found = query(client, auth, eventType="AggregationEvent")
    assert hashes(found) == [aggregation.event_hash]
    _response, found = query(
        client, auth, GE_eventTime=at(10).isoformat(), LT_eventTime=at(30).isoformat()
    )
    assert hashes(found) == [aggregation.event_hash, late.event_hash]
    # An offset left unencoded in the URL ("+" read as a space) still means the offset.
    local = at(10).astimezone(datetime.timezone(datetime.timedelta(hours=7))).isoformat()
    response = client.get(f"{URL}?GE_eventTime={local}", **auth)
    assert hashes(response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == [
        aggregation.event_hash,
        late.event_hash,
        transformation.event_hash,
    ]


def test_record_time_window(client, auth):
    event = stored_event(event_time=at(0))
    _response, found = query(
        client, auth, GE_recordTime=(event.record_time - datetime.timedelta(seconds=1)).isoformat()
    )
    assert hashes(found) == [event.event_hash]
    _response, found = query(client, auth, LT_recordTime=event.record_time.isoformat())
    assert found == []


@pytest.mark.parametrize(
    "written",
    [
        "packing",
        "https://ref.gs1.org/cbv/BizStep-packing",
        "urn:epcglobal:cbv:bizstep:packing",
        "shipping,packing",
    ],
)
def test_biz_step_in_any_spelling_of_cbv(client, auth, written):
    packing = stored_event(event_time=at(0), biz_step="packing")
    stored_event(event_time=at(1), biz_step="inspecting")
    _response, found = query(client, auth, EQ_bizStep=written)
    assert hashes(found) == [packing.event_hash]


def test_biz_location_read_point_and_action(client, auth):
    here = "urn:epc:id:sgln:0614141.00777.0"
    there = "urn:epc:id:sgln:0614141.00888.0"
    first = stored_event(event_time=at(0), biz_location=here, read_point=there, action="ADD")
    second = stored_event(event_time=at(1), biz_location=there, read_point=here)
    _response, found = query(client, auth, EQ_bizLocation=here)
    assert hashes(found) == [first.event_hash]
    _response, found = query(client, auth, EQ_readPoint=here)
    assert hashes(found) == [second.event_hash]
    _response, found = query(client, auth, EQ_action="ADD")
    assert hashes(found) == [first.event_hash]


def test_match_parameters_look_in_the_fields_the_standard_names(client, auth):
    """EPCIS 2.0 §8.2.7.1: MATCH_epc looks in epcList and childEPCs; MATCH_anyEPC also in
    parentID, inputEPCList and outputEPCList; the quantity lists only answer the *EPCClass
    parameters."""
    epc = "urn:epc:id:sgtin:0614141.107346.2018"
    lot_class = "urn:epc:class:lgtin:4012345.012345.998877"
    in_list = stored_event(event_time=at(0), epcs={"epc": [epc]})
    as_child = stored_event(event_time=at(1), event_type="AggregationEvent", epcs={"child": [epc]})
    as_parent = stored_event(
        event_time=at(2), event_type="AggregationEvent", epcs={"parent": [epc]}
    )
    as_input = stored_event(
        event_time=at(3), event_type="TransformationEvent", epcs={"input": [epc]}
    )
    as_output = stored_event(
        event_time=at(4), event_type="TransformationEvent", epcs={"output": [epc]}
    )
    as_quantity = stored_event(event_time=at(5), epcs={"quantity": [lot_class]})
    as_input_quantity = stored_event(
        event_time=at(6), event_type="TransformationEvent", epcs={"input_quantity": [lot_class]}
    )
    other = stored_event(event_time=at(7))  # another item of the same product

    def found(**params):
        return hashes(query(client, auth, **params)[1])

    assert found(MATCH_epc=epc) == [in_list.event_hash, as_child.event_hash]
    assert found(MATCH_parentID=epc) == [as_parent.event_hash]
    assert found(MATCH_inputEPC=epc) == [as_input.event_hash]
    assert found(MATCH_outputEPC=epc) == [as_output.event_hash]
    assert found(MATCH_anyEPC=epc) == [
        event.event_hash for event in (in_list, as_child, as_parent, as_input, as_output)
    ]
    assert found(MATCH_anyEPC=lot_class) == []
    assert found(MATCH_epcClass=lot_class) == [as_quantity.event_hash]
    assert found(MATCH_inputEPCClass=lot_class) == [as_input_quantity.event_hash]
    assert found(MATCH_anyEPCClass=lot_class) == [
        as_quantity.event_hash,
        as_input_quantity.event_hash,
    ]
    # EPC patterns (§8.2.7.1.1): trailing fields may be "*".
    assert found(MATCH_epc="urn:epc:idpat:sgtin:0614141.107346.*") == [
        in_list.event_hash,
        as_child.event_hash,
        other.event_hash,
    ]
    assert found(MATCH_epc="urn:epc:idpat:sgtin:0614141.*.*") == found(
        MATCH_epc="urn:epc:idpat:sgtin:0614141.107346.*"
    )
    assert found(MATCH_epc="urn:epc:idpat:sgtin:0614141.107346.2018") == [
        in_list.event_hash,
        as_child.event_hash,
    ]
    assert found(MATCH_anyEPCClass="urn:epc:idpat:sgtin:4012345.012345.*") == [
        as_quantity.event_hash,
        as_input_quantity.event_hash,
    ]
    # Several filters hold together.
    assert found(MATCH_anyEPC=epc, eventType="TransformationEvent") == [
        as_input.event_hash,
        as_output.event_hash,
    ]


def test_paging_walks_every_event_once_in_order(client, auth) -> None:
    # Several events share a time, so the order must break ties by id.
    events = [stored_event(event_time=at(minute // 3)) for minute in range(23)]
    expected = [event.event_hash for event in events]
    seen: list[str] = []
    params = {"perPage": "4", "eventType": "ObjectEvent"}
    pages = 0
    while True:
        response, found = query(client, auth, **params)
        pages += 1
        seen += hashes(found)
        link = response.get("Link")
        if not link:
            break
        assert link.endswith('>; rel="next"')
        target = urlsplit(link[1 : link.index(">")])
        assert target.path == URL
        params = {key: values[0] for key, values in parse_qs(target.query).items()}
        assert params["perPage"] == "4" and params["eventType"] == "ObjectEvent"
    assert pages == 6
    assert seen == expected


def test_paging_sees_events_added_behind_the_cursor_only_once(client, auth):
    first = [stored_event(event_time=at(minute)) for minute in range(3)]
    response, found = query(client, auth, perPage=2)
    assert hashes(found) == [event.event_hash for event in first[:2]]
    later = stored_event(event_time=at(60))
    token = parse_qs(urlsplit(response["Link"][1:-13]).query)["nextPageToken"][0]
    _response, found = query(client, auth, perPage=2, nextPageToken=token)
    assert hashes(found) == [first[2].event_hash, later.event_hash]


def test_forged_and_foreign_page_tokens_are_refused(client, auth):
    for minute in range(3):
        stored_event(event_time=at(minute), biz_step="packing")
    response = client.get(URL, {"perPage": 1, "EQ_bizStep": "packing"}, **auth)
    token = parse_qs(urlsplit(response["Link"][1:-13]).query)["nextPageToken"][0]

    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    forged = signing.dumps({"q": "x", "t": at(0).isoformat(), "i": 1}, salt="guess")
    foreign = client.get(URL, {"perPage": 1, "nextPageToken": token}, **auth)
    assert foreign.status_code == 400
    assert foreign.json()["parameter"] == "nextPageToken"
    for bad in (tampered, forged, "not-a-token"):
        response = client.get(
            URL, {"perPage": 1, "EQ_bizStep": "packing", "nextPageToken": bad}, **auth
        )
        assert response.status_code == 400
        body = response.json()
        assert response["Content-Type"].startswith("application/problem+json")
        assert body["type"] == "epcisException:QueryParameterException"
        assert body["status"] == 400
        assert body["parameter"] == "nextPageToken"
    # The genuine token, with its query, still works.
    good = client.get(URL, {"perPage": 1, "EQ_bizStep": "packing", "nextPageToken": token}, **auth)
    assert good.status_code == 200
    # A token signed with our salt by someone with the key would work; one made without it not.
    assert signing.loads(token, salt=PAGE_SIGNING_SALT)["i"] > 0


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"GE_eventTime": "yesterday"}, "GE_eventTime"),
        ({"LT_eventTime": "2025-13-01T00:00:00Z"}, "LT_eventTime"),
        ({"GE_eventTime": "2025-11-20T08:00:00"}, "GE_eventTime"),  # no offset
        ({"eventType": "ObjectEvent,HarvestEvent"}, "eventType"),
        ({"EQ_action": "REMOVE"}, "EQ_action"),
        ({"perPage": "0"}, "perPage"),
        ({"perPage": "many"}, "perPage"),
        ({"EQ_userExtension": "x"}, "EQ_userExtension"),
        ({"MATCH_epc": "urn:epc:idpat:sgtin:*.107346.1"}, "MATCH_epc"),
        ({"eventType": ""}, "eventType"),
    ],
)
def test_malformed_parameters_get_a_400_naming_them(client, auth, params, parameter):
    response = client.get(URL, params, **auth)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "epcisException:QueryParameterException"
    assert body["parameter"] == parameter
    assert parameter in body["title"]
    assert body["instance"] == URL


def test_event_by_its_id_or_hash(client, auth):
    with_id = stored_event(event_time=at(0), event_id="ni:///sha-256;abc/def?ver=CBV2.0")
    without = stored_event(event_time=at(1))
    for identifier, event in (
        ("ni%3A%2F%2F%2Fsha-256%3Babc%2Fdef%3Fver%3DCBV2.0", with_id),
        (without.event_hash.replace("?", "%3F").replace(";", "%3B"), without),
    ):
        response = client.get(f"{URL}/{identifier}", **auth)
        assert response.status_code == 200, response.content
        document = response.json()
        assert schema_errors(document) == []
        (emitted,) = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        assert emitted["eventTime"] == event.document["eventTime"]
    missing = client.get(f"{URL}/urn%3Auuid%3Anone", **auth)
    assert missing.status_code == 404
    assert missing.json()["type"] == "epcisException:NoSuchNameException"


def test_a_page_costs_the_same_queries_however_long(client, auth, django_assert_num_queries):
    for minute in range(40):
        stored_event(event_time=at(minute))
    assert client.get(URL, **auth).status_code == 200  # notes the token's first use
    # The token's lookup, then one query for the page.
    with django_assert_num_queries(2):
        response = client.get(URL, {"perPage": 5, "MATCH_anyEPC": "urn:x"}, **auth)
    assert response.status_code == 200
    with django_assert_num_queries(2):
        response = client.get(URL, {"perPage": 40}, **auth)
    assert len(response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 40


def test_anonymous_callers_are_refused(client):
    stored_event(event_time=at(0))
    for response in (client.get(URL), client.get(f"{URL}/x"), client.get("/epcis/eventTypes")):
        assert response.status_code == 401
        assert response.json()["type"] == "epcisException:SecurityException"
        assert response["WWW-Authenticate"].startswith("Bearer")
    wrong = client.get(URL, HTTP_AUTHORIZATION="Bearer bs_nope")
    assert wrong.status_code == 401


def test_discovery(client, auth):
    for path, allowed in (("/epcis/", "GET"), ("/epcis/capture", "POST"), (URL, "POST")):
        response = client.options(path)
        assert response.status_code == 204
        assert response["GS1-EPCIS-Version"] == "2.0.0"
        assert response["GS1-CBV-Version"] == "2.0.0"
        assert response["GS1-EPCIS-Min"] == response["GS1-EPCIS-Max"] == "2.0.0"
        assert int(response["GS1-EPCIS-Capture-Limit"]) > 0
        assert allowed in response["Allow"]
    root = client.get("/epcis/")
    assert root.status_code == 200
    assert {"capture", "events"} <= set(root.json())
    types = client.get("/epcis/eventTypes", **auth)
    assert types.json() == [
        "ObjectEvent",
        "AggregationEvent",
        "TransactionEvent",
        "TransformationEvent",
        "AssociationEvent",
    ]

"""Who may read and write which events through /epcis/: an eventID names one event across
every organisation, and each caller reads only what `trace.selectors.events.event_reader`
grants (their organisations' events in full, other lots' events with their points coarsened,
nothing of another organisation's events that name none of our lots)."""

import json
from urllib.parse import quote

import pytest

from banso.trace.epcis.errors import EpcisError
from banso.trace.models import CaptureJob, TraceEvent
from banso.trace.services.capture import epcis_events_capture
from banso.trace.services.steps import step_harvest
from banso.trace.tests.makers import lot_make, product_make
from banso.trace.tests.rest_support import bearer, schema_errors

pytestmark = pytest.mark.django_db

JSON_LD = "application/ld+json"
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
SHARED_ID = "urn:uuid:0d7d3f52-1b43-4c55-9a8e-3c8f0e3b2a10"


def post(client, path, body, auth):
    return client.post(path, data=json.dumps(body), content_type=JSON_LD, **auth)


def free_event(number: int, **changes) -> dict:
    """An event naming none of our lots."""
    event = {
        "type": "ObjectEvent",
        "eventTime": "2025-11-20T08:00:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE",
        "bizStep": "shipping",
        "epcList": [f"urn:epc:id:sgtin:0614141.107346.{number}"],
    }
    return event | changes


def event_list(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert schema_errors(response.json()) == []
    return response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


@pytest.fixture
def other_lot(other_coop, bac_ha):
    product = product_make(other_coop, name="Mận Bắc Hà", item=2)
    return lot_make(product, bac_ha, code="BH2025-06")


def test_another_organisation_cannot_take_an_event_id(client, coop_member, other_coop_member):
    ours = post(
        client,
        "/epcis/events",
        {"@context": CONTEXT, **free_event(1, eventID=SHARED_ID)},
        bearer(coop_member),
    )
    assert ours.status_code == 201, ours.content
    theirs = post(
        client,
        "/epcis/events",
        {"@context": CONTEXT, **free_event(2, eventID=SHARED_ID)},
        bearer(other_coop_member),
    )
    assert theirs.status_code == 409, theirs.content
    assert theirs["Content-Type"].startswith("application/problem+json")
    problem = theirs.json()
    assert problem["eventID"] == SHARED_ID
    assert problem["problems"][0]["field"] == "eventID"
    assert SHARED_ID in problem["problems"][0]["message"]
    assert TraceEvent.objects.filter(event_id=SHARED_ID).count() == 1
    # The ID still answers one event, the first one.
    found = client.get("/epcis/events/" + quote(SHARED_ID, safe=""), **bearer(coop_member))
    (event,) = event_list(found)
    assert event["epcList"] == free_event(1)["epcList"]


def test_sending_the_same_event_again_stores_nothing_and_is_accepted(client, coop_member):
    body = {"@context": CONTEXT, **free_event(1, eventID=SHARED_ID)}
    assert post(client, "/epcis/events", body, bearer(coop_member)).status_code == 201
    again = post(client, "/epcis/events", body, bearer(coop_member))
    assert again.status_code == 200, again.content
    assert again.json()["stored"] is False
    assert TraceEvent.objects.count() == 1


def test_a_document_with_two_events_of_one_event_id_is_refused_whole(client, coop_member):
    document = {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-11-20T09:00:00+07:00",
        "epcisBody": {
            "eventList": [
                free_event(1, eventID=SHARED_ID),
                free_event(2, eventID="urn:uuid:5b0c7a0e-9a3e-4f7e-8d8c-0e6f2a1d9b77"),
                free_event(3, eventID=SHARED_ID),
            ]
        },
    }
    response = post(client, "/epcis/capture", document, bearer(coop_member))
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    (problem,) = response.json()["problems"]
    assert (problem["eventIndex"], problem["field"]) == (2, "eventID")
    assert problem["eventID"] == SHARED_ID
    assert not CaptureJob.objects.exists()
    assert TraceEvent.objects.count() == 0


def test_the_capture_service_refuses_a_document_sharing_an_event_id(coop_member):
    """Whichever door the document came through (a capture job, a step page)."""
    with pytest.raises(EpcisError) as refused:
        epcis_events_capture(
            events=[free_event(1, eventID=SHARED_ID), free_event(2, eventID=SHARED_ID)],
            actor=coop_member,
        )
    assert [(p.event_index, p.field) for p in refused.value.problems] == [(1, "eventID")]
    assert TraceEvent.objects.count() == 0


def test_another_organisations_token_does_not_read_events_naming_none_of_our_lots(
    client, coop_member, other_coop_member
):
    body = {"@context": CONTEXT, **free_event(1, eventID=SHARED_ID)}
    assert post(client, "/epcis/events", body, bearer(coop_member)).status_code == 201

    ours = event_list(client.get("/epcis/events", **bearer(coop_member)))
    assert [event["eventID"] for event in ours] == [SHARED_ID]
    stranger = bearer(other_coop_member)
    assert event_list(client.get("/epcis/events", **stranger)) == []
    assert event_list(client.get("/epcis/events", {"EQ_eventID": SHARED_ID}, **stranger)) == []
    alone = client.get("/epcis/events/" + quote(SHARED_ID, safe=""), **stranger)
    assert alone.status_code == 404


def test_precise_harvest_points_are_read_only_by_the_organisation(
    client, coop_member, other_coop_member, province_officer, commune_officer, lot
):
    lot.latitude, lot.longitude = 22.6012345, 104.0654321
    lot.save()
    harvest = step_harvest(actor=coop_member, lot=lot)
    geo_key = "banso:geo"

    def harvest_geo(user) -> str:
        (event,) = event_list(client.get("/epcis/events", **bearer(user)))
        by_id = client.get("/epcis/events/" + quote(harvest.event_id, safe=""), **bearer(user))
        (alone,) = event_list(by_id)
        assert alone["ilmd"][geo_key] == event["ilmd"][geo_key]
        return event["ilmd"][geo_key]

    # The co-operative and the officers of its province read the point as recorded.
    assert harvest_geo(coop_member) == "geo:22.6012345,104.0654321"
    assert harvest_geo(province_officer) == "geo:22.6012345,104.0654321"
    # Another co-operative and a commune officer see the lot's journey, as the public page
    # shows it, but the point only to about a kilometre.
    for user in (other_coop_member, commune_officer):
        text = client.get("/epcis/events", **bearer(user)).content.decode()
        assert "6012345" not in text and "0654321" not in text
        assert harvest_geo(user) == "geo:22.60,104.07"


def test_an_organisation_cannot_record_on_another_organisations_lot_with_its_event_id(
    client, coop_member, other_coop_member, lot, other_lot
):
    """The eventID of a co-operative's step cannot be reused on another's lot either."""
    harvest = step_harvest(actor=coop_member, lot=lot)
    event = free_event(
        4,
        eventID=harvest.event_id,
        epcList=[],
        quantityList=[
            {
                "epcClass": f"https://id.gs1.org/01/{other_lot.product.gtin}/10/{other_lot.code}",
                "quantity": 3,
                "uom": "KGM",
            }
        ],
    )
    body = {"@context": CONTEXT, **event}
    response = post(client, "/epcis/events", body, bearer(other_coop_member))
    assert response.status_code == 409, response.content
    assert TraceEvent.objects.filter(event_id=harvest.event_id).count() == 1
    assert not TraceEvent.objects.filter(lot=other_lot).exists()


@pytest.mark.parametrize("path", ["/epcis/events/a%0Ab", "/epcis/no-such-resource"])
def test_an_address_no_route_takes_answers_as_a_problem_not_a_page(client, coop_member, path):
    """An event id with a line break (no route's pattern takes it) or an unknown resource under
    /epcis/ is the API's 404 problem, which the OpenAPI description lists, not the HTML page."""
    response = client.get(path, **bearer(coop_member))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["type"] == "epcisException:NoSuchNameException"

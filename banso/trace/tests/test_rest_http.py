"""The EPCIS interface over real HTTP to the running app (pytest-django's live server, the
standard library's client): capture, the worker, the query and its paging by Link header."""

import http.client
import json
from urllib.parse import quote, urlsplit

import pytest

from banso.accounts.services import api_token_create
from banso.trace.models import CaptureJob, TraceEvent
from banso.trace.tests.rest_support import STANDARD, schema_errors


@pytest.fixture
def token(coop_member) -> str:
    return api_token_create(user=coop_member, name="http test")[1]


def call(live_server, method: str, path: str, *, token: str = "", body=None, headers=None):
    """One request; returns (status, headers, parsed JSON body or None)."""
    data = None
    sent = dict(headers or {})
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/ld+json")
    if token:
        sent["Authorization"] = f"Bearer {token}"
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        return response.status, response.headers, json.loads(raw) if raw else None
    finally:
        connection.close()


def test_capture_then_query_over_http(live_server, token, run_worker):
    document = json.loads(
        (STANDARD / "JSON" / "Example_9.6.1-ObjectEvent.jsonld").read_text(encoding="utf-8")
    )
    status, headers, body = call(live_server, "POST", "/epcis/capture", token=token, body=document)
    assert status == 202, body
    job_path = headers["Location"]
    assert job_path == body["url"]
    assert headers["GS1-EPCIS-Version"] == "2.0.0"

    run_worker()

    status, _headers, job = call(live_server, "GET", job_path, token=token)
    assert status == 200
    assert job["status"] == "succeeded", job["errors"]
    assert job["storedCount"] == 2
    assert TraceEvent.objects.filter(capture_job=CaptureJob.objects.get()).count() == 2

    # Both events name this EPC; one page each, following the Link header.
    path = "/epcis/events?MATCH_epc=" + quote("urn:epc:id:sgtin:0614141.107346.2018") + "&perPage=1"
    seen = []
    while path:
        status, headers, page = call(live_server, "GET", path, token=token)
        assert status == 200
        assert headers["Content-Type"].startswith("application/ld+json")
        assert schema_errors(page) == []
        seen += page["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        link = headers.get("Link")
        path = link[1 : link.index(">")] if link else ""
    sent = document["epcisBody"]["eventList"]
    assert [event["eventID"] for event in seen] == [event["eventID"] for event in sent]

    status, _headers, one = call(
        live_server, "GET", "/epcis/events/" + quote(sent[1]["eventID"], safe=""), token=token
    )
    assert status == 200
    assert one["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]["bizStep"] == (
        "receiving"
    )


def test_refusals_over_http(live_server, token):
    status, headers, body = call(live_server, "GET", "/epcis/events")
    assert status == 401
    assert headers["WWW-Authenticate"].startswith("Bearer")
    assert body["type"] == "epcisException:SecurityException"

    status, headers, body = call(
        live_server, "POST", "/epcis/events", token=token, body=b'{"type": "ObjectEvent",'
    )
    assert status == 400
    assert headers["Content-Type"].startswith("application/problem+json")
    assert body["status"] == 400 and body["line"] == 1

    status, _headers, body = call(
        live_server, "GET", "/epcis/events?GE_eventTime=soon", token=token
    )
    assert status == 400
    assert body["type"] == "epcisException:QueryParameterException"
    assert TraceEvent.objects.count() == 0


def test_options_over_http(live_server):
    status, headers, _body = call(live_server, "OPTIONS", "/epcis/")
    assert status == 204
    assert headers["GS1-EPCIS-Version"] == "2.0.0"
    assert headers["GS1-CBV-Version"] == "2.0.0"
    assert "GET" in headers["Allow"]

"""Liveness, the published API description and the request log."""

import json
import logging

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_with_the_database_vendor(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": connection.vendor}
    # Load balancers must see the live answer, never a cached one.
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_read_only(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_openapi_describes_our_api(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Bản Số API"
    paths = document["paths"]
    for expected in [
        "/api/places/lookup",
        "/api/places/units/{code}",
        "/api/places/villages",
        "/api/orgs/",
        "/api/orgs/{slug}",
        "/api/accounts/me",
    ]:
        assert expected in paths, expected
    assert set(paths["/api/places/villages"]) == {"get", "post"}
    schemes = document["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert paths["/api/accounts/me"]["get"]["security"]


def test_api_docs_page_loads(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_a_request_writes_one_structured_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="banso.request"):
        client.get(reverse("healthz"), {"probe": "1"})
        client.get("/khong-co-trang-nay/")

    records = [r for r in caplog.records if r.name == "banso.request"]
    assert len(records) == 2
    ok, missing = records
    assert (ok.method, ok.path, ok.status) == ("GET", "/healthz", 200)
    assert (missing.method, missing.path, missing.status) == ("GET", "/khong-co-trang-nay/", 404)
    assert isinstance(ok.duration_ms, float) and ok.duration_ms >= 0

    # The configured JSON formatter turns the record into one line of JSON with those fields.
    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["fmt"], rename_fields=config["rename_fields"])
    line = formatter.format(ok)
    assert "\n" not in line
    data = json.loads(line)
    assert data["logger"] == "banso.request"
    assert data["level"] == "INFO"
    assert data["message"] == "request"
    assert (data["method"], data["path"], data["status"]) == ("GET", "/healthz", 200)
    assert "time" in data and "duration_ms" in data


@pytest.mark.parametrize("path", ["/api/orgs/", "/places/", "/orgs/"])
def test_a_nul_character_in_the_query_is_a_clear_400(client, db, path):
    response = client.get(path, {"q": "quýt\x00"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "path", ["/api/broadcast/device/heartbeat", "/api/teams/help/sync", "/api/orgs/"]
)
def test_a_nul_character_in_a_json_body_is_refused_before_any_api(client, db, path):
    """PostgreSQL refuses NUL in a text column: a JSON string holding one is refused with a
    400 at the door, whichever endpoint it was sent to, and the text "\\u0000" is not."""
    response = client.post(path, '{"firmware": "v1\\u0000"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"][0]["type"] == "nul_character"
    response = client.post(path, '{"firmware": "v1\\\\u0000"}', content_type="application/ld+json")
    assert response.status_code != 400

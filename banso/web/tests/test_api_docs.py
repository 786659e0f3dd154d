"""The API documentation pages work without the internet: Swagger UI comes from our own static
files (no CDN), and both OpenAPI documents are valid and say what each operation answers."""

import re

import pytest
import requests
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = ("/api/docs", "/epcis/docs")
ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.mark.parametrize("path", DOCS)
def test_the_docs_page_loads_only_our_own_static_files(live_server, path):
    page = requests.get(live_server.url + path, timeout=10)
    assert page.status_code == 200
    assets = ASSET.findall(page.text)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        served = requests.get(live_server.url + asset, timeout=10)
        assert served.status_code == 200, asset
        assert len(served.content) > 0


@pytest.mark.parametrize("path", ("/api/openapi.json", "/epcis/openapi.json"))
def test_the_openapi_documents_are_valid(client, path):
    document = client.get(path).json()
    validate(document)


def test_each_api_operation_lists_the_errors_it_answers(client):
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            label = f"{method.upper()} {path}"
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in statuses, label
            if operation.get("security"):
                assert {"401", "403"} <= statuses, label
            if "{" in path:
                assert "404" in statuses, label
            if method != "get":
                assert {"400", "403"} <= statuses, label
            # Successes without a JSON body: part of a file (206), "keep your copy" (304).
            for status in statuses - {"200", "201", "206", "304"}:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (label, status)


def test_each_epcis_operation_lists_its_problems(client):
    document = client.get("/epcis/openapi.json").json()
    capture = document["paths"]["/epcis/capture"]["post"]
    assert set(capture["responses"]) == {"202", "400", "401", "403", "413", "415"}
    assert set(capture["requestBody"]["content"]) == {"application/json", "application/ld+json"}
    one = document["paths"]["/epcis/events"]["post"]
    assert {"200", "201", "409"} <= set(one["responses"])
    problem = one["responses"]["409"]["content"]["application/problem+json"]["schema"]
    assert problem["required"] == ["type", "title", "status"]
    query = document["paths"]["/epcis/events"]["get"]
    assert set(query["responses"]) == {"200", "400", "401"}

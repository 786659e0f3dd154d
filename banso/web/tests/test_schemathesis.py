"""Property-based tests of the whole HTTP API from its own OpenAPI description.

schemathesis reads /api/openapi.json from a live server and sends generated requests, valid and
invalid, to every operation over real HTTP, signed in with a bearer token so the protected
operations run too. Whatever it sends, the API must answer without a server error.

The operations are walked here rather than through ``schemathesis.pytest.from_fixture``: its
lazy loader writes pytest's private ``Node._nodeid``, which pytest 9 no longer has.
"""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    status_code_conformance,
)

from banso.accounts.services import api_token_create

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def api_schema(live_server):
    return schemathesis.openapi.from_url(live_server.url + "/api/openapi.json")


@pytest.fixture
def bearer(officer) -> dict[str, str]:
    _token, key = api_token_create(user=officer, name="schemathesis")
    return {"Authorization": f"Bearer {key}"}


def _exercise(operation, headers: dict[str, str]) -> list[int]:
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    statuses = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=cases)
    def run(case) -> None:
        response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
        statuses.append(response.status_code)

    run()
    return statuses


def test_api_never_answers_with_a_server_error(live_server, api_schema, bearer, officer):
    # The token signs in for real, and without it a protected operation is refused.
    me = live_server.url + "/api/accounts/me"
    signed_in = requests.get(me, headers=bearer, timeout=10)
    assert signed_in.status_code == 200
    assert signed_in.json()["id"] == officer.pk
    assert signed_in.json()["roles"][0]["role"] == "commune_officer"
    assert requests.get(me, timeout=10).status_code == 401
    wrong = {"Authorization": "Bearer bs_not-a-real-key"}
    assert requests.get(me, headers=wrong, timeout=10).status_code == 401

    operations = [result.ok() for result in api_schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    # Every router is in the description, the protected operations included.
    assert {"GET /api/accounts/me", "POST /api/places/villages", "GET /api/orgs/"} <= labels

    failures, statuses = {}, {}
    for operation in operations:
        try:
            statuses[operation.label] = _exercise(operation, bearer)
        except Exception as error:  # report every operation that fails, not only the first
            failures[operation.label] = error
    assert not failures, "\n\n".join(f"{label}: {error}" for label, error in failures.items())
    # Each operation was really called, and the token got the caller through.
    assert all(len(codes) >= 10 for codes in statuses.values()), statuses
    assert 200 in statuses["GET /api/accounts/me"]
    assert 200 in statuses["GET /api/places/lookup"]


DOCUMENTED_EXAMPLES_PER_OPERATION = 5


@pytest.mark.parametrize("document", ["/api/openapi.json", "/epcis/openapi.json"])
def test_every_answer_is_one_the_description_lists(live_server, bearer, document):
    """A few requests per operation (valid and not): each answer's status is documented for its
    operation, with the content type it is documented with."""
    schema = schemathesis.openapi.from_url(live_server.url + document)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    failures = {}
    for operation in (result.ok() for result in schema.get_all_operations()):
        cases = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )

        @settings(
            max_examples=DOCUMENTED_EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def run(case) -> None:
            case.call_and_validate(headers=bearer, checks=checks)

        try:
            run()
        except Exception as error:  # every operation that fails, not only the first
            failures[operation.label] = error
    assert not failures, "\n\n".join(f"{label}: {error}" for label, error in failures.items())

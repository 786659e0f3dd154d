"""The error answers of an API, written into its OpenAPI document.

django-ninja documents the answers an operation declares in ``response=``, but the API's
exception handlers answer more: 400 (a service refused the input), 401 (no or a wrong token),
403 (no right, or a missing CSRF token on a session write), 404 (an unknown object in the path),
422 (the parameters or body do not fit their schema). :func:`error_responses_add` gives each
operation the ones it can answer, with the body they carry, so that a client (and a checker
such as schemathesis) knows every status it may meet.
"""

from typing import Any

from ninja import NinjaAPI

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "properties": {
        "detail": {
            "title": "Detail",
            "description": "What went wrong: a message, a message per field, or a list of "
            "the invalid parameters.",
            "anyOf": [
                {"type": "string"},
                {"type": "object"},
                {"type": "array", "items": {"type": "object"}},
            ],
        }
    },
    "required": ["detail"],
}
DESCRIPTIONS = {
    "400": "The input was refused (detail names the fields), or the address (plain text) or "
    "the JSON body holds a character that is not allowed (NUL).",
    "401": "No valid session or bearer token.",
    "403": "The signed-in person may not do this.",
    "404": "Not found.",
    "422": "A parameter or the body does not fit its schema.",
}
WRITES = ("post", "put", "patch", "delete")


def _statuses(path: str, method: str, operation: dict) -> list[str]:
    statuses = []
    if method in WRITES or operation.get("parameters"):
        statuses.append("400")
    if operation.get("security"):
        statuses += ["401", "403"]
    elif method in WRITES:
        statuses.append("403")  # the CSRF check of a signed-in browser's write
    if "{" in path:
        statuses.append("404")
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.append("422")
    return statuses


def error_responses_add(schema: dict) -> dict:
    """``schema`` with each operation's error answers listed (those it declares stay)."""
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            declared_errors = [str(key) for key in responses if str(key) in DESCRIPTIONS]
            for status in dict.fromkeys([*_statuses(path, method, operation), *declared_errors]):
                declared = responses.get(status) or responses.get(int(status))
                if declared and declared.get("content", {}).get("application/json", {}).get(
                    "schema", {}
                ).get("properties"):
                    continue
                responses.pop(int(status), None)
                content: dict[str, Any] = {"application/json": {"schema": reference}}
                if status == "400":
                    # The floor refuses an address holding a NUL character in plain text.
                    content["text/plain"] = {"schema": {"type": "string"}}
                responses[status] = {"description": DESCRIPTIONS[status], "content": content}
    return schema


def undeclared_ok_drop(schema: dict) -> dict:
    """``schema`` without the bare 200 "OK" django-ninja gives an operation that declares no
    ``response=``, where the operation documents its successes itself (``openapi_extra``)."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            others = [s for s in responses if str(s).startswith("2") and str(s) != "200"]
            if others and responses.get(200) == {"description": "OK"}:
                del responses[200]
    return schema


class DocumentedErrorsAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document lists the error answers of each operation."""

    def get_openapi_schema(self, *args, **kwargs):
        return error_responses_add(super().get_openapi_schema(*args, **kwargs))

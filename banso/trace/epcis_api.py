"""The EPCIS 2.0 REST interface at /epcis/ (GS1 EPCIS 2.0 §12, its OpenAPI binding).

- ``POST /epcis/capture``: an EPCISDocument, captured in the background all or nothing;
  202 with the capture job's URL in ``Location``.
- ``GET /epcis/capture/{captureID}``: the job, to the person who submitted it.
- ``POST /epcis/events``: one event, captured at once; 201 with its URL.
- ``GET /epcis/events``: the SimpleEventQuery parameters, answered with an EPCISQueryDocument,
  paged by ``nextPageToken`` (``Link: <…>; rel="next"``).
- ``GET /epcis/events/{eventID}``: one event, by its eventID or event hash (URL-encoded).
- ``GET /epcis/``, ``GET /epcis/eventTypes``, ``OPTIONS``: discovery.

Bodies are JSON-LD (``application/ld+json`` or ``application/json``), read here rather than by
the framework so that a malformed document gets a 400 naming its problem, and so that a body
nested too deeply or carrying a number too long for Python is refused as it arrives, before
the schema check, the event hash or the JSON-LD handling recurse into it. Every error is an
RFC 7807 problem (``application/problem+json``) with the EPCIS exception as its ``type``.
"""

import json
import sys
import uuid
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import re_path, reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from banso.accounts.api_auth import BearerToken, SessionAuth
from banso.common.middleware import json_holds_nul
from banso.common.openapi import undeclared_ok_drop
from banso.trace.epcis.errors import EpcisError, EpcisProblem, EventIdTaken
from banso.trace.epcis.validation import MAX_JSON_DEPTH, json_too_deep
from banso.trace.models import CaptureJob, EventType
from banso.trace.selectors.events import (
    EventQueryError,
    event_reader,
    events_by_id,
    events_query,
    query_document,
)
from banso.trace.services.capture import event_ids_shared
from banso.trace.services.capture_jobs import capture_job_create

EPCIS_VERSION = "2.0.0"
CBV_VERSION = "2.0.0"
# Events one capture request may carry (GS1-EPCIS-Capture-Limit).
CAPTURE_LIMIT = 10_000
JSON_TYPES = ("application/json", "application/ld+json")


class EpcisAPI(NinjaAPI):
    """Documents the answers each operation gives itself (bodies are read by hand)."""

    def get_openapi_schema(self, *args, **kwargs):
        return undeclared_ok_drop(super().get_openapi_schema(*args, **kwargs))


api = EpcisAPI(
    title="EPCIS 2.0",
    version=EPCIS_VERSION,
    description=_(
        "GS1 EPCIS 2.0 capture and query of the traceability events (JSON-LD, bearer token)."
    )
    + " "
    + _(
        "Who reads what: the events of your organisations (and, for a province officer, of "
        "the organisations of the province) in full; the events of other organisations' lots "
        "as their public trace page shows them, every geo: point rounded to 0.01° (about a "
        "kilometre); nothing of other organisations' events that name none of their lots. An "
        "eventID names one event: an event whose eventID another event has is refused (409), "
        "a document with two events of one eventID is refused whole, and the same event sent "
        "again is accepted without being stored twice."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="epcis",
)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 7807 problem; type is the EPCIS exception.",
    "properties": {
        "type": {"type": "string", "example": "epcisException:ValidationException"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "eventIndex": {"type": ["integer", "null"]},
                    "eventID": {"type": ["string", "null"]},
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status"],
}
PROBLEM_DESCRIPTIONS = {
    400: "The request or document is not valid (problems name each event and field).",
    401: "No valid session or bearer token.",
    403: "The signed-in person may not do this (or a session write without its CSRF token).",
    404: "Not found, or not readable by the caller.",
    409: "The eventID is already the ID of another event.",
    413: "The document is too large or carries too many events.",
    415: "The body is not application/ld+json or application/json.",
}
JSON_LD_BODY = {
    "required": True,
    "content": {
        content_type: {"schema": {"type": "object", "additionalProperties": True}}
        for content_type in JSON_TYPES
    },
}


def _answers(
    answers: dict[int, str], *problems: int, content_type: str = "application/json"
) -> dict:
    """The OpenAPI ``responses`` of an operation: its successes and its problems (keyed by
    number, as django-ninja keys the answer it documents by itself, so that they replace it)."""
    responses: dict[int, dict] = {
        status: {
            "description": description,
            "content": {content_type: {"schema": {"type": ["object", "array"]}}},
        }
        for status, description in answers.items()
    }
    for status in problems:
        responses[status] = {
            "description": PROBLEM_DESCRIPTIONS[status],
            "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
        }
    return {"responses": responses}


def version_headers() -> dict[str, str]:
    """The headers by which an EPCIS 2.0 server states what it speaks (EPCIS 2.0 §12.2)."""
    return {
        "GS1-EPCIS-Version": EPCIS_VERSION,
        "GS1-EPCIS-Min": EPCIS_VERSION,
        "GS1-EPCIS-Max": EPCIS_VERSION,
        "GS1-CBV-Version": CBV_VERSION,
        "GS1-CBV-Min": CBV_VERSION,
        "GS1-CBV-Max": CBV_VERSION,
        "GS1-EPC-Format": "Never_Translates",
        "GS1-Capture-Error-Behaviour": "rollback",
        "GS1-EPCIS-Capture-Limit": str(CAPTURE_LIMIT),
        "GS1-EPCIS-Capture-File-Size-Limit": str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }


def json_response(
    data, *, status: int = 200, content_type: str = "application/ld+json", headers=None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type=f"{content_type}; charset=utf-8",
    )
    for name, value in {**version_headers(), **(headers or {})}.items():
        response[name] = value
    return response


def problem_dict(problem: EpcisProblem) -> dict:
    return {
        "eventIndex": problem.event_index,
        "eventID": problem.event_id,
        "field": problem.field,
        "message": str(problem.message),
    }


class Problem(Exception):
    """An RFC 7807 answer: ``exception`` is the EPCIS exception name (its ``type``)."""

    def __init__(
        self,
        status: int,
        exception: str,
        title: str,
        detail: str = "",
        problems: list[EpcisProblem] | None = None,
        headers: dict | None = None,
        members: dict | None = None,
    ):
        super().__init__(title)
        self.status = status
        self.exception = exception
        self.title = title
        self.detail = detail
        self.problems = problems or []
        self.headers = headers or {}
        # Extension members (RFC 7807 §3.2) a program can read whatever the language.
        self.members = members or {}


def problem_response(request: HttpRequest, problem: Problem) -> HttpResponse:
    body = {
        "type": f"epcisException:{problem.exception}",
        "title": problem.title,
        "status": problem.status,
        "instance": request.path,
    }
    if problem.detail:
        body["detail"] = problem.detail
    if problem.problems:
        body["problems"] = [problem_dict(p) for p in problem.problems]
    body.update(problem.members)
    return json_response(
        body,
        status=problem.status,
        content_type="application/problem+json",
        headers=problem.headers,
    )


@api.exception_handler(Problem)
def on_problem(request, error: Problem):
    return problem_response(request, error)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, error):
    return problem_response(
        request,
        Problem(
            401,
            "SecurityException",
            _("Sign in or send a bearer token."),
            headers={"WWW-Authenticate": 'Bearer realm="epcis"'},
        ),
    )


@api.exception_handler(Http404)
def on_not_found(request, error):
    return problem_response(request, Problem(404, "NoSuchNameException", _("Not found.")))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, error):
    title = str(error) or _("You may not do this.")
    return problem_response(request, Problem(403, "SecurityException", title))


@api.exception_handler(NinjaValidationError)
def on_invalid(request, error):
    detail = "; ".join(str(item.get("msg", item)) for item in error.errors)
    return problem_response(
        request, Problem(400, "ValidationException", _("The request is not valid."), detail)
    )


@api.exception_handler(EventQueryError)
def on_bad_query(request, error: EventQueryError):
    return problem_response(
        request,
        Problem(
            400,
            "QueryParameterException",
            _("Query parameter %(name)s: %(message)s")
            % {"name": error.parameter, "message": error.message},
            members={"parameter": error.parameter},
        ),
    )


def _read_json(request: HttpRequest):
    content_type = request.content_type or ""
    if content_type not in JSON_TYPES:
        raise Problem(
            415,
            "ValidationException",
            _("Send the document as application/ld+json or application/json, not “%(type)s”.")
            % {"type": content_type or _("no content type")},
        )
    try:
        body = request.body
    except RequestDataTooBig:
        raise Problem(
            413,
            "CaptureLimitExceededException",
            _("The document is larger than %(size)d bytes.")
            % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        ) from None
    if json_holds_nul(body):
        # PostgreSQL keeps no NUL in a document (jsonb) nor in text.
        raise Problem(
            400,
            "ValidationException",
            _("The request contains a character that is not allowed (NUL)."),
        )
    try:
        parsed = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Problem(400, "ValidationException", _("The body is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        raise Problem(
            400,
            "ValidationException",
            _("The body is not valid JSON: %(error)s at line %(line)d, column %(column)d.")
            % {"error": error.msg, "line": error.lineno, "column": error.colno},
            problems=[
                EpcisProblem(
                    message=_("Not valid JSON: %(error)s (line %(line)d, column %(column)d).")
                    % {"error": error.msg, "line": error.lineno, "column": error.colno}
                )
            ],
            members={"line": error.lineno, "column": error.colno},
        ) from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError:
        # Python refuses to read an integer longer than its int-string conversion limit.
        raise _refuse(
            _("The body has a number longer than %(digits)d digits.")
            % {"digits": sys.get_int_max_str_digits()},
            "",
        ) from None
    if json_too_deep(parsed):
        raise _too_deep()
    return parsed


def _too_deep() -> Problem:
    return _refuse(
        _("The body nests arrays and objects more than %(depth)d levels deep.")
        % {"depth": MAX_JSON_DEPTH},
        "",
    )


def _refuse(title: str, field: str, *, event_index: int | None = None) -> Problem:
    return Problem(
        400,
        "ValidationException",
        title,
        problems=[EpcisProblem(message=title, field=field, event_index=event_index)],
    )


EVENT_LIST_PATHS = {
    "EPCISDocument": "epcisBody.eventList",
    "EPCISQueryDocument": "epcisBody.queryResults.resultsBody.eventList",
}


def document_event_list(document: dict):
    """The document's eventList (an EPCISQueryDocument's results may be captured too)."""
    found: Any = document
    for key in EVENT_LIST_PATHS.get(document.get("type", ""), "").split("."):
        found = found.get(key) if isinstance(found, dict) else None
    return found


def _check_document_shape(document) -> None:
    """What must hold before a document is queued; the capture checks everything else."""
    if not isinstance(document, dict):
        raise _refuse(_("The document must be a JSON object."), "")
    if document.get("type") not in ("EPCISDocument", "EPCISQueryDocument"):
        raise _refuse(_("The document's type must be EPCISDocument."), "type")
    if "@context" not in document:
        raise _refuse(_("The document has no @context."), "@context")
    event_list = document_event_list(document)
    if not isinstance(event_list, list):
        where = EVENT_LIST_PATHS[document["type"]]
        raise _refuse(_("The document has no %(path)s.") % {"path": where}, where)
    if len(event_list) > CAPTURE_LIMIT:
        raise Problem(
            413,
            "CaptureLimitExceededException",
            _("A document may carry at most %(limit)d events.") % {"limit": CAPTURE_LIMIT},
        )
    for index, event in enumerate(event_list):
        if not isinstance(event, dict):
            raise _refuse(_("An event must be a JSON object."), "", event_index=index)
    shared = event_ids_shared(event_list)
    if shared:
        raise Problem(
            400,
            "ValidationException",
            shared[0].message,
            problems=shared,
            members={"eventID": shared[0].event_id},
        )


def _job_url(job: CaptureJob) -> str:
    return reverse("epcis:capture-job", kwargs={"capture_id": job.pk})


def _event_url(identifier: str) -> str:
    return reverse("epcis:events") + "/" + quote(identifier, safe="")


def _iso(value) -> str | None:
    return value.isoformat(timespec="milliseconds") if value else None


def capture_job_body(job: CaptureJob) -> dict:
    """The job as EPCIS 2.0's capture job resource, with our status and counts."""
    running = job.status in (CaptureJob.Status.PENDING, CaptureJob.Status.RUNNING)
    problems = [EpcisProblem(**item) for item in job.errors]
    return {
        "captureID": str(job.pk),
        "url": _job_url(job),
        "createdAt": _iso(job.created_at),
        "finishedAt": _iso(job.finished_at),
        "running": running,
        "success": job.status == CaptureJob.Status.SUCCEEDED,
        "status": job.status,
        "captureErrorBehaviour": "rollback",
        "eventCount": job.event_count,
        "storedCount": job.stored_count,
        "errors": [
            {
                "type": "epcisException:ValidationException",
                "title": str(problem.message),
                "status": 400,
                **problem_dict(problem),
            }
            for problem in problems
        ],
    }


# Discovery -------------------------------------------------------------------------------------


def _options(allow: str) -> HttpResponse:
    response = HttpResponse(status=204)
    for name, value in version_headers().items():
        response[name] = value
    response["Allow"] = allow
    return response


@api.get("/", auth=None, url_name="root", openapi_extra=_answers({200: "The resources."}))
def root(request):
    """The top-level resources this interface serves."""
    return json_response(["capture", "events", "eventTypes"], content_type="application/json")


@api.api_operation(["OPTIONS"], "/", auth=None, include_in_schema=False)
def root_options(request):
    return _options("OPTIONS, GET")


@api.api_operation(["OPTIONS"], "/capture", auth=None, include_in_schema=False)
def capture_options(request):
    return _options("OPTIONS, POST")


@api.api_operation(["OPTIONS"], "/events", auth=None, include_in_schema=False)
def events_options(request):
    return _options("OPTIONS, GET, POST")


@api.get(
    "/eventTypes",
    url_name="event-types",
    openapi_extra=_answers({200: "The event types."}, 401),
)
def event_types(request):
    """The event types stored here (all five of EPCIS 2.0)."""
    return json_response(list(EventType.values), content_type="application/json")


# Capture ---------------------------------------------------------------------------------------


@api.post(
    "/capture",
    url_name="capture",
    openapi_extra={
        "requestBody": JSON_LD_BODY,
        **_answers({202: "Queued; Location names the capture job."}, 400, 401, 403, 413, 415),
    },
)
def capture(request):
    """Capture an EPCISDocument: queued, then captured all or nothing."""
    document = _read_json(request)
    _check_document_shape(document)
    job = capture_job_create(
        document=document, actor=request.auth, event_count=len(document_event_list(document))
    )
    url = _job_url(job)
    return json_response(
        {"captureID": str(job.pk), "url": url, "status": job.status},
        status=202,
        content_type="application/json",
        headers={"Location": url},
    )


@api.get(
    "/capture/{capture_id}",
    url_name="capture-job",
    openapi_extra=_answers({200: "The capture job."}, 401, 404),
)
def capture_job(request, capture_id: str):
    """A capture job; only the person who submitted it sees it."""
    try:
        key = uuid.UUID(capture_id)
    except ValueError:
        raise Http404 from None
    job = CaptureJob.objects.filter(pk=key, submitted_by=request.auth).first()
    if job is None:
        raise Http404
    return json_response(capture_job_body(job), content_type="application/json")


@api.post(
    "/events",
    url_name="events-capture",
    openapi_extra={
        "requestBody": JSON_LD_BODY,
        **_answers(
            {201: "Stored; Location names the event.", 200: "The same event was stored before."},
            400,
            401,
            403,
            409,
            413,
            415,
        ),
    },
)
def event_capture(request):
    """Capture one event at once: 201 with its URL (200 when it was stored before), or 400
    naming each problem."""
    from banso.trace.services.capture import epcis_events_capture

    event = _read_json(request)
    if not isinstance(event, dict):
        raise _refuse(_("The event must be a JSON object."), "", event_index=0)
    if event.get("type") == "EPCISDocument":
        raise _refuse(_("Send an EPCISDocument to /epcis/capture, not here."), "type")
    event = dict(event)
    context = event.pop("@context", None)
    if context is None:
        raise _refuse(_("The event has no @context."), "@context", event_index=0)
    try:
        result = epcis_events_capture(
            events=[event],
            context=context if isinstance(context, list) else [context],
            actor=request.auth,
        )
    except EventIdTaken as error:
        raise Problem(
            409,
            "ValidationException",
            _("The eventID is already the ID of another event."),
            detail="; ".join(str(problem.message) for problem in error.problems[:5]),
            problems=error.problems,
            members={"eventID": error.problems[0].event_id},
        ) from None
    except EpcisError as error:
        raise Problem(
            400,
            "ValidationException",
            _("The event was not captured."),
            detail="; ".join(str(problem.message) for problem in error.problems[:5]),
            problems=error.problems,
        ) from None
    identifier = _captured_identifier(result, event)
    url = _event_url(identifier)
    return json_response(
        {"eventID": identifier, "url": url, "stored": bool(result.stored_count)},
        status=201 if result.stored_count else 200,
        content_type="application/json",
        headers={"Location": url},
    )


def _captured_identifier(result, event: dict) -> str:
    """The eventID the client gave, or else the event hash it is stored under."""
    return event.get("eventID") or result.event_hashes[0]


# Query -----------------------------------------------------------------------------------------


@api.get(
    "/events",
    url_name="events",
    openapi_extra=_answers(
        {200: "An EPCISQueryDocument."}, 400, 401, content_type="application/ld+json"
    ),
)
def events(request):
    """Events matching the EPCIS 2.0 query parameters (eventType, GE_eventTime, LT_eventTime,
    GE_recordTime, LT_recordTime, EQ_action, EQ_bizStep, EQ_disposition, EQ_readPoint,
    EQ_bizLocation, EQ_eventID, MATCH_epc, MATCH_parentID, MATCH_inputEPC, MATCH_outputEPC,
    MATCH_anyEPC, MATCH_epcClass, MATCH_inputEPCClass, MATCH_outputEPCClass,
    MATCH_anyEPCClass, perPage, nextPageToken), oldest first."""
    page = events_query(request.GET, reader=event_reader(request.auth))
    headers = {}
    if page.next_page_token:
        following = request.GET.copy()
        following["nextPageToken"] = page.next_page_token
        headers["Link"] = f'<{request.path}?{following.urlencode()}>; rel="next"'
    return json_response(query_document(page.events), headers=headers)


@api.get(
    "/events/{path:event_id}",
    url_name="event",
    openapi_extra=_answers(
        {200: "An EPCISQueryDocument."}, 401, 404, content_type="application/ld+json"
    ),
)
def event_detail(request, event_id: str):
    """One event by its eventID or event hash, as an EPCISQueryDocument (with the declaration
    that it was in error, if one was made)."""
    found = events_by_id(event_id, reader=event_reader(request.auth))
    if not found:
        raise Http404
    return json_response(query_document(found))


def path_unknown(request, rest: str = ""):
    """Any other address under /epcis/ (including an event id no route accepts, such as one
    holding a line break) answers as the API does, with a problem, not the site's HTML page."""
    return on_not_found(request, Http404())


# Mounted at /epcis/ by include("banso.trace.epcis_api") (namespace "epcis"); what no route of
# the API matches ends in ``path_unknown``.
urlpatterns = [*api.urls[0], re_path(r"^[\s\S]*\Z", path_unknown)]
app_name = "epcis"

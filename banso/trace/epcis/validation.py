"""Checks on EPCIS 2.0 input before anything is stored.

In order: the document's shape (an object with an ``epcisBody``, a usable ``@context``), the
official JSON Schema (``standard/EPCIS-JSON-Schema.json``, compiled once per process with
jsonschema-rs, which validates a 10,000-event document many times faster than the pure-Python
``jsonschema``: see ``bench/trace_capture.py``), then each event: a known event type, CBV 2.0
business steps and dispositions, GS1 check digits in Digital Link identifiers, and its time.
Every refusal is an ``EpcisProblem`` naming the event and the field.
"""

import datetime
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema_rs
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from banso.trace.epcis.errors import EpcisError, EpcisProblem
from banso.trace.gs1 import gtin_check_digit, gtin_normalize

STANDARD_DIR = Path(__file__).resolve().parent / "standard"
SCHEMA_PATH = STANDARD_DIR / "EPCIS-JSON-Schema.json"
EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)
MAX_PROBLEMS = 50
# How deeply arrays and objects may nest in a body. A real document needs about ten levels
# (document, epcisBody, eventList, event, sensorElementList, sensorReport …); the schema check,
# the event hash and the JSON-LD handling all recurse, so a deeper body is refused on arrival.
MAX_JSON_DEPTH = 32

# CBV 2.0 §7.1 and §7.2.
BUSINESS_STEPS = frozenset(
    [
        "accepting",
        "arriving",
        "assembling",
        "collecting",
        "commissioning",
        "consigning",
        "creating_class_instance",
        "cycle_counting",
        "decommissioning",
        "departing",
        "destroying",
        "disassembling",
        "dispensing",
        "encoding",
        "entering_exiting",
        "holding",
        "inspecting",
        "installing",
        "killing",
        "loading",
        "other",
        "packing",
        "picking",
        "receiving",
        "removing",
        "repackaging",
        "repairing",
        "replacing",
        "reserving",
        "retail_selling",
        "sampling",
        "sensor_reporting",
        "shipping",
        "staging_outbound",
        "stock_taking",
        "stocking",
        "storing",
        "transporting",
        "unloading",
        "unpacking",
        "void_shipping",
    ]
)
DISPOSITIONS = frozenset(
    [
        "active",
        "available",
        "completeness_inferred",
        "completeness_verified",
        "conformant",
        "container_closed",
        "container_open",
        "damaged",
        "destroyed",
        "dispensed",
        "disposed",
        "encoded",
        "expired",
        "in_progress",
        "in_transit",
        "inactive",
        "mismatch_class",
        "mismatch_instance",
        "mismatch_quantity",
        "needs_replacement",
        "no_pedigree_match",
        "non_conformant",
        "non_sellable_other",
        "partially_dispensed",
        "recalled",
        "reserved",
        "retail_sold",
        "returned",
        "sellable_accessible",
        "sellable_not_accessible",
        "stolen",
        "unavailable",
        "unknown",
    ]
)
# field: (CBV words, web URI prefix, URN prefix)
VOCABULARIES = {
    "bizStep": (
        BUSINESS_STEPS,
        "https://ref.gs1.org/cbv/BizStep-",
        "urn:epcglobal:cbv:bizstep:",
    ),
    "disposition": (
        DISPOSITIONS,
        "https://ref.gs1.org/cbv/Disp-",
        "urn:epcglobal:cbv:disp:",
    ),
}
ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
# A GS1 Digital Link URI on any host: /01/{gtin}[/10/{lot}][/21/{serial}] (short names too).
DIGITAL_LINK = re.compile(
    r"^https?://[^/?#]+(?:/[^?#]*)?/(?:01|gtin)/(?P<gtin>\d+)"
    r"(?:/(?:10|lot)/(?P<lot>[^/?#]+))?(?:/(?:21|ser)/(?P<serial>[^/?#]+))?/?(?:[?#].*)?$"
)
TIME_ZONE_OFFSET = re.compile(r"[+-]\d\d:\d\d")
LGTIN_URN = re.compile(r"^urn:epc:class:lgtin:(?P<prefix>\d+)\.(?P<item>\d+)\.(?P<lot>.+)$")
SGTIN_URN = re.compile(r"^urn:epc:id:sgtin:(?P<prefix>\d+)\.(?P<item>\d+)\.(?P<serial>.+)$")

# Where an event names identifiers: key, stored role, whether entries are quantity elements.
IDENTIFIER_FIELDS = (
    ("epcList", "epc", False),
    ("parentID", "parent", False),
    ("childEPCs", "child", False),
    ("inputEPCList", "input", False),
    ("outputEPCList", "output", False),
    ("quantityList", "quantity", True),
    ("childQuantityList", "child_quantity", True),
    ("inputQuantityList", "input_quantity", True),
    ("outputQuantityList", "output_quantity", True),
)


@dataclass(frozen=True, slots=True)
class Identifier:
    """One EPC or class an event names, where (field path) and in which role."""

    value: str
    role: str
    field: str


@dataclass(frozen=True)
class DocumentEvents:
    context: Any
    events: list
    # JSON path of the event list inside the document, to map schema errors to events.
    path: tuple


@lru_cache(maxsize=1)
def schema_validator():
    """The official JSON Schema, compiled once per process."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def json_too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels in ``value``, found without
    recursion so that the check cannot itself run out of stack."""
    pending: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while pending:
        current, depth = pending.pop()
        children = current.values() if isinstance(current, dict) else current
        for child in children:
            if isinstance(child, dict | list):
                if depth >= limit:
                    return True
                pending.append((child, depth + 1))
    return False


def _problem(message: str, field: str = "", index: int | None = None, event=None) -> EpcisProblem:
    event_id = event.get("eventID") if isinstance(event, dict) else None
    return EpcisProblem(
        message=message,
        field=field,
        event_index=index,
        event_id=event_id if isinstance(event_id, str) else None,
    )


def document_events(document: Any) -> DocumentEvents:
    """The events of an EPCISDocument (or of an EPCISQueryDocument's results), or EpcisError
    when the document is not EPCIS JSON-LD at all."""
    if not isinstance(document, dict):
        raise EpcisError([_problem(_("An EPCIS document is a JSON object."))])
    context = document.get("@context")
    if context is None or not isinstance(context, list | str | dict):
        raise EpcisError(
            [_problem(_("@context must be a URI, an object or a list of them."), "@context")]
        )
    body = document.get("epcisBody")
    if not isinstance(body, dict):
        raise EpcisError([_problem(_("The document has no epcisBody object."), "epcisBody")])
    if "queryResults" in body:
        results = body.get("queryResults")
        events = (
            (results.get("resultsBody") or {}).get("eventList")
            if isinstance(results, dict)
            else None
        )
        path: tuple = ("epcisBody", "queryResults", "resultsBody", "eventList")
    elif "event" in body:
        events = [body["event"]]
        path = ("epcisBody", "event")
    else:
        events = body.get("eventList")
        path = ("epcisBody", "eventList")
    if not isinstance(events, list):
        raise EpcisError(
            [_problem(_("epcisBody has no eventList (a list of events)."), ".".join(path))]
        )
    return DocumentEvents(context=context, events=events, path=path)


def _field_path(parts: list) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def schema_problems(document: dict, parsed: DocumentEvents) -> list[EpcisProblem]:
    """Every place the official JSON Schema rejects, each tied to its event when inside one."""
    problems = []
    prefix = list(parsed.path)
    single = prefix[-1] == "event"
    for error in schema_validator().iter_errors(document):
        location = list(error.instance_path)
        index = None
        if location[: len(prefix)] == prefix:
            rest = location[len(prefix) :]
            if single:
                index = 0
            elif rest and isinstance(rest[0], int):
                index, rest = rest[0], rest[1:]
            field = _field_path(rest)
        else:
            field = _field_path(location)
        event = parsed.events[index] if index is not None and index < len(parsed.events) else None
        problems.append(
            _problem(
                _("The EPCIS JSON Schema refuses this: %(detail)s") % {"detail": error.message},
                field,
                index,
                event,
            )
        )
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def vocabulary_word(field: str, value: str) -> tuple[str, bool]:
    """(value to store, is it acceptable): the bare CBV word for any of a CBV value's three
    spellings, the URI itself for a value of another vocabulary; a bare word CBV does not know
    is refused, because only CBV may use bare words."""
    words, web_prefix, urn_prefix = VOCABULARIES[field]
    if value in words:
        return value, True
    for prefix in (web_prefix, urn_prefix):
        if value.startswith(prefix):
            word = value[len(prefix) :]
            return word, word in words
    return value, bool(ABSOLUTE_URI.match(value))


def parse_event_time(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def event_identifiers(event: dict) -> list[Identifier]:
    found = []
    for key, role, is_quantity in IDENTIFIER_FIELDS:
        value = event.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            found.append(Identifier(value, role, key))
            continue
        if not isinstance(value, list):
            continue
        for position, entry in enumerate(value):
            if is_quantity:
                epc_class = entry.get("epcClass") if isinstance(entry, dict) else None
                if isinstance(epc_class, str):
                    found.append(Identifier(epc_class, role, f"{key}[{position}].epcClass"))
            elif isinstance(entry, str):
                found.append(Identifier(entry, role, f"{key}[{position}]"))
    return found


@lru_cache(maxsize=16384)
def gtin_and_lot(identifier: str) -> tuple[str, str | None] | None:
    """The GTIN-14 and lot of a Digital Link URI or an LGTIN/SGTIN URN (lot None when it has
    none), or None for other identifiers. Raises ValidationError for a wrong check digit.

    Cached: a document names the same few lots in thousands of events."""
    match = DIGITAL_LINK.match(identifier)
    if match:
        lot = match.group("lot")
        return gtin_normalize(match.group("gtin")), unquote(lot) if lot else None
    match = LGTIN_URN.match(identifier) or SGTIN_URN.match(identifier)
    if match:
        prefix, item = match.group("prefix"), match.group("item")
        if len(prefix) + len(item) != 13:
            return None
        body = item[:1] + prefix + item[1:]
        lot = match.groupdict().get("lot")
        return body + gtin_check_digit(body), unquote(lot) if lot else None
    return None


def event_problems(
    index: int, event: Any, now: datetime.datetime
) -> tuple[list[EpcisProblem], list[tuple[Identifier, tuple[str, str | None] | None]]]:
    """Problems of one event, and its identifiers with their GTIN and lot where they have one."""
    if not isinstance(event, dict):
        return [_problem(_("An event is a JSON object."), "", index)], []
    problems = []
    event_type = event.get("type")
    if event_type not in EVENT_TYPES:
        problems.append(
            _problem(
                _("Unknown event type %(type)r: it must be one of %(types)s.")
                % {"type": event_type, "types": ", ".join(EVENT_TYPES)},
                "type",
                index,
                event,
            )
        )
    for field in VOCABULARIES:
        value = event.get(field)
        if value is None:
            continue
        if not isinstance(value, str) or not vocabulary_word(field, value)[1]:
            problems.append(
                _problem(
                    _(
                        "%(value)r is not a CBV 2.0 %(field)s; a value of another vocabulary "
                        "must be a full URI."
                    )
                    % {"value": value, "field": field},
                    field,
                    index,
                    event,
                )
            )
    event_time = parse_event_time(event.get("eventTime"))
    if event_time is None:
        problems.append(
            _problem(
                _("eventTime must be a date and time with its UTC offset (ISO 8601)."),
                "eventTime",
                index,
                event,
            )
        )
    elif event_time > now + FUTURE_TOLERANCE:
        problems.append(
            _problem(
                _("eventTime is in the future."),
                "eventTime",
                index,
                event,
            )
        )
    offset = event.get("eventTimeZoneOffset")
    if not isinstance(offset, str) or not TIME_ZONE_OFFSET.fullmatch(offset):
        problems.append(
            _problem(
                _("eventTimeZoneOffset is required, as +HH:MM or -HH:MM."),
                "eventTimeZoneOffset",
                index,
                event,
            )
        )
    identifiers = []
    for identifier in event_identifiers(event):
        if len(identifier.value) > 300:
            problems.append(
                _problem(
                    _("An identifier is at most 300 characters."), identifier.field, index, event
                )
            )
            continue
        try:
            keys = gtin_and_lot(identifier.value)
        except ValidationError as error:
            problems.append(
                _problem(
                    _("Wrong GTIN in this GS1 Digital Link: %(reason)s")
                    % {"reason": " ".join(error.messages)},
                    identifier.field,
                    index,
                    event,
                )
            )
            continue
        identifiers.append((identifier, keys))
    for field, limit in (("eventID", 300), ("readPoint.id", 300), ("bizLocation.id", 300)):
        value = event.get(field.split(".")[0])
        if "." in field:
            value = value.get("id") if isinstance(value, dict) else None
        if isinstance(value, str) and len(value) > limit:
            problems.append(
                _problem(
                    _("%(field)s is at most %(limit)s characters.")
                    % {"field": field, "limit": limit},
                    field,
                    index,
                    event,
                )
            )
    return problems, identifiers

"""What the EPCIS REST tests share: the standard's schema, its examples, bearer tokens and a
factory of stored events (rows as the capture stores them)."""

import datetime
import itertools
import json
from pathlib import Path
from typing import Any

import jsonschema

from banso.accounts.services import api_token_create
from banso.trace.models import EventEpc, TraceEvent

STANDARD = Path(__file__).resolve().parent.parent / "epcis" / "standard"
EXAMPLES = sorted((STANDARD / "JSON").rglob("*.jsonld"))
EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

_schema = json.loads((STANDARD / "EPCIS-JSON-Schema.json").read_text())
_validator = jsonschema.Draft7Validator(_schema, format_checker=jsonschema.FormatChecker())


def schema_errors(document: dict) -> list[str]:
    """Every way the document breaks the EPCIS 2.0 JSON Schema (empty when it is valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator.iter_errors(document)
    ]


def bearer(user) -> dict:
    """Django test client headers that authenticate as ``user`` with a fresh API token."""
    _token, key = api_token_create(user=user, name="epcis test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


_serial = itertools.count(1)


def stored_event(
    *,
    event_time: datetime.datetime,
    event_type: str = "ObjectEvent",
    biz_step: str = "shipping",
    epcs: dict[str, list[str]] | None = None,
    read_point: str = "",
    biz_location: str = "",
    action: str = "OBSERVE",
    event_id: str = "",
    context: list | None = None,
    extra: dict | None = None,
    lot=None,
) -> TraceEvent:
    """A stored event with its identifiers; ``epcs`` maps EventEpc roles to identifiers."""
    number = next(_serial)
    epcs = (
        dict(epcs) if epcs is not None else {"epc": [f"urn:epc:id:sgtin:0614141.107346.{number}"]}
    )
    if event_type == "AggregationEvent":
        # An aggregation names a parent and its children (JSON Schema).
        epcs.setdefault("child", epcs.pop("epc", [f"urn:epc:id:sgtin:9999999.000000.{number}"]))
        epcs.setdefault("parent", [f"urn:epc:id:sscc:9999999.{number:010d}"])
    document: dict[str, Any] = {
        "type": event_type,
        "eventTime": event_time.isoformat(),
        "eventTimeZoneOffset": "+07:00",
        **({"eventID": event_id} if event_id else {}),
        **({"action": action} if event_type != "TransformationEvent" else {}),
        "bizStep": biz_step,
    }
    fields = {"epc": "epcList", "child": "childEPCs", "input": "inputEPCList"}
    fields |= {"output": "outputEPCList"}
    for role, identifiers in epcs.items():
        if role == "parent":
            document["parentID"] = identifiers[0]
        elif role in fields:
            document[fields[role]] = identifiers
        else:
            key = {
                "quantity": "quantityList",
                "child_quantity": "childQuantityList",
                "input_quantity": "inputQuantityList",
                "output_quantity": "outputQuantityList",
            }[role]
            document[key] = [{"epcClass": epc, "quantity": 5, "uom": "KGM"} for epc in identifiers]
    if event_type == "TransformationEvent":
        document["transformationID"] = f"urn:example:transformation:{number}"
    if read_point:
        document["readPoint"] = {"id": read_point}
    if biz_location:
        document["bizLocation"] = {"id": biz_location}
    document |= extra or {}
    event = TraceEvent.objects.create(
        event_hash=f"ni:///sha-256;{number:064x}?ver=CBV2.0",
        event_id=event_id,
        event_type=event_type,
        event_time=event_time,
        event_time_zone_offset="+07:00",
        action=document.get("action", ""),
        biz_step=biz_step,
        read_point=read_point,
        biz_location=biz_location,
        document=document,
        context=context if context is not None else [EPCIS_CONTEXT_URL],
        lot=lot,
    )
    EventEpc.objects.bulk_create(
        EventEpc(event=event, epc=epc, role=role, lot=lot)
        for role, identifiers in epcs.items()
        for epc in identifiers
    )
    return event

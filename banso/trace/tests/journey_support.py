"""Events of a lot's journey for the resolver and trace page tests, stored as rows directly (the
page reads rows, whichever door stored them)."""

import datetime
import io
import uuid
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from banso.trace.models import EpcRole, EventEpc, EventEvidence, Lot, TraceEvent

TZ = datetime.timezone(datetime.timedelta(hours=7))


def lot_class(lot: Lot) -> str:
    return f"https://id.gs1.org/01/{lot.product.gtin}/10/{lot.code}"


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (40, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def record(
    lot: Lot,
    *,
    biz_step: str,
    when: datetime.datetime,
    event_type: str = "ObjectEvent",
    disposition: str = "",
    recorded_by=None,
    extra: dict | None = None,
    event_id: str | None = None,
    inputs: Sequence[Lot] = (),
    is_error_declaration: bool = False,
) -> TraceEvent:
    """Store one event of ``lot`` with its identifiers (inputs for a transformation)."""
    event_id = event_id or f"urn:uuid:{uuid.uuid4()}"
    document = {
        "type": event_type,
        "eventTime": when.isoformat(),
        "eventTimeZoneOffset": "+07:00",
        "eventID": event_id,
        "bizStep": biz_step,
        **(extra or {}),
    }
    if disposition:
        document["disposition"] = disposition
    if event_type == "TransformationEvent":
        document["inputQuantityList"] = [{"epcClass": lot_class(i)} for i in inputs]
        document["outputQuantityList"] = [{"epcClass": lot_class(lot)}]
    else:
        document["action"] = "ADD" if biz_step == "commissioning" else "OBSERVE"
        document["quantityList"] = [{"epcClass": lot_class(lot)}]
    event = TraceEvent.objects.create(
        event_hash=f"ni:///sha-256;{uuid.uuid4().hex}?ver=CBV2.0",
        event_id=event_id,
        event_type=event_type,
        event_time=when,
        event_time_zone_offset="+07:00",
        action=document.get("action", ""),
        biz_step=biz_step,
        disposition=disposition,
        is_error_declaration=is_error_declaration,
        document=document,
        lot=lot,
        organisation=lot.product.organisation,
        recorded_by=recorded_by,
    )
    if event_type == "TransformationEvent":
        for input_lot in inputs:
            EventEpc.objects.create(
                event=event, epc=lot_class(input_lot), role=EpcRole.INPUT_QUANTITY, lot=input_lot
            )
        EventEpc.objects.create(
            event=event, epc=lot_class(lot), role=EpcRole.OUTPUT_QUANTITY, lot=lot
        )
    else:
        EventEpc.objects.create(event=event, epc=lot_class(lot), role=EpcRole.QUANTITY, lot=lot)
    return event


def full_journey(lot: Lot, input_lot: Lot, *, recorded_by=None, checks: int = 1) -> dict:
    """Harvest of the input lot, then processing into ``lot``, packing, ``checks`` checks (the
    first with a lab photo), a shipping declared wrong and corrected, and receiving."""
    day = datetime.datetime(2025, 11, 20, 7, 30, tzinfo=TZ)
    hour = datetime.timedelta(hours=1)
    events = {
        "input_harvest": record(
            input_lot,
            biz_step="commissioning",
            when=day - 24 * hour,
            recorded_by=recorded_by,
            extra={"ilmd": {"cbvmda:harvestStartDate": "2025-11-19"}},
        ),
        "harvest": record(
            lot,
            biz_step="commissioning",
            when=day,
            recorded_by=recorded_by,
            extra={"ilmd": {"cbvmda:bestBeforeDate": "2026-01-15"}},
        ),
        "processing": record(
            lot,
            biz_step="commissioning",
            event_type="TransformationEvent",
            when=day + 3 * hour,
            inputs=[input_lot],
            recorded_by=recorded_by,
            extra={"banso:placeName": "Sân phơi Mã Tuyển"},
        ),
        "packing": record(lot, biz_step="packing", when=day + 6 * hour, recorded_by=recorded_by),
    }
    for index in range(checks):
        events[f"check_{index}"] = record(
            lot,
            biz_step="inspecting",
            disposition="conformant",
            when=day + (7 + index * 0.1) * hour,
            recorded_by=recorded_by,
        )
    EventEvidence.objects.create(event=events["check_0"], photo=png(), caption="Lab report")
    wrong = record(lot, biz_step="shipping", when=day + 8 * hour, disposition="in_transit")
    corrective_id = f"urn:uuid:{uuid.uuid4()}"
    events["shipping_wrong"] = wrong
    events["shipping_declared"] = record(
        lot,
        biz_step="shipping",
        when=day + 8 * hour,
        disposition="in_transit",
        event_id=wrong.event_id,
        is_error_declaration=True,
        extra={
            "errorDeclaration": {
                "declarationTime": "2025-11-21T09:00:00+07:00",
                "reason": "incorrect_data",
                "correctiveEventIDs": [corrective_id],
            }
        },
    )
    events["shipping"] = record(
        lot,
        biz_step="shipping",
        when=day + 9 * hour,
        disposition="in_transit",
        event_id=corrective_id,
    )
    events["receiving"] = record(lot, biz_step="receiving", when=day + 30 * hour)
    return events

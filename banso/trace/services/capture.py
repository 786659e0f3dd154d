"""EPCIS capture: the one door through which events are stored.

Contract (used by the EPCIS REST interface, the step recording pages and the demo data):

    epcis_document_capture(*, document: dict, actor, capture_job=None) -> CaptureResult
    epcis_events_capture(*, events: list[dict], context: list | None = None, actor,
                         capture_job=None) -> CaptureResult

Both validate every event first (JSON Schema, CBV vocabulary, GS1 identifiers, times), then store
all events in one transaction or none (raising ``banso.trace.epcis.errors.EpcisError`` naming
each event and field). An event whose canonical hash is already stored is not stored again.
"""

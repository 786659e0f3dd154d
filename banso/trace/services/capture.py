"""EPCIS capture: the one door through which events are stored.

Contract (used by the EPCIS REST interface, the step recording pages and the demo data):

    epcis_document_capture(*, document: dict, actor, capture_job=None) -> CaptureResult
    epcis_events_capture(*, events: list[dict], context: list | None = None, actor,
                         capture_job=None) -> CaptureResult

Both validate every event first (JSON Schema, CBV vocabulary, GS1 identifiers, times), then store
all events in one transaction or none (raising ``banso.trace.epcis.errors.EpcisError`` naming
each event and field). An event whose canonical hash is already stored is not stored again.

An eventID names one event across every organisation (EPCIS 2.0 wants it globally unique): a
document in which two events share an eventID is refused, and so is an event whose eventID is
already the ID of another stored event (``EventIdTaken``). Sending the very same event again
(same canonical hash, whoever sends it) stores nothing and is answered with the stored row. An
error declaration keeps the eventID of the event it declares wrong, so the ID is unique among
events and among declarations each.

``CaptureResult.events`` has one row per event sent, in order: the new row, or the row stored
earlier under the same hash. An event that names one of our lots (a GS1 Digital Link or LGTIN
whose GTIN and lot code are a ``Lot``) is linked to it, chained to the lot's previous event
(``previous_hash``) and needs the right to change the lot's organisation; events naming none
of our lots are accepted from any signed-in actor.

New rows are written with one parameterised INSERT run over all of them (``_insert``) rather than
``bulk_create``: bulk_create builds the SQL of every 50-row batch anew, passing each of a
TraceEvent's 19 values through the SQL compiler, which took longer than hashing the events and
longer than SQLite's own work (a 10,000-event document must be stored at 2,000 events/s or more:
``bench/trace_capture.py``). The values are converted by the same field methods bulk_create uses;
the ids of the new events are read back by their unique hash. Their identifiers (``EventEpc``)
go in as plain values, without model instances, since they are not returned.
"""

import datetime
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import NoneType
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.trace.epcis import hashing
from banso.trace.epcis.errors import EpcisError, EpcisProblem, EventIdTaken
from banso.trace.epcis.validation import (
    EPCIS_CONTEXT_URL,
    MAX_PROBLEMS,
    VOCABULARIES,
    DocumentEvents,
    document_events,
    event_problems,
    parse_event_time,
    schema_problems,
    vocabulary_word,
)
from banso.trace.models import CaptureJob, EventEpc, Lot, TraceEvent

BATCH_SIZE = 1000
DEFAULT_CONTEXT = [EPCIS_CONTEXT_URL]
# Which identifier gives an event its lot: what a transformation makes, first.
ROLE_PRIORITY: dict[str, tuple[str, ...]] = {
    "TransformationEvent": (
        "output",
        "output_quantity",
        "input",
        "input_quantity",
    ),
}
DEFAULT_ROLE_PRIORITY: tuple[str, ...] = (
    "epc",
    "quantity",
    "parent",
    "child",
    "child_quantity",
    "output",
    "output_quantity",
    "input",
    "input_quantity",
)


@dataclass
class CaptureResult:
    """``events``: one row per event sent, in order; ``stored``: the rows this capture added;
    ``duplicates``: the rows that were already stored (same canonical hash)."""

    events: list[TraceEvent] = field(default_factory=list)
    stored: list[TraceEvent] = field(default_factory=list)
    duplicates: list[TraceEvent] = field(default_factory=list)

    @property
    def stored_count(self) -> int:
        return len(self.stored)

    @property
    def duplicate_count(self) -> int:
        return len(self.duplicates)

    @property
    def event_hashes(self) -> list[str]:
        return [event.event_hash for event in self.events]


@dataclass(slots=True)
class _Prepared:
    index: int
    event: dict
    event_hash: str
    event_time: datetime.datetime
    identifiers: list  # [(Identifier, (gtin, lot) | None)]
    lots: list = field(default_factory=list)  # [(Identifier, Lot)]


def epcis_document_capture(
    *, document: dict, actor, capture_job: CaptureJob | None = None
) -> CaptureResult:
    """Capture an EPCISDocument (or the results of an EPCISQueryDocument), all or nothing."""
    parsed = document_events(document)
    return _capture(document=document, parsed=parsed, actor=actor, capture_job=capture_job)


def epcis_events_capture(
    *,
    events: list[dict],
    context: list | str | dict | None = None,
    actor,
    capture_job: CaptureJob | None = None,
) -> CaptureResult:
    """Capture events given without their document (one POST /epcis/events, a recorded step),
    under ``context`` (the EPCIS 2.0 context by default), all or nothing."""
    document = {
        "@context": context if context is not None else DEFAULT_CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": timezone.now().isoformat(timespec="milliseconds"),
        "epcisBody": {"eventList": events},
    }
    parsed = document_events(document)
    return _capture(document=document, parsed=parsed, actor=actor, capture_job=capture_job)


def _capture(*, document: dict, parsed: DocumentEvents, actor, capture_job) -> CaptureResult:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to record events."))
    with _collector_paused():
        prepared = _validated(document, parsed)
        _link_lots(prepared, actor)
        try:
            return _store(prepared, parsed.context, actor, capture_job)
        except IntegrityError:
            # Another capture stored one of these events in the meantime: capture again, and
            # its events are duplicates now.
            return _store(prepared, parsed.context, actor, capture_job)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector, paused while a capture runs.

    A large document keeps hundreds of thousands of objects alive until it is stored (its
    events, their identifiers, the new rows), and the collector's full passes over all of them
    took a tenth of a 10,000-event capture. A capture makes next to no reference cycles, so
    nothing piles up meanwhile; collection resumes as soon as it ends. The collector is left
    alone when something else had paused it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validated(document: dict, parsed: DocumentEvents) -> list[_Prepared]:
    """Every check on every event, before anything is written; EpcisError lists them all."""
    now = timezone.now()
    problems: list[EpcisProblem] = []
    prepared = []
    namespaces = hashing.context_namespaces(parsed.context)
    for index, event in enumerate(parsed.events):
        found, identifiers = event_problems(index, event, now)
        if found:
            problems += found
            continue
        try:
            event_hash = hashing.event_hash(event, namespaces)
        except ValueError:
            problems.append(
                EpcisProblem(
                    message=_("The event hash cannot be computed for this event."),
                    event_index=index,
                    event_id=event.get("eventID"),
                )
            )
            continue
        prepared.append(
            _Prepared(
                index=index,
                event=event,
                event_hash=event_hash,
                # event_problems() found it valid.
                event_time=cast(datetime.datetime, parse_event_time(event["eventTime"])),
                identifiers=identifiers,
            )
        )
    # bizStep and disposition are checked above, which also accepts CBV 1.2's URNs
    # (urn:epcglobal:cbv:bizstep:…) that the 2.0 schema no longer lists.
    seen = {(p.event_index, p.field) for p in problems}
    problems += [
        problem
        for problem in schema_problems(document, parsed)
        if (problem.event_index, problem.field) not in seen and problem.field not in VOCABULARIES
    ]
    problems += event_ids_shared(parsed.events)
    if problems:
        problems.sort(key=lambda p: (-1 if p.event_index is None else p.event_index, p.field))
        raise EpcisError(problems[:MAX_PROBLEMS])
    return prepared


def _event_id_key(event: dict) -> tuple[str, bool] | None:
    event_id = event.get("eventID")
    if not isinstance(event_id, str) or not event_id:
        return None
    return event_id, "errorDeclaration" in event


def event_ids_shared(events: Sequence[Any]) -> list[EpcisProblem]:
    """A problem for each event whose eventID an earlier event of the document has."""
    first: dict[tuple[str, bool], int] = {}
    problems = []
    for index, event in enumerate(events):
        key = _event_id_key(event) if isinstance(event, dict) else None
        if key is None:
            continue
        if key in first:
            problems.append(
                EpcisProblem(
                    message=_("Event %(earlier)d of this document has the same eventID “%(id)s”.")
                    % {"earlier": first[key], "id": key[0]},
                    field="eventID",
                    event_index=index,
                    event_id=key[0],
                )
            )
        else:
            first[key] = index
    return problems


def _event_ids_taken(items: list[_Prepared]) -> None:
    """Refuse new events whose eventID a stored event of another hash has already."""
    wanted = {key: item for item in items if (key := _event_id_key(item.event)) is not None}
    if not wanted:
        return
    problems = []
    ids = sorted({event_id for event_id, _declaration in wanted})
    for start in range(0, len(ids), BATCH_SIZE):
        taken = TraceEvent.objects.filter(event_id__in=ids[start : start + BATCH_SIZE])
        for event_id, is_declaration in taken.values_list("event_id", "is_error_declaration"):
            item = wanted.get((event_id, is_declaration))
            if item is not None:
                problems.append(
                    EpcisProblem(
                        message=_(
                            "The eventID “%(id)s” is already the ID of another event; give "
                            "this event an ID of its own."
                        )
                        % {"id": event_id},
                        field="eventID",
                        event_index=item.index,
                        event_id=event_id,
                    )
                )
    if problems:
        problems.sort(key=lambda p: p.event_index or 0)
        raise EventIdTaken(problems[:MAX_PROBLEMS])


def _link_lots(prepared: list[_Prepared], actor) -> None:
    """Find our lots among the identifiers, and refuse events on lots the actor may not change."""
    wanted = {keys for p in prepared for _identifier, keys in p.identifiers if keys and keys[1]}
    if not wanted:
        return
    gtins = {gtin for gtin, _lot in wanted}
    codes = {code for _gtin, code in wanted}
    lots = {
        (lot.product.gtin, lot.code): lot
        for lot in Lot.objects.filter(product__gtin__in=gtins, code__in=codes).select_related(
            "product__organisation"
        )
    }
    allowed: dict[int, bool] = {}
    problems = []
    for item in prepared:
        for identifier, keys in item.identifiers:
            lot = lots.get(keys) if keys else None
            if lot is None:
                continue
            organisation = lot.product.organisation
            if organisation.pk not in allowed:
                allowed[organisation.pk] = actor.has_perm("orgs.change_organisation", organisation)
            if not allowed[organisation.pk]:
                problems.append(
                    EpcisProblem(
                        message=_("You may not record events for that organisation (%(name)s).")
                        % {"name": organisation.name},
                        field=identifier.field,
                        event_index=item.index,
                        event_id=item.event.get("eventID"),
                    )
                )
                continue
            item.lots.append((identifier, lot))
    if problems:
        raise EpcisError(problems[:MAX_PROBLEMS])


def _primary_lot(item: _Prepared) -> Lot | None:
    if not item.lots:
        return None
    priority = ROLE_PRIORITY.get(item.event.get("type", ""), DEFAULT_ROLE_PRIORITY)
    ranked = sorted(
        item.lots,
        key=lambda pair: priority.index(pair[0].role) if pair[0].role in priority else 99,
    )
    return ranked[0][1]


def _existing(hashes: list[str]) -> dict[tuple[str, bool], TraceEvent]:
    found = {}
    for start in range(0, len(hashes), BATCH_SIZE):
        chunk = hashes[start : start + BATCH_SIZE]
        for row in TraceEvent.objects.filter(event_hash__in=chunk).only(
            "id",
            "event_hash",
            "event_type",
            "event_time",
            "biz_step",
            "lot_id",
            "is_error_declaration",
        ):
            found[(row.event_hash, row.is_error_declaration)] = row
    return found


def _stored_value(item: dict, field_name: str) -> str:
    value = item.get(field_name)
    if not isinstance(value, str):
        return ""
    return vocabulary_word(field_name, value)[0]


def _location(event: dict, key: str) -> str:
    value = event.get(key)
    return value.get("id", "") if isinstance(value, dict) else ""


@transaction.atomic
def _store(prepared: list[_Prepared], context, actor, capture_job) -> CaptureResult:
    lots = {lot.pk: lot for item in prepared for _identifier, lot in item.lots}
    if lots:
        # Serialise captures on the same lots so that each lot's chain stays linear (SQLite's
        # IMMEDIATE transactions serialise every writer already).
        list(Lot.objects.select_for_update().filter(pk__in=sorted(lots)).values_list("pk"))
    existing = _existing([item.event_hash for item in prepared])
    latest = _chain_heads(sorted(lots))
    result = CaptureResult()
    new_items: list[_Prepared] = []
    by_hash: dict[tuple[str, bool], TraceEvent] = {}
    recorded_by = actor if getattr(actor, "pk", None) else None
    for item in prepared:
        # A declaration that an event was wrong hashes like that event (errorDeclaration is
        # left out of the hash): it is a duplicate only of an earlier declaration.
        key = (item.event_hash, "errorDeclaration" in item.event)
        duplicate = existing.get(key) or by_hash.get(key)
        if duplicate is not None:
            result.events.append(duplicate)
            result.duplicates.append(duplicate)
            continue
        lot = _primary_lot(item)
        previous_hash = ""
        if lot is not None:
            previous_hash = latest[lot.pk]
            latest[lot.pk] = item.event_hash
        row = _new_row(
            item,
            context=context,
            lot=lot,
            previous_hash=previous_hash,
            recorded_by=recorded_by,
            capture_job=capture_job,
        )
        by_hash[key] = row
        result.events.append(row)
        result.stored.append(row)
        new_items.append(item)
    _event_ids_taken(new_items)
    _insert(TraceEvent, result.stored)
    _read_back_ids(result.stored)
    identifiers = _identifier_rows(result.stored, new_items)
    if identifiers:
        fields = [EventEpc._meta.get_field(name) for name in ("event", "epc", "role", "lot")]
        _insert_values(EventEpc, fields, identifiers)
    return result


def _chain_heads(lot_ids: list[int]) -> dict[int, str]:
    """The hash of each lot's latest event ("" for a lot without events)."""
    return {
        lot_id: TraceEvent.objects.filter(lot_id=lot_id)
        .order_by("-pk")
        .values_list("event_hash", flat=True)
        .first()
        or ""
        for lot_id in lot_ids
    }


def _new_row(
    item: _Prepared, *, context, lot: Lot | None, previous_hash: str, recorded_by, capture_job
) -> TraceEvent:
    event = item.event
    return TraceEvent(
        event_hash=item.event_hash,
        event_id=event.get("eventID") or "",
        event_type=event["type"],
        event_time=item.event_time,
        event_time_zone_offset=event["eventTimeZoneOffset"],
        action=event.get("action") or "",
        biz_step=_stored_value(event, "bizStep"),
        disposition=_stored_value(event, "disposition"),
        read_point=_location(event, "readPoint"),
        biz_location=_location(event, "bizLocation"),
        is_error_declaration="errorDeclaration" in event,
        document=event,
        context=context,
        lot=lot,
        previous_hash=previous_hash,
        organisation=lot.product.organisation if lot is not None else None,
        recorded_by=recorded_by,
        capture_job=capture_job,
    )


def _identifier_rows(rows: list[TraceEvent], items: list[_Prepared]) -> list[tuple]:
    """(event, epc, role, lot) of each identifier the new events name, the lot when it is ours:
    EventEpc rows, as values only, since they are not returned."""
    values = []
    for row, item in zip(rows, items, strict=True):
        lot_of = {identifier: lot for identifier, lot in item.lots}
        for identifier, _keys in item.identifiers:
            lot = lot_of.get(identifier)
            values.append(
                (row.pk, identifier.value, identifier.role, lot.pk if lot is not None else None)
            )
    return values


def _insert(model: type[models.Model], rows: list) -> None:
    """INSERT ``rows``, new instances of ``model``, with ``pre_save`` giving each field's value
    as ``bulk_create`` has it give them (``auto_now_add``). Their ids are not read here."""
    fields = [column for column in model._meta.concrete_fields if not column.primary_key]
    if rows:
        values = ([column.pre_save(row, True) for column in fields] for row in rows)
        _insert_values(model, fields, values)


def _insert_values(model: type[models.Model], fields: list, rows: Iterable[Sequence]) -> None:
    """INSERT ``rows`` (at least one) of values for ``fields`` with one statement run for each
    row, each value converted as ``bulk_create`` converts it (``get_db_prep_save``: JSON,
    times, UUIDs). Rows are converted as the statement reaches them, so that they do not all
    stay in memory at once."""
    database = transaction.get_connection()
    quote = database.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (quoted names of the model)
        quote(model._meta.db_table),
        ", ".join(quote(column.column) for column in fields),
        ", ".join(["%s"] * len(fields)),
    )
    converters = [_Converter(column, database) for column in fields]
    params = (
        [converter.convert(value) for converter, value in zip(converters, row, strict=True)]
        for row in rows
    )
    with database.cursor() as cursor:
        cursor.executemany(sql, params)


class _Converter:
    """One field's ``get_db_prep_save``, skipped for the types the field hands to the database
    unchanged, and run once for a value that is the same object as the row before's (every
    row of a document shares its ``@context``)."""

    def __init__(self, model_field: models.Field, database):
        self.field = model_field
        self.database = database
        self.plain = _plain_types(model_field)
        self.last: tuple[Any, Any] = (_NOTHING, None)

    def convert(self, value: Any) -> Any:
        if type(value) in self.plain:
            return value
        if value is not self.last[0]:
            self.last = (value, self.field.get_db_prep_save(value, self.database))
        return self.last[1]


_NOTHING = object()


def _plain_types(model_field: models.Field) -> tuple[type, ...]:
    """The types of value that ``model_field`` hands to the database unchanged (its
    ``get_db_prep_save`` returns them as they are)."""
    if isinstance(model_field, models.ForeignKey):
        if isinstance(model_field.target_field, models.IntegerField):
            return (int, NoneType)
        return (NoneType,)
    if isinstance(model_field, models.CharField):
        return (str,)
    if isinstance(model_field, models.BooleanField):
        return (bool,)
    return ()


def _read_back_ids(rows: list[TraceEvent]) -> None:
    """Give the rows just inserted their ids, found by their unique (hash, declaration) key, and
    mark them saved as ``bulk_create`` would."""
    ids: dict[tuple[str, bool], int] = {}
    hashes = sorted({row.event_hash for row in rows})
    for start in range(0, len(hashes), BATCH_SIZE):
        ids.update(
            ((event_hash, is_declaration), pk)
            for pk, event_hash, is_declaration in TraceEvent.objects.filter(
                event_hash__in=hashes[start : start + BATCH_SIZE]
            ).values_list("pk", "event_hash", "is_error_declaration")
        )
    for row in rows:
        row.pk = ids[(row.event_hash, row.is_error_declaration)]
        row._state.adding = False
        row._state.db = transaction.get_connection().alias

"""EPCIS 2.0 event queries (the SimpleEventQuery of EPCIS 2.0 §8.2.7.1, as the REST binding
passes it in the query string), and the EPCISQueryDocument that answers them.

Who reads what (EPCIS 2.0 leaves access control to the repository), in :func:`event_reader`:

- in full: a superuser every event; anyone else the events of the organisations they may change
  (``orgs.selectors.organisations_for_user``: their own organisations, and every organisation
  of a province officer's province), the events they recorded themselves, and the events naming
  none of our lots recorded by a member of one of their organisations;
- coarsened: every other event that names one of our lots, since the lot's journey is public on
  its trace page anyway, with each ``geo:`` point rounded to 0.01° (about a kilometre), as
  little as the public page shows (it names the village and commune, never the point);
- nothing else: an event naming none of our lots, recorded by another organisation, is not
  found (404 for one event, left out of a query).

Paging is by keyset over the stable order (eventTime, id), so the millionth page costs what the
first does. The ``nextPageToken`` is signed (``django.core.signing``): it carries the last
(eventTime, id) seen and a digest of the query it belongs to, so it can be neither forged nor
replayed against another query.
"""

import dataclasses
import datetime
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from banso.orgs.models import Membership
from banso.orgs.selectors import organisations_for_user
from banso.trace.epcis.digital_link_normaliser import digital_link_normalise
from banso.trace.models import EpcRole, EventEpc, EventType, TraceEvent

EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 1000
PAGE_SIGNING_SALT = "banso.trace.epcis.next-page"
# Decimals a point keeps for a reader who does not read the event in full (0.01° ≈ 1.1 km).
COARSE_DECIMALS = 2
GEO_URI = re.compile(r"^geo:(-?[0-9.]+),(-?[0-9.]+)(?:,[-0-9.]+)?(?:;.*)?$", re.IGNORECASE)
# How long a nextPageToken stays good: long enough to walk a large result, short enough that an
# old link does not page forever.
TOKEN_MAX_AGE_SECONDS = 24 * 3600

# CBV 2.0 values arrive as bare words ("shipping"), as Web URIs or as the EPCIS 1.x URNs; they
# are stored bare, and a query may name them any of these ways.
CBV_PREFIXES = {
    "bizStep": ("https://ref.gs1.org/cbv/BizStep-", "urn:epcglobal:cbv:bizstep:"),
    "disposition": ("https://ref.gs1.org/cbv/Disp-", "urn:epcglobal:cbv:disp:"),
}

# The EPC fields each MATCH_ parameter looks in (EPCIS 2.0 §8.2.7.1): instance-level
# identifiers for the *EPC parameters, class-level (quantity lists) for the *EPCClass ones.
MATCH_ROLES: dict[str, tuple[str, ...]] = {
    "MATCH_epc": (EpcRole.EPC, EpcRole.CHILD),
    "MATCH_parentID": (EpcRole.PARENT,),
    "MATCH_inputEPC": (EpcRole.INPUT,),
    "MATCH_outputEPC": (EpcRole.OUTPUT,),
    "MATCH_anyEPC": (EpcRole.EPC, EpcRole.PARENT, EpcRole.CHILD, EpcRole.INPUT, EpcRole.OUTPUT),
    "MATCH_epcClass": (EpcRole.QUANTITY, EpcRole.CHILD_QUANTITY),
    "MATCH_inputEPCClass": (EpcRole.INPUT_QUANTITY,),
    "MATCH_outputEPCClass": (EpcRole.OUTPUT_QUANTITY,),
    "MATCH_anyEPCClass": (
        EpcRole.QUANTITY,
        EpcRole.CHILD_QUANTITY,
        EpcRole.INPUT_QUANTITY,
        EpcRole.OUTPUT_QUANTITY,
    ),
}
TIME_PARAMETERS = {
    "GE_eventTime": ("event_time", "gte"),
    "LT_eventTime": ("event_time", "lt"),
    "GE_recordTime": ("record_time", "gte"),
    "LT_recordTime": ("record_time", "lt"),
}
EQUAL_PARAMETERS = {
    "EQ_action": "action",
    "EQ_bizStep": "biz_step",
    "EQ_disposition": "disposition",
    "EQ_readPoint": "read_point",
    "EQ_bizLocation": "biz_location",
    "EQ_eventID": "event_id",
}
PAGING_PARAMETERS = ("perPage", "nextPageToken")
ACTIONS = ("ADD", "OBSERVE", "DELETE")
# Prefixes of the EPCIS query parameters this interface does not implement: asked for, they
# are refused rather than silently ignored, since ignoring a filter returns the wrong events.
EPCIS_PARAMETER_PREFIXES = (
    "EQ_",
    "GE_",
    "GT_",
    "LE_",
    "LT_",
    "MATCH_",
    "EXISTS_",
    "WD_",
    "HASATTR_",
)
EPCIS_PARAMETERS = frozenset(
    ["eventType", *TIME_PARAMETERS, *EQUAL_PARAMETERS, *MATCH_ROLES, *PAGING_PARAMETERS]
)


class EventQueryError(ValueError):
    """A query parameter is malformed or not supported; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


@dataclass(frozen=True)
class EventQuery:
    """A parsed query: each filter is a tuple of accepted values (any of them matches)."""

    event_types: tuple[str, ...] = ()
    times: tuple[tuple[str, datetime.datetime], ...] = ()
    equals: tuple[tuple[str, tuple[str, ...]], ...] = ()
    matches: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_page: int = DEFAULT_PER_PAGE
    after: tuple[datetime.datetime, int] | None = None

    def digest(self) -> str:
        """What identifies the query for its page tokens (every filter, not the paging)."""
        filters = [
            list(self.event_types),
            [[name, value.isoformat()] for name, value in self.times],
            [[name, list(values)] for name, values in self.equals],
            [[name, list(values)] for name, values in self.matches],
        ]
        text = json.dumps(filters, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class EventPage:
    """One page of results; ``next_page_token`` is empty on the last page."""

    events: list[TraceEvent]
    query: EventQuery
    next_page_token: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _values(params: Mapping, name: str) -> list[str]:
    """Every value of a parameter: repeated (``?a=1&a=2``) or comma-separated (``?a=1,2``)."""
    raw = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
    values = [part.strip() for item in raw for part in str(item).split(",")]
    values = [value for value in values if value]
    if not values:
        raise EventQueryError(name, _("The parameter is empty."))
    return values


def _single(params: Mapping, name: str) -> str:
    values = _values(params, name)
    if len(values) != 1:
        raise EventQueryError(name, _("Give one value only."))
    return values[0]


def _parse_time(name: str, text: str) -> datetime.datetime:
    # A "+" left unencoded in a query string arrives as a space: "…T08:00:00 07:00".
    repaired = text.replace(" ", "+")
    try:
        value = parse_datetime(repaired)
    except ValueError:
        value = None
    if value is None:
        raise EventQueryError(
            name,
            _("“%(value)s” is not a date and time (ISO 8601, e.g. 2025-11-20T08:00:00+07:00).")
            % {"value": text},
        )
    if timezone.is_naive(value):
        raise EventQueryError(name, _("Give the time with its offset from UTC (e.g. +07:00 or Z)."))
    return value


def cbv_bare(kind: str, value: str) -> str:
    """A CBV value as stored: the bare word, whichever form it was written in."""
    for prefix in CBV_PREFIXES.get(kind, ()):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _cbv_forms(kind: str, values: Iterable[str]) -> tuple[str, ...]:
    """Every spelling a stored CBV value may have, so that the query finds it either way."""
    forms: list[str] = []
    for value in values:
        bare = cbv_bare(kind, value)
        candidates = [bare] if ":" in bare else [bare, *(p + bare for p in CBV_PREFIXES[kind])]
        forms += [form for form in candidates if form not in forms]
    return tuple(forms)


def event_query_parse(params: Mapping) -> EventQuery:
    """Read the query parameters of ``GET /epcis/events``; raise EventQueryError when one is
    malformed, unknown to EPCIS, or not supported here."""
    for name in params:
        if name not in EPCIS_PARAMETERS and name.startswith(EPCIS_PARAMETER_PREFIXES):
            raise EventQueryError(name, _("This query parameter is not supported."))

    event_types: tuple[str, ...] = ()
    if "eventType" in params:
        event_types = tuple(dict.fromkeys(_values(params, "eventType")))
        unknown = [value for value in event_types if value not in EventType.values]
        if unknown:
            raise EventQueryError(
                "eventType",
                _("Unknown event type “%(value)s”; expected one of %(known)s.")
                % {"value": unknown[0], "known": ", ".join(EventType.values)},
            )

    times = tuple(
        (name, _parse_time(name, _single(params, name)))
        for name in TIME_PARAMETERS
        if name in params
    )

    equals: list[tuple[str, tuple[str, ...]]] = []
    for name in EQUAL_PARAMETERS:
        if name not in params:
            continue
        values = tuple(dict.fromkeys(_values(params, name)))
        if name == "EQ_action":
            wrong = [value for value in values if value not in ACTIONS]
            if wrong:
                raise EventQueryError(name, _("Unknown action “%(value)s”.") % {"value": wrong[0]})
        elif name == "EQ_bizStep":
            values = _cbv_forms("bizStep", values)
        elif name == "EQ_disposition":
            values = _cbv_forms("disposition", values)
        equals.append((name, values))

    matches = tuple(
        (name, tuple(dict.fromkeys(_values(params, name))))
        for name in MATCH_ROLES
        if name in params
    )

    per_page = DEFAULT_PER_PAGE
    if "perPage" in params:
        text = _single(params, "perPage")
        if not text.isdigit() or not 1 <= int(text) <= MAX_PER_PAGE:
            raise EventQueryError(
                "perPage",
                _("Give a whole number from 1 to %(maximum)d.") % {"maximum": MAX_PER_PAGE},
            )
        per_page = int(text)

    query = EventQuery(
        event_types=event_types,
        times=times,
        equals=tuple(equals),
        matches=matches,
        per_page=per_page,
    )
    if "nextPageToken" in params:
        token = _single(params, "nextPageToken")
        query = dataclasses.replace(query, after=_token_read(token, query))
    return query


def _token_make(query: EventQuery, last: TraceEvent) -> str:
    payload = {"q": query.digest(), "t": last.event_time.isoformat(), "i": last.pk}
    return signing.dumps(payload, salt=PAGE_SIGNING_SALT, compress=True)


def _token_read(token: str, query: EventQuery) -> tuple[datetime.datetime, int]:
    try:
        payload = signing.loads(token, salt=PAGE_SIGNING_SALT, max_age=TOKEN_MAX_AGE_SECONDS)
        after = (datetime.datetime.fromisoformat(payload["t"]), int(payload["i"]))
        digest = payload["q"]
    except signing.SignatureExpired:
        raise EventQueryError(
            "nextPageToken", _("The page token has expired; run the query again.")
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise EventQueryError("nextPageToken", _("The page token is not valid.")) from None
    if digest != query.digest():
        raise EventQueryError(
            "nextPageToken", _("The page token belongs to another query; repeat its parameters.")
        )
    return after


def _match_filter(name: str, values: tuple[str, ...]) -> Q:
    """Events naming one of ``values`` in the fields MATCH_``name`` covers.

    A value is an EPC URI (matched exactly) or an EPC pattern ``urn:epc:idpat:…`` whose
    trailing fields may be ``*`` (EPCIS 2.0 §8.2.7.1.1), matched as an index range.
    """
    exact = [value for value in values if not value.startswith("urn:epc:idpat:")]
    # The same identifier written as an EPC URN or a Digital Link on another host is found
    # under its canonical Digital Link too.
    exact += [
        canonical
        for canonical in map(_canonical, exact)
        if canonical is not None and canonical not in exact
    ]
    patterns = [value for value in values if value.startswith("urn:epc:idpat:")]
    epcs = Q(epc__in=exact) if exact else Q(pk__in=[])
    for pattern in patterns:
        epcs |= _pattern_filter(name, pattern)
    identifiers = EventEpc.objects.filter(epcs, role__in=MATCH_ROLES[name]).values("event_id")
    return Q(pk__in=identifiers)


def _canonical(value: str) -> str | None:
    try:
        return digital_link_normalise(value)
    except Exception:  # the normaliser's own parsing errors: the value is matched as written
        return None


def _pattern_filter(name: str, pattern: str) -> Q:
    scheme, _colon, fields = pattern.removeprefix("urn:epc:idpat:").partition(":")
    parts = fields.split(".")
    fixed = list(itertools.takewhile(lambda part: part != "*", parts))
    if not scheme or not fields or any(part != "*" for part in parts[len(fixed) :]):
        raise EventQueryError(
            name,
            _("“%(pattern)s” is not an EPC pattern (only trailing fields may be “*”).")
            % {"pattern": pattern},
        )
    if name.endswith("Class"):
        # A class may be written as the pattern itself; lot classes are lgtin URIs.
        found = Q(epc=pattern)
        prefix = f"urn:epc:class:{'lgtin' if scheme == 'sgtin' else scheme}:"
    else:
        found = Q(pk__in=[])
        prefix = f"urn:epc:id:{scheme}:"
    prefix += ".".join(fixed)
    if len(fixed) == len(parts):
        return found | Q(epc=prefix)
    prefix += "." if fixed else ""
    # Every identifier starting with the prefix, as a range the epc index answers.
    return found | Q(epc__gte=prefix, epc__lt=prefix + "\U0010ffff")


@dataclass(frozen=True)
class EventReader:
    """What one caller may read: ``full`` the events read as captured, ``visible`` every event
    they may see at all (the others coarsened by :func:`event_document`)."""

    full: Q
    visible: Q

    def events(self) -> QuerySet[TraceEvent]:
        """The events this caller may see, each marked ``read_in_full``."""
        full = Value(True) if self.full == Q() else self.full
        return TraceEvent.objects.filter(self.visible).annotate(
            read_in_full=ExpressionWrapper(full, output_field=BooleanField())
        )


def event_reader(user) -> EventReader:
    """The access scope of ``user`` on stored events (see the module's docstring)."""
    if not getattr(user, "is_authenticated", False):
        return EventReader(full=Q(pk__in=[]), visible=Q(lot__isnull=False))
    if user.is_superuser:
        return EventReader(full=Q(), visible=Q())
    organisations = organisations_for_user(user, action="change").values("pk")
    colleagues = Membership.objects.filter(
        organisation__in=organisations_for_user(user, action="member").values("pk")
    ).values("user_id")
    full = (
        Q(organisation__in=organisations)
        | Q(recorded_by=user)
        | Q(organisation__isnull=True, lot__isnull=True, recorded_by__in=colleagues)
    )
    return EventReader(full=full, visible=full | Q(lot__isnull=False))


def events_filtered(query: EventQuery, reader: EventReader) -> QuerySet[TraceEvent]:
    """The events matching a query's filters that ``reader`` may see, in the stable order
    (eventTime, id)."""
    events = reader.events()
    if query.event_types:
        events = events.filter(event_type__in=query.event_types)
    for name, value in query.times:
        column, lookup = TIME_PARAMETERS[name]
        events = events.filter(**{f"{column}__{lookup}": value})
    for name, values in query.equals:
        events = events.filter(**{f"{EQUAL_PARAMETERS[name]}__in": values})
    for name, values in query.matches:
        events = events.filter(_match_filter(name, values))
    return events.order_by("event_time", "pk")


def events_query(params: Mapping, *, reader: EventReader) -> EventPage:
    """One page of the events a query asks for that ``reader`` may see, and the token of the
    next page if any."""
    query = params if isinstance(params, EventQuery) else event_query_parse(params)
    events = events_filtered(query, reader)
    if query.after is not None:
        time, pk = query.after
        events = events.filter(Q(event_time__gt=time) | Q(event_time=time, pk__gt=pk))
    found = list(
        events.only(
            "pk", "event_hash", "event_id", "event_time", "record_time", "document", "context"
        )[: query.per_page + 1]
    )
    page = EventPage(events=found[: query.per_page], query=query)
    if len(found) > query.per_page:
        page.next_page_token = _token_make(query, page.events[-1])
    return page


def events_by_id(identifier: str, *, reader: EventReader) -> list[TraceEvent]:
    """The events with this eventID, or whose event hash it is, that ``reader`` may see: one
    event, or an event and the declaration that it was in error (which keeps the event's ID and
    hash)."""
    return list(
        reader.events()
        .filter(Q(event_id=identifier) | Q(event_hash=identifier))
        .order_by("event_time", "pk")
    )


# Emitting -------------------------------------------------------------------------------------


def _as_list(context: Any) -> list:
    if context in (None, "", [], {}):
        return []
    return list(context) if isinstance(context, list) else [context]


def _coarsened(value: Any) -> Any:
    """``value`` with every ``geo:`` point in it rounded to ``COARSE_DECIMALS``."""
    if isinstance(value, dict):
        return {key: _coarsened(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_coarsened(item) for item in value]
    if isinstance(value, str) and value[:4].lower() == "geo:":
        match = GEO_URI.match(value)
        if match is None:
            return "geo:"
        try:
            latitude, longitude = (round(float(part), COARSE_DECIMALS) for part in match.groups())
        except ValueError:
            return "geo:"
        return f"geo:{latitude:.{COARSE_DECIMALS}f},{longitude:.{COARSE_DECIMALS}f}"
    return value


def event_document(event: TraceEvent) -> dict:
    """The event as EPCIS 2.0 JSON-LD: as captured, with its recordTime, and its event hash as
    eventID when the capturing client gave none. A row read without ``read_in_full`` (see
    :class:`EventReader`) has its points coarsened."""
    document = dict(event.document)
    if not getattr(event, "read_in_full", True):
        document = _coarsened(document)
    document.pop("@context", None)
    if not document.get("eventID"):
        document["eventID"] = event.event_hash
    document["recordTime"] = (
        event.record_time.astimezone(datetime.UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )
    return document


class _ContextMerger:
    """Builds one document @context from the contexts the events were captured with.

    URLs and namespace prefixes go to the document's @context; an event whose prefix means
    something else there keeps its own @context, so no extension field changes meaning.
    """

    def __init__(self) -> None:
        self.urls: list[str] = [EPCIS_CONTEXT_URL]
        self.terms: dict[str, Any] = {}

    def fits(self, context: list) -> bool:
        for entry in context:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    if key in self.terms and self.terms[key] != value:
                        return False
        return True

    def add(self, context: list) -> None:
        for entry in context:
            if isinstance(entry, dict):
                self.terms.update(entry)
            elif isinstance(entry, str) and entry not in self.urls:
                self.urls.append(entry)

    def context(self) -> list:
        return [*self.urls, self.terms] if self.terms else list(self.urls)


def query_document(events: Iterable[TraceEvent], *, query_name: str = "SimpleEventQuery") -> dict:
    """An EPCISQueryDocument (EPCIS 2.0 JSON-LD) holding the events, valid against the
    standard's JSON Schema."""
    merger = _ContextMerger()
    event_list = []
    for event in events:
        document = event_document(event)
        context = [
            entry
            for entry in _as_list(event.context) + _as_list(event.document.get("@context"))
            if entry != EPCIS_CONTEXT_URL
        ]
        if merger.fits(context):
            merger.add(context)
        else:
            document = {"@context": context, **document}
        event_list.append(document)
    now = timezone.now().astimezone(datetime.UTC)
    return {
        "@context": merger.context(),
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "epcisBody": {
            "queryResults": {
                "queryName": query_name,
                "resultsBody": {"eventList": event_list},
            }
        },
    }

"""iCalendar (RFC 5545) exchange of room calendars and tour departures.

Homestay hosts also sell their rooms on Booking.com and Airbnb, which publish each room's
booked nights as an iCalendar feed and read ours the same way. This module is the pure layer
under the models, views and the refresh task: bytes in, nights out; stays and departures in,
bytes out. It touches no table and no network.

**Reading** (`feed_nights`). A night is named by its date: the night of D runs from D evening
to D+1 morning, so a stay of nights 10 and 11 checks in on the 10th and leaves on the 12th.

- All-day events (``VALUE=DATE``) block the nights from DTSTART to the day before DTEND: DTEND
  is exclusive (RFC 5545 §3.6.1), which is how Airbnb and Booking.com export a stay. Without
  DTEND (or with DTEND equal to DTSTART, which some exporters write for a single day) an all-day
  event blocks one night; a DURATION counts whole days.
- Timed events (UTC, ``TZID``, or floating, which RFC 5545 §3.3.5 leaves to the reader's zone
  and we read in the property's zone) block every night they overlap, a night D being the
  stay from check-in on D (14:00 by default) to check-out on D+1 (12:00 by default), in the
  property's zone. So a guest leaving at 11:00 does not block the night they leave, and a
  cleaning slot between 12:00 and 14:00 blocks nothing. The hours are keyword arguments, since
  each homestay sets its own. An event without DTEND or DURATION lasts no time (§3.6.1) and
  blocks the night its instant falls in. A TZID the reader does not know (no VTIMEZONE, not an
  IANA name) is read as floating.
- RRULE, RDATE, EXDATE and edited occurrences (RECURRENCE-ID) are expanded inside the window
  by `recurring-ical-events`, a maintained expander built on icalendar.
- STATUS:CANCELLED and TRANSP:TRANSPARENT occurrences block nothing: they do not occupy time
  (RFC 5545 §3.8.1.11, §3.8.2.7). Other components (VTODO, VJOURNAL, VFREEBUSY) are ignored.

A feed is read from another site that may answer with anything: a sign-in page, an empty body,
JSON, a cut-off download. Any of these, or an event that cannot be placed in time, raises a
`FeedError` with a message in the person's language, before anything is returned: a caller
that blocks the nights of a feed never blocks half of a broken one.

**Writing** (`calendar_for_nights`, `calendar_for_departures`). A VCALENDAR with VERSION 2.0,
PRODID, CALSCALE:GREGORIAN, METHOD:PUBLISH and X-WR-CALNAME (the name Google, Apple and Outlook
show), lines folded at 75 octets with CRLF (§3.1) by icalendar. Stays are all-day events like
the feeds we read, and carry no guest's personal data: the caller passes the summary text.
DTSTAMP is the stay's last change rather than the moment of export, so the feed's bytes change
only when a booking does and importers polling it see no false change.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.utils.formats import number_format
from django.utils.translation import gettext as _

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CHECK_IN = time(14)
CHECK_OUT = time(12)
# A room's feed for a couple of years holds a few hundred events in a few hundred KB; 2 MB and
# 5,000 events leave room for the busiest channel and bound what a refresh can cost.
MAX_FEED_BYTES = 2 * 1024 * 1024
MAX_FEED_EVENTS = 5_000
# Properties that place an event in time: one that cannot be read makes the event unplaceable.
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
_EVENT_BEGIN = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE | re.IGNORECASE)
_ONE_DAY = timedelta(days=1)
# Occurrences are asked for in a window wider than the nights' by more than any UTC offset
# (±14 h) plus a night, then placed exactly.
_MARGIN = timedelta(days=2)


class FeedError(ValueError):
    """A calendar feed that cannot be read. The message is in the person's language and says
    what is wrong; ``code`` names the problem for programs."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


# Reading


def feed_nights(
    data: bytes,
    *,
    tz: ZoneInfo = VIETNAM,
    start: date,
    end: date,
    check_in: time = CHECK_IN,
    check_out: time = CHECK_OUT,
    max_bytes: int = MAX_FEED_BYTES,
    max_events: int = MAX_FEED_EVENTS,
) -> set[date]:
    """The nights in [start, end) that the feed's events occupy (see the module for the
    rules), or `FeedError` when the feed cannot be read."""
    calendar = _calendar_read(data, max_bytes=max_bytes, max_events=max_events)
    events = calendar.events
    for event in events:
        _event_check(event, tz=tz)
    # Events that happen once, which is all the channels export, are read as they are: sending
    # them through recurring-ical-events too would double the time a big feed takes.
    edited = {event.get("UID") for event in events if "RECURRENCE-ID" in event}
    single: list[icalendar.Event] = []
    series: list[icalendar.Event] = []
    for event in events:
        repeats = "RRULE" in event or "RDATE" in event or event.get("UID") in edited
        (series if repeats else single).append(event)
    occurrences = _occurrences(series, timezones=calendar.timezones, start=start, end=end)
    nights: set[date] = set()
    for occurrence in [*single, *occurrences]:
        if _occupies_time(occurrence):
            nights |= _occurrence_nights(
                occurrence, tz=tz, start=start, end=end, check_in=check_in, check_out=check_out
            )
    return nights


def _occurrences(
    series: list[icalendar.Event],
    *,
    timezones: list[icalendar.Timezone],
    start: date,
    end: date,
) -> list[icalendar.Event]:
    """The occurrences of repeating events (with their edited and cancelled occurrences)
    that may touch the nights from ``start`` to ``end``."""
    if not series:
        return []
    repeating = icalendar.Calendar()
    for component in [*timezones, *series]:
        repeating.add_component(component)
    try:
        return list(recurring_ical_events.of(repeating).between(start - _MARGIN, end + _MARGIN))
    # recurring_ical_events.InvalidCalendar is a ValueError; a hostile rule may reach other
    # errors inside the expander (a date past year 9999): the feed cannot be read either way.
    except Exception as error:
        raise FeedError(
            _("The calendar feed has a repetition (RRULE, RDATE) that cannot be read: %(problem)s")
            % {"problem": error},
            code="recurrence",
        ) from error


def _calendar_read(data: bytes, *, max_bytes: int, max_events: int) -> icalendar.Calendar:
    """The feed's VCALENDAR, after the checks that name what another site answered instead."""
    if len(data) > max_bytes:
        raise FeedError(
            _("The calendar feed is larger than %(size)s MB, more than a room's calendar holds.")
            % {"size": number_format(Decimal(f"{max_bytes / (1024 * 1024):g}"))},
            code="too_large",
        )
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    head = text[:1024].lower()
    if not text:
        raise FeedError(
            _("The calendar address answered with nothing: the feed is empty."), code="empty"
        )
    if head.startswith(b"<") or b"<html" in head:
        raise FeedError(
            _(
                "The calendar address answered with a web page (HTML), perhaps a sign-in page, "
                "not an iCalendar feed. Copy the calendar export link from the other site again."
            ),
            code="html",
        )
    if head[:1] in (b"{", b"["):
        raise FeedError(
            _("The calendar address answered with JSON data, not an iCalendar feed."), code="json"
        )
    if not head.startswith(b"begin:vcalendar"):
        raise FeedError(
            _("This is not an iCalendar feed: it does not begin with BEGIN:VCALENDAR."),
            code="not_icalendar",
        )
    if not text.rstrip().lower().endswith(b"end:vcalendar"):
        raise FeedError(
            _("The calendar feed is cut off: it does not end with END:VCALENDAR."),
            code="truncated",
        )
    _events_count_check(len(_EVENT_BEGIN.findall(text)), max_events=max_events)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    # icalendar raises ValueError for a bad line, but a component ended without being begun
    # (END:VTIMEZONE alone) surfaces as an AttributeError from inside it: whatever a hostile
    # feed makes the parser raise is a feed that cannot be read.
    except Exception as error:
        raise FeedError(
            _("The calendar feed cannot be read: %(problem)s") % {"problem": error},
            code="malformed",
        ) from error
    if not isinstance(calendar, icalendar.Calendar):
        raise FeedError(
            _("This is not an iCalendar feed: it does not begin with BEGIN:VCALENDAR."),
            code="not_icalendar",
        )
    _events_count_check(len(calendar.events), max_events=max_events)
    return calendar


def _events_count_check(count: int, *, max_events: int) -> None:
    if count > max_events:
        raise FeedError(
            _("The calendar feed holds more than %(count)d events, more than a room's calendar.")
            % {"count": max_events},
            code="too_many_events",
        )


def _event_check(event: icalendar.Event, *, tz: ZoneInfo) -> None:
    """Refuse an event that cannot be placed in time, naming it by its UID."""
    uid = str(event.get("UID", "")) or "?"
    for name, problem in event.errors:
        if name == "RRULE":
            raise FeedError(
                _("The event %(uid)s repeats by a rule (RRULE) that cannot be read: %(value)s")
                % {"uid": uid, "value": event.get(name, problem)},
                code="recurrence",
            )
        if name in _TIME_PROPERTIES:
            raise FeedError(
                _("The event %(uid)s has a date that cannot be read in %(property)s: %(value)s")
                % {"uid": uid, "property": name, "value": event.get(name, problem)},
                code="bad_date",
            )
    try:
        begin, finish, duration = event.DTSTART, event.DTEND, event.DURATION
    except icalendar.InvalidCalendar as error:  # a property given twice
        raise FeedError(
            _("The calendar feed cannot be read: %(problem)s") % {"problem": error},
            code="malformed",
        ) from error
    if begin is None:
        raise FeedError(
            _("The event %(uid)s has no start (DTSTART).") % {"uid": uid}, code="no_start"
        )
    if finish is not None and isinstance(begin, datetime) != isinstance(finish, datetime):
        raise FeedError(
            _(
                "The event %(uid)s starts and ends with different kinds of value (DTSTART "
                "and DTEND must both be dates or both be dates with a time)."
            )
            % {"uid": uid},
            code="mixed_values",
        )
    try:
        event.end  # noqa: B018  (what the nights are read from: it must exist)
        if finish is None and duration is not None:
            finish = begin + duration
        if isinstance(begin, datetime):
            begin = _local(begin, tz)
        if isinstance(finish, datetime):
            finish = _local(finish, tz)
    except icalendar.InvalidCalendar as error:  # DTEND and DURATION both
        raise FeedError(
            _("The calendar feed cannot be read: %(problem)s") % {"problem": error},
            code="malformed",
        ) from error
    except OverflowError as error:  # a date at the end of time (9999-12-31) and a day more
        raise FeedError(
            _("The event %(uid)s has a date that cannot be read in %(property)s: %(value)s")
            % {"uid": uid, "property": "DTSTART", "value": begin.isoformat()},
            code="bad_date",
        ) from error
    if finish is None:
        return
    if finish < begin:
        raise FeedError(
            _("The event %(uid)s ends before it starts (DTEND before DTSTART).") % {"uid": uid},
            code="end_before_start",
        )


def _occupies_time(occurrence: icalendar.Event) -> bool:
    status = str(occurrence.get("STATUS", "")).upper()
    transparency = str(occurrence.get("TRANSP", "")).upper()
    return status != "CANCELLED" and transparency != "TRANSPARENT"


def _occurrence_nights(
    occurrence: icalendar.Event,
    *,
    tz: ZoneInfo,
    start: date,
    end: date,
    check_in: time,
    check_out: time,
) -> set[date]:
    begin, finish = occurrence.start, occurrence.end
    if not (isinstance(begin, datetime) and isinstance(finish, datetime)):
        if begin >= end:
            return set()
        first = max(begin, start)
        last = min(finish if finish > begin else begin + _ONE_DAY, end)
        return {first + timedelta(days=n) for n in range((last - first).days)}
    begin, finish = _local(begin, tz), _local(finish, tz)
    nights = set()
    # From the night before the event's first day, which its small hours belong to.
    night = max(begin.date(), start + _ONE_DAY) - _ONE_DAY
    while night <= finish.date() and night < end:
        arrival = datetime.combine(night, check_in, tz)
        departure = datetime.combine(night + _ONE_DAY, check_out, tz)
        overlaps = begin < departure and finish > arrival
        instant_inside = begin == finish and arrival <= begin < departure
        if overlaps or instant_inside:
            nights.add(night)
        night += _ONE_DAY
    return nights


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    """``moment`` in the property's zone; a floating time is taken as the property's time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


# Writing


@dataclass(frozen=True)
class Stay:
    """A booked stay of a room: check-in on ``check_in`` and leave on the morning of
    ``check_out`` (exclusive, as DTEND is), so its nights are check_in … check_out − 1 day.
    ``summary`` is the caller's text ("Đã đặt", "Booked"), never the guest's name or phone."""

    uid: str
    check_in: date
    check_out: date
    summary: str
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        if self.check_out <= self.check_in:
            raise ValueError("A stay leaves after it arrives: check_out must follow check_in.")


@dataclass(frozen=True)
class Departure:
    """A tour's departure: when it leaves and comes back (timezone-aware), where it meets
    (``location``, and ``geo`` as latitude and longitude when known), its page (``url``)."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    geo: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("A departure's start and end must be timezone-aware.")
        if self.end < self.start:
            raise ValueError("A departure comes back after it leaves: end must follow start.")


def calendar_for_nights(
    *, name: str, product_id: str, uid_domain: str, stays: Iterable[Stay]
) -> bytes:
    """A room's booked stays as an iCalendar feed of all-day events, for Booking.com, Airbnb
    and the host's own calendar app to block."""
    calendar = _calendar(name=name, product_id=product_id)
    for stay in stays:
        event = _event(
            uid=stay.uid,
            uid_domain=uid_domain,
            summary=stay.summary,
            created_at=stay.created_at,
            updated_at=stay.updated_at,
        )
        event.add("DTSTART", stay.check_in)
        event.add("DTEND", stay.check_out)
        event.add("TRANSP", "OPAQUE")
        event.add("STATUS", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_for_departures(
    *, name: str, product_id: str, uid_domain: str, departures: Iterable[Departure]
) -> bytes:
    """A tour's departures as timed events in Vietnam's time with its VTIMEZONE.

    TZID rather than UTC: a calendar app shows the departure in the phone's zone either way, but
    keeps the event's own zone, so a visitor planning from abroad still sees "8:00 in Vietnam";
    the VTIMEZONE makes the TZID valid (RFC 5545 §3.2.19) and Outlook requires it.
    """
    calendar = _calendar(name=name, product_id=product_id)
    for departure in departures:
        event = _event(
            uid=departure.uid,
            uid_domain=uid_domain,
            summary=departure.summary,
            created_at=departure.created_at,
            updated_at=departure.updated_at,
        )
        event.add("DTSTART", departure.start.astimezone(VIETNAM))
        event.add("DTEND", departure.end.astimezone(VIETNAM))
        if departure.description:
            event.add("DESCRIPTION", departure.description)
        if departure.location:
            event.add("LOCATION", departure.location)
        if departure.geo is not None:
            event.add("GEO", departure.geo)
        if departure.url:
            event.add("URL", departure.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _calendar(*, name: str, product_id: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", product_id)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", name)
    return calendar


def _event(
    *, uid: str, uid_domain: str, summary: str, created_at: datetime, updated_at: datetime
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("UID", f"{uid}@{uid_domain}")
    event.add("DTSTAMP", updated_at.astimezone(UTC))
    event.add("CREATED", created_at.astimezone(UTC))
    event.add("LAST-MODIFIED", updated_at.astimezone(UTC))
    event.add("SUMMARY", summary)
    return event

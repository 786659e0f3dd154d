"""The loudspeakers' API under /api/broadcast/device/, for the IP receivers themselves. Each
device signs in with its own token (``Authorization: Bearer bsd_…``, shown once when the
speaker is registered) and reads only what is its own.

- ``GET playlist``: what the speaker plays over the next 24 hours (absolute times, the audio's
  address, size and SHA-256), with an ``ETag``. Poll it with ``If-None-Match``: while nothing
  changed the answer is ``304`` with no body, and costs no database query.
- ``GET audio/{version}``: an audio file (MP3). ``Range: bytes=N-`` resumes a download that a
  weak link cut (``206`` with ``Content-Range``); ``ETag`` and ``Repr-Digest`` carry its
  SHA-256. The file at an address never changes.
- ``POST reports``: what the speaker played, or failed to play, each with an identifier the
  device made once for the play: a batch sent again adds nothing.
- ``POST heartbeat``: signal, power, temperature, firmware and the device's clock; the answer
  gives the server's time and how far the device's clock is from it.
- ``GET emergency``: the emergencies the speaker must play at once, polled every few seconds
  with ``If-None-Match`` (``304`` while nothing changed), or held: with ``?wait=25`` and the
  ETag, the answer waits until the commune's emergencies change (then ``200`` at once) or the
  wait ends (``304``). ``POST emergency/{bulletin}/ack`` acknowledges one on receipt, before
  its audio is downloaded (its play is reported with the others).

A held request occupies whatever serves it for up to ``wait`` seconds: gunicorn's sync worker
serves one at a time, so a site whose speakers hold their emergency poll runs gunicorn with
threads (``--worker-class=gthread --threads=…``), at least one thread per speaker holding.
"""

import datetime
import re
import time
from typing import Annotated, Literal

from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError
from ninja.params.functions import Path as PathParam
from ninja.params.functions import Query
from ninja.security import HttpBearer
from pydantic import AwareDatetime, ConfigDict

from banso.broadcast.audio import version_audio_response
from banso.broadcast.models import BulletinVersion, PlayOutcome, PowerSource
from banso.broadcast.selectors.bulletins import bulletin_ids_reaching
from banso.broadcast.selectors.freshness import (
    emergency_state,
    emergency_states_cached,
    emergency_version,
    schedule_version,
)
from banso.broadcast.selectors.playlist import (
    PlanBulletin,
    PlanVersion,
    emergency_starts_at,
    playlist_window,
    speaker_emergencies,
    speaker_playlist,
)
from banso.broadcast.selectors.speakers import DeviceIdentity, device_identity, device_speaker
from banso.broadcast.services.device import (
    HeartbeatData,
    PlayData,
    emergency_ack,
    heartbeat_record,
    play_reports_record,
)
from banso.broadcast.waiting import StateWatch
from banso.common.ranges import etag_matches, sha256_digest_header

REPORTS_LIMIT = 200
ID_MAX = 2**31 - 1
# A held emergency poll waits at most this long (see ``banso.broadcast.waiting``).
EMERGENCY_WAIT_MAX_SECONDS = 25
CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class DeviceToken(HttpBearer):
    """A speaker's own token. The device's identity is kept in the cache, so a poll that
    changes nothing asks the database nothing."""

    def authenticate(self, request, token: str) -> DeviceIdentity | None:
        return device_identity(token)


router = Router(tags=["broadcast devices"], auth=DeviceToken())


def _not_modified(etag: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def _speaker(request, emergency_number: int | None = None):
    """The speaker the token named, as it is now: one taken out of service since its identity
    was cached is refused as an unknown token is (the commune's speakers are kept under its
    emergency number, which taking a speaker out of service raises; given when the caller has
    read it already)."""
    identity: DeviceIdentity = request.auth
    if emergency_number is None:
        emergency_number = emergency_version(identity.commune_id)
    speaker = device_speaker(identity, emergency_number)
    if speaker is None:
        raise AuthenticationError
    return speaker


class ItemOut(Schema):
    starts_at: datetime.datetime = Field(description="When to start playing it (absolute).")
    bulletin: int
    version: int = Field(description="The audio version: report it when played.")
    title: str
    priority: str
    language: str
    duration_ms: int
    size_bytes: int
    sha256: str = Field(description="Hex SHA-256 of the audio file: check it once downloaded.")
    audio_url: str
    slot: int | None = Field(None, description="The programme slot, none for an emergency.")
    pre_empt: bool = Field(description="Stop what is playing and play this at once.")


class PlaylistOut(Schema):
    speaker: int
    generated_at: datetime.datetime
    window_start: datetime.datetime
    window_end: datetime.datetime
    items: list[ItemOut]


def _audio_url(request, version_id: int) -> str:
    path = reverse("api:broadcast-device-audio", kwargs={"version_id": version_id})
    return request.build_absolute_uri(path)


def _item(
    request,
    bulletin: PlanBulletin,
    version: PlanVersion,
    starts_at: datetime.datetime,
    slot: int | None,
    pre_empt: bool,
) -> ItemOut:
    return ItemOut(
        starts_at=starts_at,
        bulletin=bulletin.id,
        version=version.id,
        title=bulletin.title,
        priority=bulletin.priority,
        language=version.language,
        duration_ms=version.duration_ms,
        size_bytes=version.size_bytes,
        sha256=version.sha256,
        audio_url=_audio_url(request, version.id),
        slot=slot,
        pre_empt=pre_empt,
    )


def _answers(success: dict[int, tuple[str, str | None]], *more: tuple[int, str]) -> dict[str, dict]:
    """``openapi_extra`` documenting successes without a JSON schema (audio, 304)."""
    responses: dict[int, dict] = {}
    for status, (description, content_type) in success.items():
        responses[status] = {"description": description}
        if content_type:
            responses[status]["content"] = {
                content_type: {"schema": {"type": "string", "format": "binary"}}
            }
    for status, description in more:
        responses[status] = {"description": description}
    return {"responses": responses}


NOT_MODIFIED = (304, "Not modified since the ETag sent in If-None-Match: keep your copy.")
AUDIO_ANSWERS = _answers(
    {
        200: ("The whole file.", "audio/mpeg"),
        206: ("The part asked for by Range (see Content-Range).", "audio/mpeg"),
    },
    (304, "The file has the ETag sent in If-None-Match: keep your copy."),
)
AUDIO_ANSWERS["responses"][416] = {
    "description": "The range starts past the end of the file.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


@router.get(
    "/device/playlist",
    response={200: PlaylistOut},
    url_name="broadcast-device-playlist",
    summary="The speaker's playlist for the next 24 hours (ETag; 304 while unchanged)",
    openapi_extra=_answers({}, NOT_MODIFIED),
)
def playlist(request, response: HttpResponse):
    identity: DeviceIdentity = request.auth
    now = timezone.now()
    start, _end = playlist_window(now)
    number = schedule_version(identity.commune_id)
    etag = f'"p{identity.speaker_id}-{number}-{int(start.timestamp())}"'
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return _not_modified(etag)
    speaker = _speaker(request)
    found = speaker_playlist(speaker, now=now)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return PlaylistOut(
        speaker=speaker.pk,
        generated_at=now,
        window_start=found.start,
        window_end=found.end,
        items=[
            _item(request, item.bulletin, item.version, item.starts_at, item.slot_id, item.pre_empt)
            for item in found.items
        ],
    )


@router.get(
    "/device/audio/{version_id}",
    url_name="broadcast-device-audio",
    summary="An audio file of the playlist (MP3), whole or by byte range",
    openapi_extra=AUDIO_ANSWERS,
)
def audio(request, version_id: Annotated[int, PathParam(ge=1, le=ID_MAX)]):
    speaker = _speaker(request)
    version = (
        BulletinVersion.objects.select_related("bulletin")
        .filter(pk=version_id, status="ready", approved_at__isnull=False, removed_at__isnull=True)
        .filter(bulletin__state="approved")
        .first()
    )
    if version is None or not bulletin_ids_reaching(speaker, {version.bulletin_id}):
        raise Http404
    return version_audio_response(
        request,
        version,
        headers={
            "Repr-Digest": sha256_digest_header(version.sha256),
            "Cache-Control": "private, max-age=31536000, immutable",
        },
    )


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1,
        max_length=64,
        pattern=CLIENT_ID.pattern,
        description="Made by the device once per play; never reused.",
    )
    version: int = Field(ge=1, le=ID_MAX, description="The audio version played.")
    outcome: PlayOutcome
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    scheduled_at: AwareDatetime | None = Field(None, description="The playlist's start time.")
    error: str = Field("", max_length=300, description="Why it failed.")


class ReportsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reports: list[ReportIn] = Field(min_length=1, max_length=REPORTS_LIMIT)


class ReportAnswerOut(Schema):
    id: str
    status: Literal["created", "already_recorded", "refused"]
    errors: dict[str, list[str]] = {}


class ReportsOut(Schema):
    results: list[ReportAnswerOut]
    created: int
    already_recorded: int
    refused: int


@router.post(
    "/device/reports",
    response=ReportsOut,
    url_name="broadcast-device-reports",
    summary="Report what the speaker played or failed to play (each report once)",
)
def reports(request, payload: ReportsIn):
    speaker = _speaker(request)
    answers = play_reports_record(
        speaker=speaker,
        reports=[
            PlayData(
                client_id=report.id,
                version_id=report.version,
                outcome=report.outcome.value,
                started_at=report.started_at,
                ended_at=report.ended_at,
                scheduled_at=report.scheduled_at,
                error=report.error,
            )
            for report in payload.reports
        ],
    )
    counts = {"created": 0, "already_recorded": 0, "refused": 0}
    for answer in answers:
        counts[answer.status] += 1
    return ReportsOut(
        results=[
            ReportAnswerOut(
                id=answer.client_id,
                status=answer.status,
                errors={
                    name: [str(m) for m in messages] for name, messages in answer.errors.items()
                },
            )
            for answer in answers
        ],
        **counts,
    )


class HeartbeatIn(Schema):
    model_config = ConfigDict(extra="forbid")

    clock: AwareDatetime | None = Field(None, description="The device's own clock, now.")
    signal_dbm: int | None = Field(None, ge=-200, le=0)
    power_source: PowerSource | None = None
    battery_percent: int | None = Field(None, ge=0, le=100)
    temperature_c: float | None = Field(None, ge=-60, le=150)
    firmware: str = Field("", max_length=60)


class HeartbeatOut(Schema):
    server_time: datetime.datetime
    clock_offset_seconds: float | None = Field(
        None, description="The device's clock minus the server's: set the clock by it."
    )


@router.post(
    "/device/heartbeat",
    response=HeartbeatOut,
    url_name="broadcast-device-heartbeat",
    summary="The speaker's state: signal, power, temperature, firmware, clock",
)
def heartbeat(request, payload: HeartbeatIn):
    speaker = _speaker(request)
    status = heartbeat_record(
        speaker=speaker,
        data=HeartbeatData(
            clock=payload.clock,
            signal_dbm=payload.signal_dbm,
            power_source=payload.power_source.value if payload.power_source else "",
            battery_percent=payload.battery_percent,
            temperature_c=payload.temperature_c,
            firmware=payload.firmware,
        ),
    )
    return HeartbeatOut(
        server_time=status.heartbeat_at, clock_offset_seconds=status.clock_offset_seconds
    )


class EmergencyOut(Schema):
    bulletin: int
    title: str
    approved_at: datetime.datetime
    starts_at: datetime.datetime
    valid_until: datetime.datetime
    items: list[ItemOut] = Field(description="Its audio, in the order to play.")


class EmergenciesOut(Schema):
    emergencies: list[EmergencyOut]


def _release_database() -> None:
    """A held request keeps no database connection while it waits: a thousand held polls
    would otherwise hold a thousand connections (PostgreSQL allows 100 by default). The
    rare look that misses the cache opens one again, for that look."""
    if connection.connection is not None and not connection.in_atomic_block:
        connection.close()


def _emergency_etag(identity: DeviceIdentity) -> tuple[datetime.datetime, tuple[int, int], str]:
    """Now, the state of the speaker's emergencies (``emergency_state``, from the cache) and
    the ETag of its emergency list, which changes only with that state."""
    now = timezone.now()
    number, moment = state = emergency_state(identity.commune_id, now)
    return now, state, f'"e{identity.speaker_id}-{number}-{moment}"'


# The held polls of this process wait on it.
EMERGENCY_WATCH = StateWatch(lambda communes: emergency_states_cached(communes, timezone.now()))


@router.get(
    "/device/emergency",
    response={200: EmergenciesOut},
    url_name="broadcast-device-emergency",
    summary=(
        "Emergencies to play at once (poll every few seconds with If-None-Match, or hold the "
        "request with ?wait=)"
    ),
    openapi_extra=_answers({}, NOT_MODIFIED),
)
def emergency(
    request,
    response: HttpResponse,
    wait: Annotated[
        int,
        Query(
            ge=0,
            le=EMERGENCY_WAIT_MAX_SECONDS,
            description=(
                "Seconds to hold the request while nothing changed (with If-None-Match): "
                "answered at once when an emergency comes, 304 when the wait ends."
            ),
        ),
    ] = 0,
):
    identity: DeviceIdentity = request.auth
    sent = request.headers.get("If-None-Match")
    now, state, etag = _emergency_etag(identity)
    if etag_matches(sent, etag) and wait:
        deadline = time.monotonic() + wait
        while etag_matches(sent, etag) and (left := deadline - time.monotonic()) > 0:
            _release_database()
            EMERGENCY_WATCH.wait(identity.commune_id, state, left)
            now, state, etag = _emergency_etag(identity)
    if etag_matches(sent, etag):
        return _not_modified(etag)
    speaker = _speaker(request, state[0])
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    found = []
    for bulletin in speaker_emergencies(speaker, now=now, state=state):
        items = []
        moment = emergency_starts_at(bulletin)
        for version in bulletin.versions:
            items.append(_item(request, bulletin, version, moment, None, True))
            moment += datetime.timedelta(milliseconds=version.duration_ms)
        found.append(
            EmergencyOut(
                bulletin=bulletin.id,
                title=bulletin.title,
                approved_at=bulletin.approved_at,
                starts_at=emergency_starts_at(bulletin),
                valid_until=bulletin.valid_until,
                items=items,
            )
        )
    return EmergenciesOut(emergencies=found)


class AckIn(Schema):
    model_config = ConfigDict(extra="forbid")

    device_time: AwareDatetime | None = Field(None, description="When the device got it.")


class AckOut(Schema):
    bulletin: int
    received_at: datetime.datetime
    first: bool = Field(description="False when this speaker had acknowledged it before.")


@router.post(
    "/device/emergency/{bulletin_id}/ack",
    response=AckOut,
    url_name="broadcast-device-emergency-ack",
    summary="Acknowledge an emergency bulletin on receipt (once; sent again, it changes nothing)",
)
def emergency_acknowledge(
    request, bulletin_id: Annotated[int, PathParam(ge=1, le=ID_MAX)], payload: AckIn
):
    identity: DeviceIdentity = request.auth
    now = timezone.now()
    state = emergency_state(identity.commune_id, now)
    speaker = _speaker(request, state[0])
    # Its list as its poll gave it, from the cache: a thousand speakers acknowledging at once
    # do not each look the bulletin and its targets up.
    reaching = {bulletin.id for bulletin in speaker_emergencies(speaker, now=now, state=state)}
    found = emergency_ack(
        speaker=speaker,
        bulletin_id=bulletin_id,
        device_time=payload.device_time,
        reaching=reaching,
    )
    if found is None:
        raise Http404
    ack, first = found
    return AckOut(bulletin=bulletin_id, received_at=ack.received_at, first=first)

"""What the speakers send: reports of what they played, heartbeats, acknowledgements of
emergencies. Called by the device API with the speaker its token proved.

Reports are idempotent: each carries the identifier the device made for the play, unique per
speaker, so a batch sent again after a lost answer adds nothing. A speaker reports only
versions of bulletins that reach it (and that were approved): any other is refused.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    BulletinVersion,
    EmergencyAck,
    PlayReport,
    Priority,
    Speaker,
    SpeakerStatus,
)
from banso.broadcast.selectors.bulletins import bulletin_ids_reaching

ReportStatus = Literal["created", "already_recorded", "refused"]


@dataclass(frozen=True)
class PlayData:
    client_id: str
    version_id: int
    outcome: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None = None
    scheduled_at: datetime.datetime | None = None
    error: str = ""


@dataclass(frozen=True)
class ReportAnswer:
    client_id: str
    status: ReportStatus
    errors: dict[str, list[str]] = field(default_factory=dict)


def play_reports_record(*, speaker: Speaker, reports: list[PlayData]) -> list[ReportAnswer]:
    """Store the plays (and failures) the speaker reports; answered report by report."""
    known = set(
        PlayReport.objects.filter(
            speaker=speaker, client_id__in=[r.client_id for r in reports]
        ).values_list("client_id", flat=True)
    )
    versions = {
        v.pk: v
        for v in BulletinVersion.objects.filter(
            pk__in={r.version_id for r in reports}, approved_at__isnull=False
        ).only("pk", "bulletin_id")
    }
    reaching = bulletin_ids_reaching(speaker, {v.bulletin_id for v in versions.values()})
    answers: list[ReportAnswer] = []
    rows: list[PlayReport] = []
    seen: set[str] = set()
    for report in reports:
        if report.client_id in known or report.client_id in seen:
            answers.append(ReportAnswer(report.client_id, "already_recorded"))
            continue
        version = versions.get(report.version_id)
        if version is None or version.bulletin_id not in reaching:
            answers.append(
                ReportAnswer(
                    report.client_id,
                    "refused",
                    {"version": [_("No such version is played by this speaker.")]},
                )
            )
            continue
        if report.ended_at is not None and report.ended_at < report.started_at:
            answers.append(
                ReportAnswer(
                    report.client_id,
                    "refused",
                    {"ended_at": [_("A play ends after it starts.")]},
                )
            )
            continue
        seen.add(report.client_id)
        rows.append(
            PlayReport(
                speaker=speaker,
                client_id=report.client_id,
                version_id=version.pk,
                bulletin_id=version.bulletin_id,
                commune_id=speaker.commune_id,
                outcome=report.outcome,
                scheduled_at=report.scheduled_at,
                started_at=report.started_at,
                ended_at=report.ended_at,
                error=report.error[:300],
            )
        )
        answers.append(ReportAnswer(report.client_id, "created"))
    PlayReport.objects.bulk_create(rows, ignore_conflicts=True)
    return answers


@dataclass(frozen=True)
class HeartbeatData:
    clock: datetime.datetime | None = None
    signal_dbm: int | None = None
    power_source: str = ""
    battery_percent: int | None = None
    temperature_c: float | None = None
    firmware: str = ""


def heartbeat_record(*, speaker: Speaker, data: HeartbeatData) -> SpeakerStatus:
    """Keep what the speaker says of itself now, and how far its clock is from ours."""
    now = timezone.now()
    offset = (data.clock - now).total_seconds() if data.clock is not None else None
    status, _created = SpeakerStatus.objects.update_or_create(
        speaker=speaker,
        defaults={
            "heartbeat_at": now,
            "signal_dbm": data.signal_dbm,
            "power_source": data.power_source,
            "battery_percent": data.battery_percent,
            "temperature_c": data.temperature_c,
            "firmware": data.firmware[:60],
            "clock_offset_seconds": offset,
        },
    )
    return status


def emergency_ack(
    *,
    speaker: Speaker,
    bulletin_id: int,
    device_time: datetime.datetime | None = None,
    reaching: Collection[int] = (),
) -> tuple[EmergencyAck, bool] | None:
    """The speaker has the emergency: kept once (the first acknowledgement stays); returns it
    and whether it is new, or None when no approved emergency of that id reaches the
    speaker. ``reaching``: ids of emergencies the caller knows reach the speaker now (its
    current list, from the cache); any other is looked up (one that has just expired)."""
    if bulletin_id not in reaching:
        bulletin = Bulletin.objects.filter(
            pk=bulletin_id,
            priority=Priority.EMERGENCY,
            state__in=(BulletinState.APPROVED, BulletinState.EXPIRED),
        ).first()
        if bulletin is None or not bulletin_ids_reaching(speaker, {bulletin.pk}):
            return None
    try:
        # Straight to the write: a device acknowledges once, and sends again only when it
        # missed the answer.
        with transaction.atomic():
            ack = EmergencyAck.objects.create(
                speaker=speaker, bulletin_id=bulletin_id, device_time=device_time
            )
    except IntegrityError:
        return EmergencyAck.objects.get(speaker=speaker, bulletin_id=bulletin_id), False
    return ack, True

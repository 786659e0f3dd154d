"""Silence alerts: the commune is told when one of its speakers falls silent, once per silence,
and again when the speaker is heard.

The worker runs :func:`speaker_alerts_check` every minute (``apps.ALERT_CHECK_SECONDS``). It
opens an alert (a ``SpeakerAlert``) for each speaker in service that had sent heartbeats and
has sent none for longer than ``selectors.board.SILENT_AFTER``, and closes the open alerts of
speakers heard again (told too) or taken out of service (not told: someone chose it). A speaker
never heard from is not alerted: it is being installed, and the board shows it silent.

At most one alert of a speaker is open (a unique constraint), so two workers checking at the
same time tell the commune once; an alert is closed by a conditional update, so it is told
back once. The messages go, after the commit, to the commune's officers and bulletin editors
(``broadcast.notify``), each in the language they last read the status board in.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from banso.broadcast.models import AlertEnd, AlertLanguage, Speaker, SpeakerAlert
from banso.broadcast.notify import silence_notify
from banso.broadcast.selectors.board import SILENT_AFTER


@dataclass
class AlertCheck:
    """What one check did: the alerts it opened, and those it closed."""

    opened: list[SpeakerAlert] = field(default_factory=list)
    closed: list[SpeakerAlert] = field(default_factory=list)


def speaker_alerts_check(*, now: datetime.datetime | None = None) -> AlertCheck:
    """Open the alerts of speakers newly silent and close those of speakers heard again or
    taken out of service; tell the communes."""
    now = now or timezone.now()
    cutoff = now - SILENT_AFTER
    return AlertCheck(opened=_silences_open(now, cutoff), closed=_silences_close(now, cutoff))


def _by_commune(alerts: list[SpeakerAlert]) -> dict[int, list[SpeakerAlert]]:
    grouped: dict[int, list[SpeakerAlert]] = {}
    for alert in alerts:
        grouped.setdefault(alert.commune_id, []).append(alert)
    return grouped


def _silences_open(now: datetime.datetime, cutoff: datetime.datetime) -> list[SpeakerAlert]:
    silent = (
        Speaker.objects.filter(is_active=True, status__heartbeat_at__lt=cutoff)
        .exclude(pk__in=SpeakerAlert.objects.filter(closed_at__isnull=True).values("speaker_id"))
        .select_related("status", "village", "commune")
        .order_by("commune_id", "name", "pk")
    )
    candidates = [
        SpeakerAlert(
            speaker=speaker,
            commune=speaker.commune,
            silent_since=speaker.status.heartbeat_at,
            opened_at=now,
        )
        for speaker in silent
    ]
    opened: list[SpeakerAlert] = []
    for alerts in _by_commune(candidates).values():
        with transaction.atomic():
            created = [alert for alert in alerts if _alert_create(alert)]
            if created:
                silence_notify(alerts=created, heard=False)
        opened.extend(created)
    return opened


def _alert_create(alert: SpeakerAlert) -> bool:
    """Store the alert unless another check has just opened one for the speaker."""
    try:
        with transaction.atomic():
            alert.full_clean()
            alert.save()
    except (ValidationError, IntegrityError):
        return False
    return True


def _silences_close(now: datetime.datetime, cutoff: datetime.datetime) -> list[SpeakerAlert]:
    open_alerts = SpeakerAlert.objects.filter(closed_at__isnull=True).select_related(
        "speaker__status", "speaker__village", "commune"
    )
    ending: list[SpeakerAlert] = []
    for alert in open_alerts:
        speaker = alert.speaker
        status = getattr(speaker, "status", None)
        if not speaker.is_active:
            alert.closed_because = AlertEnd.OUT_OF_SERVICE
        elif (
            status is not None
            and cutoff <= status.heartbeat_at
            and (status.heartbeat_at > alert.silent_since)
        ):
            alert.closed_because = AlertEnd.HEARD
        else:
            continue
        alert.closed_at = now
        ending.append(alert)
    closed: list[SpeakerAlert] = []
    for alerts in _by_commune(ending).values():
        with transaction.atomic():
            done = [
                alert
                for alert in alerts
                if SpeakerAlert.objects.filter(pk=alert.pk, closed_at__isnull=True).update(
                    closed_at=alert.closed_at, closed_because=alert.closed_because
                )
            ]
            heard = [alert for alert in done if alert.closed_because == AlertEnd.HEARD]
            if heard:
                silence_notify(alerts=heard, heard=True)
        closed.extend(done)
    return closed


def alert_language_remember(*, user, language: str) -> None:
    """Keep the language ``user`` reads the status board in, for the alerts (written only when
    it changes, so the board's refresh every minute costs one read)."""
    if language not in dict(settings.LANGUAGES) or not getattr(user, "pk", None):
        return
    if AlertLanguage.objects.filter(user=user, language=language).exists():
        return
    AlertLanguage.objects.update_or_create(user=user, defaults={"language": language})

"""What a commune's public boards show: the approved bulletins that reach the commune and
whose validity has not ended, emergencies first, each with when it plays on the loudspeakers
today and tomorrow (from ``selectors.playlist``, the rules the speakers follow). Public:
nothing here depends on who asks, and nothing but approved bulletins of the commune is read.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    BulletinVersion,
    Priority,
    VersionStatus,
)
from banso.broadcast.selectors.playlist import LOCAL, _reach_commune_q, commune_calendar
from banso.places.models import AdministrativeUnit

# The most bulletins a board or a feed lists (newest first); and how far ahead a board looks
# for bulletins whose validity starts later.
PUBLIC_BULLETINS_LIMIT = 30
UPCOMING_DAYS = 7


def public_bulletins(commune: AdministrativeUnit, *, now: datetime.datetime) -> QuerySet[Bulletin]:
    """The approved bulletins that reach ``commune`` (its whole province, the commune, one of
    its villages or groups) and are valid at ``now`` or later, newest approval first."""
    return (
        Bulletin.objects.filter(
            _reach_commune_q(commune), state=BulletinState.APPROVED, valid_until__gt=now
        )
        .select_related("source_unit")
        .order_by("-decided_at", "-pk")
    )


def first_playable_versions(bulletin_ids: list[int]) -> dict[int, BulletinVersion]:
    """Each bulletin's first approved audio version in play order (one query)."""
    first: dict[int, BulletinVersion] = {}
    for version in BulletinVersion.objects.filter(
        bulletin_id__in=bulletin_ids,
        status=VersionStatus.READY,
        approved_at__isnull=False,
        removed_at__isnull=True,
    ).order_by("position", "pk"):
        first.setdefault(version.bulletin_id, version)
    return first


@dataclass(frozen=True)
class KioskBulletin:
    bulletin: Bulletin
    audio: BulletinVersion | None
    plays: tuple[datetime.datetime, ...]  # its next plays on the loudspeakers, today and tomorrow
    at_once: datetime.datetime | None  # an emergency: when it played at once
    is_current: bool  # valid now (else its validity starts later)

    @property
    def next_play(self) -> datetime.datetime | None:
        return self.plays[0] if self.plays else None


@dataclass(frozen=True)
class Kiosk:
    commune: AdministrativeUnit
    now: datetime.datetime
    today: datetime.date
    emergencies: list[KioskBulletin]
    bulletins: list[KioskBulletin]


def commune_kiosk(commune: AdministrativeUnit, *, now: datetime.datetime | None = None) -> Kiosk:
    """The commune's board at ``now``: emergencies (newest first), then the others by their
    next play (priority ones first among equals, those with no play left today or tomorrow
    last)."""
    now = now or timezone.now()
    today = now.astimezone(LOCAL).date()
    plays: dict[int, list[datetime.datetime]] = {}
    for day in commune_calendar(commune, today, 2):
        for occurrence in day.occurrences:
            for entry in occurrence.entries:
                if entry.starts_at >= now:
                    plays.setdefault(entry.bulletin.id, []).append(entry.starts_at)
    horizon = now + datetime.timedelta(days=UPCOMING_DAYS)
    bulletins = list(
        public_bulletins(commune, now=now).filter(valid_from__lt=horizon)[:PUBLIC_BULLETINS_LIMIT]
    )
    audio = first_playable_versions([bulletin.pk for bulletin in bulletins])
    emergencies: list[KioskBulletin] = []
    others: list[KioskBulletin] = []
    for bulletin in bulletins:
        is_emergency = bulletin.priority == Priority.EMERGENCY
        item = KioskBulletin(
            bulletin=bulletin,
            audio=audio.get(bulletin.pk),
            plays=tuple(sorted(plays.get(bulletin.pk, ()))),
            at_once=(
                max(bulletin.decided_at or bulletin.valid_from, bulletin.valid_from)
                if is_emergency
                else None
            ),
            is_current=bulletin.valid_from <= now,
        )
        (emergencies if is_emergency else others).append(item)
    far = now + datetime.timedelta(days=365)
    others.sort(
        key=lambda item: (
            item.next_play or far,
            item.bulletin.priority != Priority.PRIORITY,
            item.bulletin.valid_from,
            item.bulletin.pk,
        )
    )
    return Kiosk(commune, now, today, emergencies, others)

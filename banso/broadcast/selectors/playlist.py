"""What each speaker plays, and when: the one place where the schedule rules are computed, for
the devices' playlists, the communes' calendars and the checks of the placements alike.

The rules:

- A commune's programme has daily slots (local time, Asia/Ho_Chi_Minh). At each occurrence of
  a slot, a speaker plays one bulletin after another from the slot's start: first the
  emergency, then the priority bulletins that reach it (earliest approved first), then the
  normal bulletins the commune placed in the slot, in the commune's order. A bulletin plays
  at an occurrence when it is approved and valid at the occurrence's start and has approved
  audio; its versions play one after the other in their order: the commune's
  (``CommuneVersionOrder``) where it set one for a province bulletin, the bulletin's otherwise.
- Nothing overlaps on a speaker: each bulletin starts after the one before it ends
  (``BULLETIN_GAP_MS`` between bulletins, ``VERSION_GAP_MS`` between versions). A slot has a
  length: a bulletin that would not end within it is left out of that occurrence (the
  calendar shows it; placing a normal bulletin where it cannot fit is refused by
  ``services.schedule``).
- An emergency plays at once: besides its place at the head of the slots, it is an item of
  its own at the moment it was approved (or its validity starts, if later), marked
  ``pre_empt``, and the device's emergency poll hands it over within seconds.

Speakers with the same village and groups (an ``Audience``) hear the same thing, so the
calendar and the checks lay out each audience once. What a commune plays over a window is
read in a few queries (``commune_plan``) and kept in the cache under the commune's schedule
number, so the speakers of one commune share it.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    BulletinVersion,
    CommuneVersionOrder,
    Priority,
    ProgrammeSlot,
    SlotPlacement,
    Speaker,
    VersionStatus,
)
from banso.broadcast.selectors.commune_orders import version_ids_in_order
from banso.broadcast.selectors.freshness import schedule_version
from banso.places.models import AdministrativeUnit

LOCAL = ZoneInfo(settings.TIME_ZONE)
VERSION_GAP_MS = 1000
BULLETIN_GAP_MS = 3000
# A playlist covers the next 24 hours whenever it is fetched: from the start of the current
# hour, 25 hours (so that an unchanged poll within the hour keeps its ETag).
PLAYLIST_HOURS = 25
PLAN_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class PlanVersion:
    id: int
    language: str
    duration_ms: int
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class Audience:
    """What decides which bulletins reach a speaker. ``everyone``: a stand-in for a commune
    with no speakers yet, reached by whatever reaches any part of the commune."""

    commune_id: int
    village_id: int | None = None
    group_ids: frozenset[int] = frozenset()
    everyone: bool = False


@dataclass(frozen=True)
class PlanBulletin:
    id: int
    title: str
    priority: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    approved_at: datetime.datetime
    province_wide: bool
    commune_ids: frozenset[int]
    village_ids: frozenset[int]
    group_ids: frozenset[int]
    versions: tuple[PlanVersion, ...]

    @property
    def duration_ms(self) -> int:
        if not self.versions:
            return 0
        spoken = sum(version.duration_ms for version in self.versions)
        return spoken + VERSION_GAP_MS * (len(self.versions) - 1)

    def valid_at(self, moment: datetime.datetime) -> bool:
        return self.valid_from <= moment < self.valid_until

    def reaches(self, audience: Audience) -> bool:
        return (
            audience.everyone
            or self.province_wide
            or audience.commune_id in self.commune_ids
            or (audience.village_id is not None and audience.village_id in self.village_ids)
            or bool(audience.group_ids & self.group_ids)
        )


@dataclass(frozen=True)
class PlanSlot:
    id: int
    name: str
    start_minute: int
    length_minutes: int
    weekdays: int

    def runs_on(self, weekday: int) -> bool:
        return bool(self.weekdays & (1 << weekday))

    @property
    def length_ms(self) -> int:
        return self.length_minutes * 60_000


@dataclass(frozen=True)
class CommunePlan:
    """What may play in a commune over a window: its slots, the approved bulletins valid in
    the window that reach any part of it, and its placements (slot → bulletin ids)."""

    commune_id: int
    start: datetime.datetime
    end: datetime.datetime
    slots: tuple[PlanSlot, ...]
    bulletins: dict[int, PlanBulletin]
    placements: dict[int, tuple[int, ...]]


@dataclass(frozen=True)
class Placed:
    bulletin: PlanBulletin
    starts_at: datetime.datetime


@dataclass(frozen=True)
class Occurrence:
    slot: PlanSlot
    starts_at: datetime.datetime
    played: tuple[Placed, ...]
    left_out: tuple[PlanBulletin, ...]

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.slot.length_minutes)


@dataclass(frozen=True)
class PlaylistItem:
    starts_at: datetime.datetime
    bulletin: PlanBulletin
    version: PlanVersion
    slot_id: int | None
    pre_empt: bool


@dataclass(frozen=True)
class Playlist:
    speaker_id: int
    start: datetime.datetime
    end: datetime.datetime
    items: tuple[PlaylistItem, ...] = field(default=())


# Reading ------------------------------------------------------------------------------------


def _reach_commune_q(commune: AdministrativeUnit) -> Q:
    """Bulletins that reach any part of ``commune``."""
    through = Bulletin.target_communes.through.objects.filter(administrativeunit_id=commune.pk)
    villages = Bulletin.target_villages.through.objects.filter(village__commune_id=commune.pk)
    groups = Bulletin.target_groups.through.objects.filter(speakergroup__commune_id=commune.pk)
    return (
        Q(is_province_wide=True, province_id=commune.parent_id)
        | Q(pk__in=through.values("bulletin_id"))
        | Q(pk__in=villages.values("bulletin_id"))
        | Q(pk__in=groups.values("bulletin_id"))
    )


def _bulletins_reaching(commune: AdministrativeUnit, extra: Q) -> dict[int, PlanBulletin]:
    """The approved bulletins matching ``extra`` that reach ``commune``, with their targets
    in the commune and their approved audio in order."""
    rows = list(
        Bulletin.objects.filter(_reach_commune_q(commune), extra, state=BulletinState.APPROVED)
        .values_list(
            "pk",
            "title",
            "priority",
            "valid_from",
            "valid_until",
            "decided_at",
            "is_province_wide",
        )
        .order_by("pk")
    )
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    communes: dict[int, set[int]] = {}
    for bulletin_id, unit_id in Bulletin.target_communes.through.objects.filter(
        bulletin_id__in=ids, administrativeunit_id=commune.pk
    ).values_list("bulletin_id", "administrativeunit_id"):
        communes.setdefault(bulletin_id, set()).add(unit_id)
    villages: dict[int, set[int]] = {}
    for bulletin_id, village_id in Bulletin.target_villages.through.objects.filter(
        bulletin_id__in=ids, village__commune_id=commune.pk
    ).values_list("bulletin_id", "village_id"):
        villages.setdefault(bulletin_id, set()).add(village_id)
    groups: dict[int, set[int]] = {}
    for bulletin_id, group_id in Bulletin.target_groups.through.objects.filter(
        bulletin_id__in=ids, speakergroup__commune_id=commune.pk
    ).values_list("bulletin_id", "speakergroup_id"):
        groups.setdefault(bulletin_id, set()).add(group_id)
    versions: dict[int, list[PlanVersion]] = {}
    for row in (
        BulletinVersion.objects.filter(
            bulletin_id__in=ids,
            status=VersionStatus.READY,
            approved_at__isnull=False,
            removed_at__isnull=True,
        )
        .order_by("position", "pk")
        .values_list("bulletin_id", "pk", "language", "duration_ms", "sha256", "size_bytes")
    ):
        versions.setdefault(row[0], []).append(PlanVersion(*row[1:]))
    # A commune's own order of a province bulletin's versions, where it set one.
    for bulletin_id, order in CommuneVersionOrder.objects.filter(
        bulletin_id__in=list(versions), commune_id=commune.pk
    ).values_list("bulletin_id", "version_ids"):
        by_id = {version.id: version for version in versions[bulletin_id]}
        versions[bulletin_id] = [by_id[pk] for pk in version_ids_in_order(list(by_id), order)]
    return {
        pk: PlanBulletin(
            id=pk,
            title=title,
            priority=priority,
            valid_from=valid_from,
            valid_until=valid_until,
            approved_at=decided_at or valid_from,
            province_wide=province_wide,
            commune_ids=frozenset(communes.get(pk, ())),
            village_ids=frozenset(villages.get(pk, ())),
            group_ids=frozenset(groups.get(pk, ())),
            versions=tuple(versions.get(pk, ())),
        )
        for pk, title, priority, valid_from, valid_until, decided_at, province_wide in rows
    }


def commune_plan_load(
    commune: AdministrativeUnit, start: datetime.datetime, end: datetime.datetime
) -> CommunePlan:
    slots = tuple(
        PlanSlot(
            id=slot.pk,
            name=slot.name,
            start_minute=slot.start_minute,
            length_minutes=slot.length_minutes,
            weekdays=slot.weekdays,
        )
        for slot in ProgrammeSlot.objects.filter(
            programme__commune=commune, programme__is_active=True
        ).order_by("starts_at", "pk")
    )
    placements: dict[int, list[int]] = {}
    for slot_id, bulletin_id in (
        SlotPlacement.objects.filter(slot__programme__commune=commune)
        .order_by("slot", "position", "pk")
        .values_list("slot_id", "bulletin_id")
    ):
        placements.setdefault(slot_id, []).append(bulletin_id)
    return CommunePlan(
        commune_id=commune.pk,
        start=start,
        end=end,
        slots=slots,
        bulletins=_bulletins_reaching(commune, Q(valid_from__lt=end, valid_until__gt=start)),
        placements={slot: tuple(ids) for slot, ids in placements.items()},
    )


def commune_plan(
    commune: AdministrativeUnit, start: datetime.datetime, end: datetime.datetime
) -> CommunePlan:
    """:func:`commune_plan_load`, kept in the cache until the commune's schedule changes."""
    number = schedule_version(commune.pk)
    key = f"broadcast:plan:{commune.pk}:{number}:{int(start.timestamp())}:{int(end.timestamp())}"
    plan = cache.get(key)
    if plan is None:
        plan = commune_plan_load(commune, start, end)
        cache.set(key, plan, PLAN_CACHE_SECONDS)
    return plan


# Laying out ---------------------------------------------------------------------------------


def slot_starts(
    slot: PlanSlot, start: datetime.datetime, end: datetime.datetime
) -> list[datetime.datetime]:
    """The moments ``slot`` starts in [start, end)."""
    day = start.astimezone(LOCAL).date()
    last = end.astimezone(LOCAL).date()
    moments = []
    while day <= last:
        if slot.runs_on(day.weekday()):
            moment = datetime.datetime.combine(
                day,
                datetime.time(slot.start_minute // 60, slot.start_minute % 60),
                tzinfo=LOCAL,
            )
            if start <= moment < end:
                moments.append(moment)
        day += datetime.timedelta(days=1)
    return moments


def _first_order(bulletin: PlanBulletin) -> tuple:
    return (bulletin.priority != Priority.EMERGENCY, bulletin.approved_at, bulletin.id)


def occurrence_layout(
    plan: CommunePlan,
    slot: PlanSlot,
    starts_at: datetime.datetime,
    audience: Audience,
    *,
    also_placed: tuple[int, ...] = (),
) -> Occurrence:
    """What ``audience`` hears at the occurrence of ``slot`` starting at ``starts_at`` (with
    ``also_placed``, normal bulletins placed after the slot's own, for a check)."""

    def plays(bulletin: PlanBulletin) -> bool:
        return (
            bool(bulletin.versions) and bulletin.valid_at(starts_at) and bulletin.reaches(audience)
        )

    first = sorted(
        (b for b in plan.bulletins.values() if b.priority != Priority.NORMAL and plays(b)),
        key=_first_order,
    )
    normal_ids = dict.fromkeys((*plan.placements.get(slot.id, ()), *also_placed))
    normals = [
        plan.bulletins[pk]
        for pk in normal_ids
        if pk in plan.bulletins
        and plan.bulletins[pk].priority == Priority.NORMAL
        and plays(plan.bulletins[pk])
    ]
    played: list[Placed] = []
    left_out: list[PlanBulletin] = []
    offset = 0
    for bulletin in [*first, *normals]:
        if offset + bulletin.duration_ms <= slot.length_ms:
            played.append(Placed(bulletin, starts_at + datetime.timedelta(milliseconds=offset)))
            offset += bulletin.duration_ms + BULLETIN_GAP_MS
        else:
            left_out.append(bulletin)
    return Occurrence(
        slot=slot, starts_at=starts_at, played=tuple(played), left_out=tuple(left_out)
    )


def emergency_starts_at(bulletin: PlanBulletin) -> datetime.datetime:
    """When an emergency plays at once: on approval, or when its validity starts if later."""
    return max(bulletin.approved_at, bulletin.valid_from)


def _items(placed: Placed, slot_id: int | None, pre_empt: bool) -> list[PlaylistItem]:
    items = []
    moment = placed.starts_at
    for version in placed.bulletin.versions:
        items.append(
            PlaylistItem(
                starts_at=moment,
                bulletin=placed.bulletin,
                version=version,
                slot_id=slot_id,
                pre_empt=pre_empt,
            )
        )
        moment += datetime.timedelta(milliseconds=version.duration_ms + VERSION_GAP_MS)
    return items


def playlist_window(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    start = now.replace(minute=0, second=0, microsecond=0)
    return start, start + datetime.timedelta(hours=PLAYLIST_HOURS)


def speaker_playlist(speaker: Speaker, *, now: datetime.datetime) -> Playlist:
    """The speaker's playlist for the window of ``now`` (:func:`playlist_window`): absolute
    start times of each audio version, in order. ``speaker`` carries ``group_ids``
    (``selectors.speakers.speaker_audience``)."""
    start, end = playlist_window(now)
    plan = commune_plan(speaker.commune, start, end)
    audience = Audience(
        commune_id=speaker.commune_id,
        village_id=speaker.village_id,
        group_ids=getattr(speaker, "group_ids", frozenset()),
    )
    items: list[PlaylistItem] = []
    for slot in plan.slots:
        for moment in slot_starts(slot, start, end):
            occurrence = occurrence_layout(plan, slot, moment, audience)
            for placed in occurrence.played:
                items += _items(placed, slot.id, pre_empt=False)
    for bulletin in plan.bulletins.values():
        if bulletin.priority != Priority.EMERGENCY or not bulletin.versions:
            continue
        moment = emergency_starts_at(bulletin)
        if start <= moment < end and bulletin.valid_at(moment) and bulletin.reaches(audience):
            items += _items(Placed(bulletin, moment), None, pre_empt=True)
    items.sort(key=lambda item: (item.starts_at, not item.pre_empt))
    return Playlist(speaker_id=speaker.pk, start=start, end=end, items=tuple(items))


# A commune's emergencies kept in the cache under its emergency state (see
# ``freshness.emergency_state``): the state changes with every write to them and at every
# moment one's validity begins or ends, so a kept list is never read in another state.
EMERGENCIES_CACHE_SECONDS = 3600


def commune_emergencies(
    commune: AdministrativeUnit, *, now: datetime.datetime, state: tuple[int, int] | None = None
) -> dict[int, PlanBulletin]:
    """The approved emergencies valid at ``now`` that reach ``commune``. Given the commune's
    emergency ``state`` at ``now``, they are kept in the cache under it: after a change, the
    commune's speakers, each asking for its list at once, share one read."""
    extra = Q(priority=Priority.EMERGENCY, valid_from__lte=now, valid_until__gt=now)
    if state is None:
        return _bulletins_reaching(commune, extra)
    key = f"broadcast:emergencies:{commune.pk}:{state[0]}:{state[1]}"
    found = cache.get(key)
    if found is None:
        found = _bulletins_reaching(commune, extra)
        cache.set(key, found, EMERGENCIES_CACHE_SECONDS)
    return found


def speaker_emergencies(
    speaker: Speaker, *, now: datetime.datetime, state: tuple[int, int] | None = None
) -> list[PlanBulletin]:
    """The approved emergencies valid at ``now`` that reach the speaker, earliest first
    (``state``: see :func:`commune_emergencies`)."""
    audience = Audience(
        commune_id=speaker.commune_id,
        village_id=speaker.village_id,
        group_ids=getattr(speaker, "group_ids", frozenset()),
    )
    found = commune_emergencies(speaker.commune, now=now, state=state)
    return sorted(
        (b for b in found.values() if b.versions and b.reaches(audience)),
        key=lambda b: (b.approved_at, b.id),
    )


# The commune's calendar and the checks ----------------------------------------------------


def commune_audiences(commune: AdministrativeUnit) -> Counter[Audience]:
    """The commune's active speakers grouped by what reaches them: audience → how many."""
    groups: dict[int, set[int]] = {}
    for speaker_id, group_id in Speaker.groups.through.objects.filter(
        speaker__commune=commune, speaker__is_active=True
    ).values_list("speaker_id", "speakergroup_id"):
        groups.setdefault(speaker_id, set()).add(group_id)
    audiences: Counter[Audience] = Counter()
    for speaker_id, village_id in Speaker.objects.filter(
        commune=commune, is_active=True
    ).values_list("pk", "village_id"):
        audiences[
            Audience(
                commune_id=commune.pk,
                village_id=village_id,
                group_ids=frozenset(groups.get(speaker_id, ())),
            )
        ] += 1
    return audiences


@dataclass(frozen=True)
class CalendarEntry:
    bulletin: PlanBulletin
    starts_at: datetime.datetime  # the earliest start among the speakers that play it
    speakers: int
    left_out: int


@dataclass(frozen=True)
class CalendarOccurrence:
    slot: PlanSlot
    starts_at: datetime.datetime
    entries: tuple[CalendarEntry, ...]
    left_out: tuple[CalendarEntry, ...]  # left out for every speaker it reaches


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    occurrences: tuple[CalendarOccurrence, ...]
    emergencies: tuple[PlanBulletin, ...]


def commune_calendar(commune: AdministrativeUnit, first_day: datetime.date, days: int = 7):
    """The commune's programme day by day: at each slot occurrence, the bulletins in the order
    they play, with how many speakers play each and how many leave it out for want of room."""
    start = datetime.datetime.combine(first_day, datetime.time(), tzinfo=LOCAL)
    end = start + datetime.timedelta(days=days)
    plan = commune_plan_load(commune, start, end)
    audiences = commune_audiences(commune) or Counter({Audience(commune.pk, everyone=True): 0})
    calendar = []
    for offset in range(days):
        day = first_day + datetime.timedelta(days=offset)
        day_start = datetime.datetime.combine(day, datetime.time(), tzinfo=LOCAL)
        day_end = day_start + datetime.timedelta(days=1)
        occurrences = []
        for slot in plan.slots:
            for moment in slot_starts(slot, day_start, day_end):
                occurrences.append(_calendar_occurrence(plan, slot, moment, audiences))
        occurrences.sort(key=lambda occurrence: occurrence.starts_at)
        emergencies = tuple(
            b
            for b in plan.bulletins.values()
            if b.priority == Priority.EMERGENCY
            and b.versions
            and day_start <= emergency_starts_at(b) < day_end
        )
        calendar.append(CalendarDay(day, tuple(occurrences), emergencies))
    return calendar


def _calendar_occurrence(
    plan: CommunePlan, slot: PlanSlot, moment: datetime.datetime, audiences: Counter[Audience]
) -> CalendarOccurrence:
    starts: dict[int, datetime.datetime] = {}
    playing: Counter[int] = Counter()
    missing: Counter[int] = Counter()
    bulletins: dict[int, PlanBulletin] = {}
    for audience, count in audiences.items():
        occurrence = occurrence_layout(plan, slot, moment, audience)
        for placed in occurrence.played:
            bulletins[placed.bulletin.id] = placed.bulletin
            playing[placed.bulletin.id] += count
            starts[placed.bulletin.id] = min(
                placed.starts_at, starts.get(placed.bulletin.id, placed.starts_at)
            )
        for bulletin in occurrence.left_out:
            bulletins[bulletin.id] = bulletin
            missing[bulletin.id] += count
    entries = sorted(
        (CalendarEntry(bulletins[pk], starts[pk], playing[pk], missing[pk]) for pk in starts),
        key=lambda entry: (entry.starts_at, entry.bulletin.id),
    )
    left = tuple(
        CalendarEntry(bulletins[pk], moment, 0, missing[pk]) for pk in missing if pk not in starts
    )
    return CalendarOccurrence(slot, moment, tuple(entries), left)

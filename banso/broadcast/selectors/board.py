"""The status board: what state each speaker is in, by village and by commune, from what the
speakers report (heartbeats and plays) and nothing else.

The rules (one place, :func:`speaker_state`; the pages and the silence alerts read them):

- **out of service**: taken out of service on its page (whatever it says);
- **silent**: no heartbeat for longer than ``SILENT_AFTER`` (15 minutes: three heartbeats missed
  at the 5 minutes a device is asked to keep), or never one. The heartbeat is the signal: the
  playlist polls are answered from the cache and leave no row, by design, and a play report
  comes only after a play;
- **faulty**: heard within the threshold, but saying something is wrong: its last play report
  of the last ``FAILURE_WINDOW`` (24 hours) is a failure (a later play clears it), its battery
  is below ``LOW_BATTERY_PERCENT`` (20 %) while it runs on battery or solar power, or it is
  hotter than ``HOT_CELSIUS`` (70 °C);
- **online**: heard within the threshold, nothing wrong.

At the thresholds the speaker is given the benefit: a heartbeat exactly 15 minutes old is still
online, a battery at exactly 20 % is not low, 70 °C is not too hot.

Every read here is a fixed number of queries whatever the number of speakers: the last play
and the last failure of each speaker come from subqueries (on the index of reports by speaker,
outcome and time), then one query fetches those reports with their bulletins.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.accounts.models import PlaceRole, User
from banso.broadcast.models import (
    AlertLanguage,
    PlayOutcome,
    PlayReport,
    PowerSource,
    Speaker,
    SpeakerAlert,
    SpeakerStatus,
)
from banso.broadcast.selectors.speakers import communes_for_broadcast
from banso.places.models import AdministrativeUnit, Village

SILENT_AFTER = datetime.timedelta(minutes=15)
FAILURE_WINDOW = datetime.timedelta(hours=24)
LOW_BATTERY_PERCENT = 20
HOT_CELSIUS = 70.0
BATTERY_POWERED = (PowerSource.BATTERY, PowerSource.SOLAR)

ONLINE = "online"
FAULTY = "faulty"
SILENT = "silent"
OUT_OF_SERVICE = "out_of_service"
# In the order the board counts them.
STATES = (ONLINE, FAULTY, SILENT, OUT_OF_SERVICE)
STATE_LABELS = {
    ONLINE: pgettext_lazy("speaker state", "Online"),
    FAULTY: pgettext_lazy("speaker state", "Faulty"),
    SILENT: pgettext_lazy("speaker state", "Silent"),
    OUT_OF_SERVICE: pgettext_lazy("speaker state", "Out of service"),
}


@dataclass(frozen=True)
class SpeakerState:
    state: str
    reasons: tuple[Promise | str, ...] = ()

    @property
    def label(self) -> Promise:
        return STATE_LABELS[self.state]


def speaker_state(
    *,
    is_active: bool,
    status: SpeakerStatus | None,
    last_played: PlayReport | None,
    last_failure: PlayReport | None,
    now: datetime.datetime,
) -> SpeakerState:
    """The state of a speaker from what it last said (see the module's rules)."""
    if not is_active:
        return SpeakerState(OUT_OF_SERVICE)
    if status is None:
        return SpeakerState(SILENT, (_("never heard from"),))
    if now - status.heartbeat_at > SILENT_AFTER:
        return SpeakerState(SILENT)
    reasons: list[Promise | str] = []
    if (
        last_failure is not None
        and now - last_failure.started_at <= FAILURE_WINDOW
        and (last_played is None or last_played.started_at < last_failure.started_at)
    ):
        reasons.append(_("its last play failed"))
    if (
        status.power_source in BATTERY_POWERED
        and status.battery_percent is not None
        and status.battery_percent < LOW_BATTERY_PERCENT
    ):
        reasons.append(_("battery low (%(percent)s %%)") % {"percent": status.battery_percent})
    if status.temperature_c is not None and status.temperature_c > HOT_CELSIUS:
        reasons.append(_("too hot (%(degrees).0f °C)") % {"degrees": status.temperature_c})
    if reasons:
        return SpeakerState(FAULTY, tuple(reasons))
    return SpeakerState(ONLINE)


@dataclass
class BoardRow:
    """A speaker on the board: its state, last heartbeat, last play and last failure, and its
    open alert when it has one."""

    speaker: Speaker
    state: SpeakerState
    last_played: PlayReport | None
    last_failure: PlayReport | None
    alert: SpeakerAlert | None = None

    now: datetime.datetime | None = None

    @property
    def last_heartbeat_at(self) -> datetime.datetime | None:
        status = _status_of(self.speaker)
        return status.heartbeat_at if status is not None else None

    @property
    def heard_ago(self) -> tuple[str, int] | None:
        """How long ago the last heartbeat came, in the unit a person reads it in: minutes
        under two hours, hours under two days, else days."""
        heard = self.last_heartbeat_at
        if heard is None or self.now is None:
            return None
        minutes = max(0, int((self.now - heard).total_seconds() // 60))
        if minutes < 120:
            return "minutes", minutes
        if minutes < 48 * 60:
            return "hours", minutes // 60
        return "days", minutes // (24 * 60)


@dataclass
class VillageBoard:
    village: Village | None
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, Promise, int]]:
        return state_counts([row.state.state for row in self.rows])


@dataclass
class CommuneBoard:
    commune: AdministrativeUnit
    villages: list[VillageBoard]
    alerts: list[SpeakerAlert]
    now: datetime.datetime

    @property
    def rows(self) -> list[BoardRow]:
        return [row for village in self.villages for row in village.rows]

    @property
    def counts(self) -> list[tuple[str, Promise, int]]:
        return state_counts([row.state.state for row in self.rows])


def state_counts(states: list[str]) -> list[tuple[str, Promise, int]]:
    """(state, label, count) of each state, in the board's order, zeros included."""
    counted = Counter(states)
    return [(state, STATE_LABELS[state], counted[state]) for state in STATES]


def _status_of(speaker: Speaker) -> SpeakerStatus | None:
    try:
        return speaker.status
    except SpeakerStatus.DoesNotExist:
        return None


def _last_report(outcome: str) -> Subquery:
    return Subquery(
        PlayReport.objects.filter(speaker=OuterRef("pk"), outcome=outcome)
        .order_by("-started_at", "-pk")
        .values("pk")[:1]
    )


def board_rows(speakers: QuerySet[Speaker], *, now: datetime.datetime) -> list[BoardRow]:
    """Each speaker of ``speakers`` with its state (two queries, whatever their number)."""
    speakers = (
        speakers.select_related("status", "village")
        .annotate(
            last_played_id=_last_report(PlayOutcome.PLAYED),
            last_failure_id=_last_report(PlayOutcome.FAILED),
        )
        .order_by("name", "pk")
    )
    listed = list(speakers)
    report_ids = {
        pk
        for speaker in listed
        for pk in (speaker.last_played_id, speaker.last_failure_id)  # type: ignore[attr-defined]
        if pk is not None
    }
    reports = (
        {
            report.pk: report
            for report in PlayReport.objects.filter(pk__in=report_ids)
            .select_related("bulletin")
            .only(
                "pk",
                "started_at",
                "outcome",
                "error",
                "bulletin_id",
                "bulletin__title",
                "bulletin__priority",
            )
        }
        if report_ids
        else {}
    )
    rows = []
    for speaker in listed:
        last_played = reports.get(speaker.last_played_id)  # type: ignore[attr-defined]
        last_failure = reports.get(speaker.last_failure_id)  # type: ignore[attr-defined]
        state = speaker_state(
            is_active=speaker.is_active,
            status=_status_of(speaker),
            last_played=last_played,
            last_failure=last_failure,
            now=now,
        )
        rows.append(BoardRow(speaker, state, last_played, last_failure, now=now))
    return rows


def commune_board(
    commune: AdministrativeUnit, *, now: datetime.datetime | None = None
) -> CommuneBoard:
    """A commune's speakers by village (villages by name, those outside any village first),
    with its open alerts. The caller has checked the person may see the commune
    (:func:`communes_for_broadcast`)."""
    now = now or timezone.now()
    rows = board_rows(Speaker.objects.filter(commune=commune), now=now)
    alerts = list(
        SpeakerAlert.objects.filter(commune=commune, closed_at__isnull=True)
        .select_related("speaker")
        .order_by("silent_since", "pk")
    )
    by_speaker = {alert.speaker_id: alert for alert in alerts}
    villages: dict[int | None, VillageBoard] = {}
    for row in rows:
        row.alert = by_speaker.get(row.speaker.pk)
        village = row.speaker.village
        key = village.pk if village is not None else None
        villages.setdefault(key, VillageBoard(village)).rows.append(row)
    ordered = sorted(
        villages.values(),
        key=lambda board: (board.village is not None, board.village and board.village.name_sort),
    )
    return CommuneBoard(commune=commune, villages=ordered, alerts=alerts, now=now)


@dataclass
class CommuneCounts:
    commune: AdministrativeUnit
    counts: list[tuple[str, Promise, int]]
    open_alerts: int

    @property
    def speakers(self) -> int:
        return sum(count for _state, _label, count in self.counts)

    def count(self, state: str) -> int:
        return next(count for found, _label, count in self.counts if found == state)


@dataclass
class ProvinceBoard:
    communes: list[CommuneCounts]
    without_speakers: int
    now: datetime.datetime

    @property
    def counts(self) -> list[tuple[str, Promise, int]]:
        totals: Counter[str] = Counter()
        for commune in self.communes:
            for state, _label, count in commune.counts:
                totals[state] += count
        return [(state, STATE_LABELS[state], totals[state]) for state in STATES]


def province_board(user, *, now: datetime.datetime | None = None) -> ProvinceBoard:
    """The communes the person runs that have speakers, each with its counts by state and its
    open alerts; those with the most trouble (silent, then faulty) first."""
    now = now or timezone.now()
    communes = communes_for_broadcast(user)
    rows = board_rows(Speaker.objects.filter(commune__in=communes), now=now)
    states: dict[int, list[str]] = {}
    for row in rows:
        states.setdefault(row.speaker.commune_id, []).append(row.state.state)
    open_alerts = Counter(
        SpeakerAlert.objects.filter(commune__in=list(states), closed_at__isnull=True).values_list(
            "commune_id", flat=True
        )
    )
    listed = [
        CommuneCounts(unit, state_counts(states[unit.pk]), open_alerts[unit.pk])
        for unit in AdministrativeUnit.objects.filter(pk__in=list(states))
    ]
    listed.sort(key=lambda item: (-item.count(SILENT), -item.count(FAULTY), item.commune.name_sort))
    return ProvinceBoard(communes=listed, without_speakers=communes.count() - len(states), now=now)


# Who is told of a commune's silent speakers: its officers and its bulletin editors.
ALERTED_ROLES = (PlaceRole.COMMUNE_OFFICER, PlaceRole.BROADCAST_EDITOR)


def alert_readers(commune_id: int) -> list[tuple[User, str]]:
    """The active people holding an alerted role on the commune itself (a province's grant is
    not told of each commune's speakers), each with the language of their alerts."""
    readers = list(
        User.objects.filter(
            is_active=True,
            role_grants__unit_id=commune_id,
            role_grants__role__in=ALERTED_ROLES,
        )
        .distinct()
        .order_by("pk")
    )
    languages = dict(
        AlertLanguage.objects.filter(user__in=readers).values_list("user_id", "language")
    )
    known = dict(settings.LANGUAGES)
    return [
        (
            reader,
            languages[reader.pk] if languages.get(reader.pk) in known else settings.LANGUAGE_CODE,
        )
        for reader in readers
    ]

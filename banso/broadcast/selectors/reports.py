"""Proof of broadcast: what the speakers reported they played (or failed to), by bulletin and
by commune over a period.

Both reports are read in a fixed number of aggregate queries whatever the number of speakers
and plays, and both are scoped to the person: a bulletin's report shows only the speakers of
the communes the person's broadcast or officer roles cover (a province bulletin read by a
commune's people shows their commune's speakers, not the others'), a commune's report is
opened only for a commune the person runs (``communes_for_broadcast``, checked by the view).

A speaker that a bulletin reaches and that reported nothing of it is listed as silent: the
bulletin may not have been scheduled there yet, the speaker may be off the network, or its
reports may still be on their way (a device keeps them while its link is down).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery

from banso.broadcast.models import Bulletin, Language, PlayOutcome, PlayReport, Speaker
from banso.broadcast.selectors.roles import broadcast_scope_for_user
from banso.places.models import AdministrativeUnit

# The most plays a report's workbook lists one by one (a province bulletin played twice a day
# for a month on 2,000 speakers is 120,000 rows; Excel takes a million).
PLAY_ROWS_LIMIT = 200_000


def language_names(codes) -> list[str]:
    """The languages' names in the current language (unknown codes left out)."""
    return [str(Language(code).label) for code in codes if code in Language.values]


@dataclass
class SpeakerPlays:
    """What one speaker reported of one bulletin."""

    speaker: Speaker
    plays: int = 0
    failures: int = 0
    first_played_at: datetime.datetime | None = None
    last_played_at: datetime.datetime | None = None
    last_failed_at: datetime.datetime | None = None
    last_error: str = ""
    languages: list[str] = field(default_factory=list)
    reached: bool = True

    @property
    def language_names(self) -> list[str]:
        return language_names(self.languages)

    @property
    def outcome(self) -> str:
        """``played``, ``failed`` (only failures) or ``silent`` (nothing reported)."""
        if self.plays:
            return "played"
        return "failed" if self.failures else "silent"


@dataclass
class CommunePlays:
    commune: AdministrativeUnit
    speakers: list[SpeakerPlays]

    @property
    def played(self) -> int:
        return sum(1 for row in self.speakers if row.plays)

    @property
    def silent(self) -> int:
        return sum(1 for row in self.speakers if row.outcome == "silent")


@dataclass
class BulletinPlays:
    """A bulletin's proof of broadcast: its communes (by name), each with its speakers (by
    village, then name) and what each reported; and the totals."""

    bulletin: Bulletin
    communes: list[CommunePlays]

    def _rows(self) -> list[SpeakerPlays]:
        return [row for commune in self.communes for row in commune.speakers]

    @property
    def speakers(self) -> int:
        return len(self._rows())

    @property
    def speakers_played(self) -> int:
        return sum(1 for row in self._rows() if row.plays)

    @property
    def speakers_failed_only(self) -> int:
        return sum(1 for row in self._rows() if row.outcome == "failed")

    @property
    def speakers_silent(self) -> int:
        return sum(1 for row in self._rows() if row.outcome == "silent")

    @property
    def plays(self) -> int:
        return sum(row.plays for row in self._rows())

    @property
    def failures(self) -> int:
        return sum(row.failures for row in self._rows())


def _speaker_scope_q(user) -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    return broadcast_scope_for_user(user).unit_q("commune__path")


def _reaching_speakers_q(bulletin: Bulletin) -> Q:
    """The speakers the bulletin's targets reach (as ``selectors.playlist`` decides)."""
    reach = Q(
        commune__in=bulletin.target_communes.through.objects.filter(bulletin_id=bulletin.pk).values(
            "administrativeunit_id"
        )
    )
    reach |= Q(
        village__in=bulletin.target_villages.through.objects.filter(bulletin_id=bulletin.pk).values(
            "village_id"
        )
    )
    reach |= Q(
        groups__in=bulletin.target_groups.through.objects.filter(bulletin_id=bulletin.pk).values(
            "speakergroup_id"
        )
    )
    if bulletin.is_province_wide:
        reach |= Q(commune__parent_id=bulletin.province_id)
    return reach


def _visible_reports(user, bulletin: Bulletin) -> QuerySet[PlayReport]:
    reports = PlayReport.objects.filter(bulletin=bulletin)
    scope = _speaker_scope_q(user)
    if scope:
        reports = reports.filter(speaker__in=Speaker.objects.filter(scope).values("pk"))
    return reports


def bulletin_plays(user, bulletin: Bulletin) -> BulletinPlays:
    """What the speakers ``user`` may see reported of ``bulletin``: every active speaker it
    reaches (silent ones too) and any other that reported it (taken out of service since,
    or out of its targets after a change). Two queries, and the scope's."""
    reports = _visible_reports(user, bulletin)
    reached_ids = Speaker.objects.filter(_reaching_speakers_q(bulletin), is_active=True).values(
        "pk"
    )
    last_failure = PlayReport.objects.filter(
        bulletin=bulletin, speaker=OuterRef("pk"), outcome=PlayOutcome.FAILED
    ).order_by("-started_at", "-pk")
    speakers = list(
        Speaker.objects.filter(_speaker_scope_q(user))
        .filter(Q(pk__in=reached_ids) | Q(pk__in=reports.values("speaker_id")))
        .select_related("commune", "village")
        .annotate(
            is_reached=Exists(reached_ids.filter(pk=OuterRef("pk"))),
            last_failed_at=Subquery(last_failure.values("started_at")[:1]),
            last_error=Subquery(last_failure.values("error")[:1]),
        )
        .order_by("commune__name_sort", "village__name_sort", "name", "pk")
    )
    rows = {
        speaker.pk: SpeakerPlays(
            speaker=speaker,
            reached=speaker.is_reached,
            last_failed_at=speaker.last_failed_at,
            last_error=speaker.last_error or "",
        )
        for speaker in speakers
    }
    for item in (
        reports.values("speaker_id", "outcome", "version__language")
        .annotate(count=Count("pk"), first=Min("started_at"), last=Max("started_at"))
        .order_by()
    ):
        row = rows.get(item["speaker_id"])
        if row is None:
            continue
        if item["outcome"] != PlayOutcome.PLAYED:
            row.failures += item["count"]
            continue
        row.plays += item["count"]
        row.first_played_at = min(filter(None, (row.first_played_at, item["first"])))
        row.last_played_at = max(filter(None, (row.last_played_at, item["last"])))
        if item["version__language"] not in row.languages:
            row.languages.append(item["version__language"])
    by_commune: dict[int, CommunePlays] = {}
    for speaker in speakers:
        commune = by_commune.setdefault(
            speaker.commune_id, CommunePlays(commune=speaker.commune, speakers=[])
        )
        row = rows[speaker.pk]
        row.languages.sort()
        commune.speakers.append(row)
    return BulletinPlays(bulletin=bulletin, communes=list(by_commune.values()))


def bulletin_play_rows(user, bulletin: Bulletin) -> QuerySet[PlayReport]:
    """Every report of ``bulletin`` from the speakers ``user`` may see, in time order (for the
    workbook)."""
    return (
        _visible_reports(user, bulletin)
        .select_related("speaker__village", "commune", "version")
        .order_by("started_at", "pk")
    )


# By commune ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BulletinPeriodPlays:
    """What the commune's speakers reported of one bulletin in the period."""

    bulletin: Bulletin
    plays: int
    failures: int
    speakers_played: int
    speakers_failed: int
    first_at: datetime.datetime
    last_at: datetime.datetime
    languages: tuple[str, ...]

    @property
    def language_names(self) -> list[str]:
        return language_names(self.languages)


@dataclass(frozen=True)
class CommunePeriodPlays:
    commune: AdministrativeUnit
    start: datetime.datetime
    end: datetime.datetime
    bulletins: list[BulletinPeriodPlays]
    speakers_active: int
    speakers_reporting: int
    silent_speakers: list[Speaker]

    @property
    def plays(self) -> int:
        return sum(row.plays for row in self.bulletins)

    @property
    def failures(self) -> int:
        return sum(row.failures for row in self.bulletins)


def commune_plays(
    commune: AdministrativeUnit, start: datetime.datetime, end: datetime.datetime
) -> CommunePeriodPlays:
    """Each bulletin the commune's speakers reported in [start, end) (by when they started
    playing), most played first, with its plays, failures and speakers; and the active
    speakers that reported nothing in the period. Five queries."""
    reports = PlayReport.objects.filter(commune=commune, started_at__gte=start, started_at__lt=end)
    played = Q(outcome=PlayOutcome.PLAYED)
    failed = Q(outcome=PlayOutcome.FAILED)
    totals = list(
        reports.values("bulletin_id")
        .annotate(
            plays=Count("pk", filter=played),
            failures=Count("pk", filter=failed),
            speakers_played=Count("speaker_id", filter=played, distinct=True),
            speakers_failed=Count("speaker_id", filter=failed, distinct=True),
            first_at=Min("started_at"),
            last_at=Max("started_at"),
        )
        .order_by()
    )
    languages: dict[int, set[str]] = defaultdict(set)
    for bulletin_id, language in (
        reports.filter(played).values_list("bulletin_id", "version__language").order_by().distinct()
    ):
        languages[bulletin_id].add(language)
    bulletins = Bulletin.objects.select_related("source_unit").in_bulk(
        [row["bulletin_id"] for row in totals]
    )
    rows = [
        BulletinPeriodPlays(
            bulletin=bulletins[row["bulletin_id"]],
            plays=row["plays"],
            failures=row["failures"],
            speakers_played=row["speakers_played"],
            speakers_failed=row["speakers_failed"],
            first_at=row["first_at"],
            last_at=row["last_at"],
            languages=tuple(sorted(languages[row["bulletin_id"]])),
        )
        for row in totals
    ]
    rows.sort(key=lambda row: (-row.plays, -row.failures, row.bulletin.title, row.bulletin.pk))
    active = list(
        Speaker.objects.filter(commune=commune, is_active=True)
        .select_related("village")
        .order_by("village__name_sort", "name", "pk")
    )
    reporting = set(reports.values_list("speaker_id", flat=True).order_by().distinct())
    silent = [speaker for speaker in active if speaker.pk not in reporting]
    return CommunePeriodPlays(
        commune=commune,
        start=start,
        end=end,
        bulletins=rows,
        speakers_active=len(active),
        speakers_reporting=len(reporting),
        silent_speakers=silent,
    )


def commune_play_rows(
    commune: AdministrativeUnit, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[PlayReport]:
    """Every report of the commune's speakers in [start, end), in time order (the workbook)."""
    return (
        PlayReport.objects.filter(commune=commune, started_at__gte=start, started_at__lt=end)
        .select_related("speaker__village", "bulletin", "version")
        .order_by("started_at", "pk")
    )

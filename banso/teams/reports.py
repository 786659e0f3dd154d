"""The teams' reports: of a team, of a commune (its villages) and of the province (its
communes), for a year.

What a report gives: villages and those with an active team (coverage), active members by
position, help given in the year by kind and by month, households reached (each counted once),
and follow-ups open (records "needs follow-up" of a household with no later record for it).
Every figure comes from grouped queries, help given from the tallies the sync keeps with the
records (``services/tallies.py``) rather than from the records: a report takes the same number
of queries for one team or 1,600 (``tests/test_reports.py``), and a province's over a year of
200,000 records reads some thousands of tally rows. Aggregates only, no names: who may read a
report is the views' and ``report_allowed``'s business.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import get_language

from banso.accounts.rules import officer_covers_unit
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.teams.models import (
    HelpConflict,
    HelpKind,
    HelpKindTally,
    HelpMonthTally,
    HelpReachTally,
    HelpRecord,
    HouseholdLatestHelp,
    Team,
    TeamMember,
    TeamPosition,
)
from banso.teams.selectors import POSITION_ORDER


@dataclass
class ReportPart:
    """A row of a report's table: a commune of the province, or a village of the commune."""

    key: int
    label: str
    villages: int = 0
    villages_with_team: int = 0
    members: int = 0
    help_records: int = 0
    households_reached: int = 0
    follow_ups_open: int = 0
    code: str = ""  # a commune's, to open its report

    @property
    def coverage(self) -> float | None:
        if not self.villages:
            return None
        return round(self.villages_with_team / self.villages * 100, 1)


@dataclass
class TeamReport:
    """The figures of one team, a commune or the province for ``year``."""

    title: str
    year: int
    unit: AdministrativeUnit | None
    team: Team | None
    villages: int = 0
    villages_with_team: int = 0
    teams_active: int = 0
    members: int = 0
    members_by_position: list[tuple[str, str, int]] = field(default_factory=list)
    help_records: int = 0
    help_by_kind: list[tuple[str, str, int]] = field(default_factory=list)
    help_by_month: list[tuple[int, int]] = field(default_factory=list)
    households_reached: int = 0
    follow_ups_open: int = 0
    parts: list[ReportPart] = field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        if not self.villages:
            return None
        return round(self.villages_with_team / self.villages * 100, 1)


def report_allowed(user, *, unit: AdministrativeUnit) -> bool:
    """A commune's or the province's report: its officers (and those of the province above a
    commune) and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or officer_covers_unit(user, unit))


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _grouped(queryset: QuerySet, key: str, **counts) -> dict[int, dict]:
    return {row[key]: row for row in queryset.values(key).annotate(**counts).order_by() if row[key]}


@dataclass(frozen=True)
class _Scope:
    """What a report reads: its teams and villages, the filter of its tallies, and the key of
    its table's rows in each (``None``: a team's report, no table)."""

    teams: Q  # on Team
    members: Q  # on TeamMember
    villages: QuerySet[Village]
    tallies: Q
    parts_by: str | None = None
    village_key: str = ""  # in villages
    team_key: str = ""  # in teams
    tally_key: str = ""  # in the team tallies (months, follow-ups)
    reach_key: str = ""  # in HelpReachTally


def _scope(team: Team | None, unit: AdministrativeUnit | None) -> _Scope:
    villages = Village.objects.all()
    if team is not None:
        return _Scope(
            teams=Q(pk=team.pk),
            members=Q(team=team),
            villages=villages.filter(pk=team.village_id),
            tallies=Q(team=team),
        )
    if unit is not None and unit.level == UnitLevel.PROVINCE:
        # Teams and tallies keep their village's commune: the province's rows are found and
        # grouped on that one column, with no join.
        return _Scope(
            teams=Q(unit__path__startswith=unit.path),
            members=Q(team__unit__path__startswith=unit.path),
            villages=villages.filter(commune__path__startswith=unit.path),
            tallies=Q(unit__path__startswith=unit.path),
            parts_by="commune",
            village_key="commune_id",
            team_key="unit_id",
            tally_key="unit_id",
            reach_key="unit_id",
        )
    if unit is not None:
        return _Scope(
            teams=Q(unit=unit),
            members=Q(team__unit=unit),
            villages=villages.filter(commune=unit),
            tallies=Q(unit=unit),
            parts_by="village",
            village_key="id",
            team_key="village_id",
            tally_key="team__village_id",
            reach_key="village_id",
        )
    raise ValueError("A report is of a team or of a unit.")


def team_report(
    *,
    year: int,
    team: Team | None = None,
    unit: AdministrativeUnit | None = None,
) -> TeamReport:
    """The report of ``team``, or of ``unit`` (a commune: by village; a province: by commune),
    for ``year``. Scoping is the caller's: this reads what it is asked.

    Help given comes from the tallies the services keep with the records
    (``services/tallies.py``): a province's year is some thousands of tally rows, not 200,000
    records. Each query groups by the table's row and by what the totals need at once (month,
    position), and the totals are summed here."""
    start, end = year_bounds(year)
    scope = _scope(team, unit)
    report = TeamReport(
        title=str(team) if team is not None else unit.name if unit is not None else "",
        year=year,
        unit=unit,
        team=team,
    )
    parts = _parts(scope, unit)
    by_key = {part.key: part for part in parts}

    def add(attribute: str, key, n: int) -> None:
        if key in by_key:
            setattr(by_key[key], attribute, getattr(by_key[key], attribute) + n)

    active_teams = Team.objects.filter(scope.teams, dissolved_on__isnull=True)
    report.villages = scope.villages.count()
    report.teams_active = active_teams.count()
    report.villages_with_team = active_teams.values("village_id").distinct().count()
    if scope.parts_by:
        for key, row in _grouped(scope.villages, scope.village_key, n=Count("id")).items():
            add("villages", key, row["n"])
        covered = _grouped(active_teams, scope.team_key, n=Count("village_id", distinct=True))
        for key, row in covered.items():
            add("villages_with_team", key, row["n"])

    # Joined to their teams, not "team in (a subquery)": PostgreSQL guesses a handful of teams
    # from the path's LIKE and loops over 1,600.
    members = TeamMember.objects.filter(
        scope.members, team__dissolved_on__isnull=True, left_on__isnull=True
    )
    member_key = [f"team__{scope.team_key}"] if scope.parts_by else []
    by_position: dict[str, int] = defaultdict(int)
    for row in members.values(*member_key, "position").annotate(n=Count("id")).order_by():
        by_position[row["position"]] += row["n"]
        if member_key:
            add("members", row[member_key[0]], row["n"])
    report.members = sum(by_position.values())
    labels = dict(TeamPosition.choices)
    report.members_by_position = [
        (position, str(labels[position]), by_position.get(position, 0))
        for position in sorted(labels, key=lambda p: POSITION_ORDER.get(p, 9))
    ]

    months = HelpMonthTally.objects.filter(scope.tallies, month__gte=start, month__lte=end)
    tally_key = [scope.tally_key] if scope.parts_by else []
    by_month: dict[int, int] = defaultdict(int)
    for row in months.values(*tally_key, "month").annotate(n=Sum("records")).order_by():
        by_month[row["month"].month] += row["n"]
        if tally_key:
            add("help_records", row[tally_key[0]], row["n"])
    report.help_by_month = [(month, by_month.get(month, 0)) for month in range(1, 13)]
    report.help_records = sum(by_month.values())
    by_kind = {
        row["kind_id"]: row["n"]
        for row in HelpKindTally.objects.filter(scope.tallies, year=year)
        .values("kind_id")
        .annotate(n=Sum("records"))
        .order_by()
    }
    report.help_by_kind = [
        (kind.code, kind.display_name, by_kind.get(kind.pk, 0))
        for kind in HelpKind.objects.order_by("position", "code")
        if kind.is_active or by_kind.get(kind.pk)
    ]

    open_follow_ups = HouseholdLatestHelp.objects.filter(scope.tallies, follow_up=True)
    if team is not None:
        # Households are tallied by village (an old team and the one that replaced it reach
        # a household once); one team's year is a few hundred records, counted here.
        report.households_reached = (
            HelpRecord.objects.filter(
                team=team, helped_on__gte=start, helped_on__lte=end, household__isnull=False
            )
            .values("household_id")
            .distinct()
            .count()
        )
        report.follow_ups_open = open_follow_ups.count()
        return report
    reach = HelpReachTally.objects.filter(scope.tallies, year=year)
    for key, row in _grouped(reach, scope.reach_key, n=Sum("households")).items():
        add("households_reached", key, row["n"])
    for key, row in _grouped(open_follow_ups, scope.tally_key, n=Count("*")).items():
        add("follow_ups_open", key, row["n"])
    report.parts = parts
    # A household is helped by its village's team only (the sync's checks), so its village's
    # row counts it once and the rows add up; so do the follow-ups.
    report.households_reached = sum(part.households_reached for part in parts)
    report.follow_ups_open = sum(part.follow_ups_open for part in parts)
    return report


REPORT_CACHE_SECONDS = 3600


def _data_version() -> str:
    """What changes whenever a figure of a report may: the latest record of help (records are
    never deleted; one is rewritten only when a person settles a conflict by taking the
    phone's copy, which the conflicts' latest settling tells), the latest change to a team, a
    member, a village or a kind of help, the tallies' rebuild. Read from primary keys and
    small tables only."""
    latest = HelpRecord.objects.order_by("-pk").values_list("pk", "created_at").first()
    settled = HelpConflict.objects.aggregate(at=Max("resolved_at"))["at"]
    changed = [model.objects.aggregate(at=Max("updated_at"))["at"] for model in (Team, TeamMember)]
    villages = Village.objects.aggregate(n=Count("id"), last=Max("pk"))
    kinds = list(HelpKind.objects.order_by("pk").values_list("pk", "is_active", "name"))
    # A rebuild of the tallies (``teams_tallies --rebuild``) writes every row anew, with new
    # keys: reports counted from tallies that had drifted are forgotten with them.
    tallies = HelpMonthTally.objects.aggregate(last=Max("pk"))["last"]
    return str((latest, settled, changed, villages, kinds, tallies))


def team_report_cached(
    *, year: int, team: Team | None = None, unit: AdministrativeUnit | None = None
) -> TeamReport:
    """:func:`team_report`, kept in the cache until a record, team, member, village or kind
    changes: the first reader after a change waits for the count (some tens of milliseconds
    for a province, read from the tallies), the next ones do not."""
    source = f"{year}|{team.pk if team else ''}|{unit.pk if unit else ''}|{get_language()}|"
    key = "teams-report:" + hashlib.sha256((source + _data_version()).encode()).hexdigest()
    report = cache.get(key)
    if report is None:
        report = team_report(year=year, team=team, unit=unit)
        cache.set(key, report, REPORT_CACHE_SECONDS)
    return report


def _parts(scope: _Scope, unit: AdministrativeUnit | None) -> list[ReportPart]:
    """The empty rows of the report's table: the province's communes, the commune's villages
    (none for a team)."""
    if scope.parts_by == "commune":
        return [
            ReportPart(key=commune.pk, label=commune.name, code=commune.code)
            for commune in AdministrativeUnit.objects.filter(
                parent=unit, level=UnitLevel.COMMUNE, is_current=True
            ).order_by("name_sort")
        ]
    if scope.parts_by == "village":
        return [
            ReportPart(key=village.pk, label=village.name)
            for village in scope.villages.order_by("name_sort")
        ]
    return []

"""The teams' reports: of a team, of a commune (its villages) and of the province (its
communes), for a year.

What a report gives: villages and those with an active team (coverage), active members by
position, help given in the year by kind and by month, households reached (each counted once),
and follow-ups open (records "needs follow-up" of a household with no later record for it).
Every figure comes from grouped queries: a report takes the same number of queries for one
team or 1,600 (``tests/test_reports.py``). Aggregates only, no names: who may read a report is
the views' and ``report_allowed``'s business.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import get_language

from banso.accounts.rules import officer_covers_unit
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.teams.models import HelpKind, HelpOutcome, HelpRecord, Team, TeamMember, TeamPosition
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


def follow_ups_open(records: QuerySet[HelpRecord]) -> QuerySet[HelpRecord]:
    """The records of ``records`` that need a follow-up, of a household, with no later record
    for that household (by any team: a later visit closes it, whatever its outcome)."""
    later = HelpRecord.objects.filter(household_id=OuterRef("household_id")).filter(
        Q(helped_on__gt=OuterRef("helped_on"))
        | Q(helped_on=OuterRef("helped_on"), pk__gt=OuterRef("pk"))
    )
    return records.filter(outcome=HelpOutcome.FOLLOW_UP, household__isnull=False).exclude(
        Exists(later)
    )


def _grouped(queryset: QuerySet, key: str, **counts) -> dict[int, dict]:
    return {row[key]: row for row in queryset.values(key).annotate(**counts).order_by() if row[key]}


def team_report(
    *,
    year: int,
    team: Team | None = None,
    unit: AdministrativeUnit | None = None,
) -> TeamReport:
    """The report of ``team``, or of ``unit`` (a commune: by village; a province: by commune),
    for ``year``. Scoping is the caller's: this reads what it is asked."""
    start, end = year_bounds(year)
    teams = Team.objects.all()
    villages = Village.objects.all()
    if team is not None:
        teams = teams.filter(pk=team.pk)
        villages = villages.filter(pk=team.village_id)
        title = str(team)
        parts_by = None
    elif unit is not None and unit.level == UnitLevel.PROVINCE:
        teams = teams.filter(unit__path__startswith=unit.path)
        villages = villages.filter(commune__path__startswith=unit.path)
        title = unit.name
        parts_by = "commune"
    elif unit is not None:
        teams = teams.filter(unit=unit)
        villages = villages.filter(commune=unit)
        title = unit.name
        parts_by = "village"
    else:
        raise ValueError("A report is of a team or of a unit.")

    report = TeamReport(title=title, year=year, unit=unit, team=team)
    active_teams = teams.filter(dissolved_on__isnull=True)
    members = TeamMember.objects.filter(team__in=active_teams.values("pk"), left_on__isnull=True)
    all_records = HelpRecord.objects.filter(team__in=teams.values("pk"))
    records = all_records.filter(helped_on__gte=start, helped_on__lte=end)
    open_records = follow_ups_open(all_records)

    # Totals: one query each.
    report.villages = villages.count()
    report.teams_active = active_teams.count()
    report.villages_with_team = active_teams.values("village_id").distinct().count()
    by_position = {
        row["position"]: row["n"]
        for row in members.values("position").annotate(n=Count("id")).order_by()
    }
    report.members = sum(by_position.values())
    labels = dict(TeamPosition.choices)
    report.members_by_position = [
        (position, str(labels[position]), by_position.get(position, 0))
        for position in sorted(labels, key=lambda p: POSITION_ORDER.get(p, 9))
    ]
    # By day (at most 366 groups, no date function per row), summed into months here.
    by_month: dict[int, int] = defaultdict(int)
    for row in records.values("helped_on").annotate(n=Count("id")).order_by():
        by_month[row["helped_on"].month] += row["n"]
    report.help_by_month = [(month, by_month.get(month, 0)) for month in range(1, 13)]
    report.help_records = sum(by_month.values())
    by_kind = {
        row["helpkind_id"]: row["n"]
        for row in HelpRecord.kinds.through.objects.filter(
            helprecord__team__in=teams.values("pk"),
            helprecord__helped_on__gte=start,
            helprecord__helped_on__lte=end,
        )
        .values("helpkind_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    report.help_by_kind = [
        (kind.code, kind.display_name, by_kind.get(kind.pk, 0))
        for kind in HelpKind.objects.order_by("position", "code")
        if kind.is_active or by_kind.get(kind.pk)
    ]
    if parts_by is None:
        report.households_reached = (
            records.filter(household__isnull=False).values("household_id").distinct().count()
        )
        report.follow_ups_open = open_records.count()
    else:
        report.parts = _parts(
            parts_by=parts_by,
            unit=unit,
            villages=villages,
            active_teams=active_teams,
            members=members,
            records=records,
            open_records=open_records,
        )
        # A household is helped by its village's team only (the sync's checks), so its
        # village's row counts it once and the rows add up; so do the follow-ups.
        report.households_reached = sum(part.households_reached for part in report.parts)
        report.follow_ups_open = sum(part.follow_ups_open for part in report.parts)
    return report


REPORT_CACHE_SECONDS = 3600


def _data_version() -> str:
    """What changes whenever a figure of a report may: the latest record of help (records are
    never deleted nor rewritten), the latest change to a team, a member, a village or a kind
    of help. Read from primary keys and small tables only."""
    latest = HelpRecord.objects.order_by("-pk").values_list("pk", "created_at").first()
    changed = [model.objects.aggregate(at=Max("updated_at"))["at"] for model in (Team, TeamMember)]
    villages = Village.objects.aggregate(n=Count("id"), last=Max("pk"))
    kinds = list(HelpKind.objects.order_by("pk").values_list("pk", "is_active", "name"))
    return str((latest, changed, villages, kinds))


def team_report_cached(
    *, year: int, team: Team | None = None, unit: AdministrativeUnit | None = None
) -> TeamReport:
    """:func:`team_report`, kept in the cache until a record, team, member, village or kind
    changes (a province's report over a year of 200,000 records reads them all: the first
    reader after a change pays for it, the next ones do not)."""
    source = f"{year}|{team.pk if team else ''}|{unit.pk if unit else ''}|{get_language()}|"
    key = "teams-report:" + hashlib.sha256((source + _data_version()).encode()).hexdigest()
    report = cache.get(key)
    if report is None:
        report = team_report(year=year, team=team, unit=unit)
        cache.set(key, report, REPORT_CACHE_SECONDS)
    return report


def _parts(
    *, parts_by, unit, villages, active_teams, members, records, open_records
) -> list[ReportPart]:
    """The report's rows (communes of a province, villages of a commune): one grouped query per
    column."""
    if parts_by == "commune":
        parts = [
            ReportPart(key=commune.pk, label=commune.name, code=commune.code)
            for commune in AdministrativeUnit.objects.filter(
                parent=unit, level=UnitLevel.COMMUNE, is_current=True
            ).order_by("name_sort")
        ]
        # A record keeps its team's commune: no join.
        village_key, team_key, record_key = "commune_id", "unit_id", "unit_id"
    else:
        parts = [
            ReportPart(key=village.pk, label=village.name)
            for village in villages.order_by("name_sort")
        ]
        village_key, team_key, record_key = "id", "village_id", "team__village_id"
    by_key = {part.key: part for part in parts}
    counts = _grouped(villages, village_key, n=Count("id"))
    for key, row in counts.items():
        if key in by_key:
            by_key[key].villages = row["n"]
    covered = _grouped(active_teams, team_key, n=Count("village_id", distinct=True))
    for key, row in covered.items():
        if key in by_key:
            by_key[key].villages_with_team = row["n"]
    for key, row in _grouped(members, f"team__{team_key}", n=Count("id")).items():
        if key in by_key:
            by_key[key].members = row["n"]
    help_rows = _grouped(
        records,
        record_key,
        n=Count("id"),
        households=Count("household_id", distinct=True),
    )
    for key, row in help_rows.items():
        if key in by_key:
            by_key[key].help_records = row["n"]
            by_key[key].households_reached = row["households"]
    for key, row in _grouped(open_records, record_key, n=Count("id")).items():
        if key in by_key:
            by_key[key].follow_ups_open = row["n"]
    return parts

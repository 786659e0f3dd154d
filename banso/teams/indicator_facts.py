"""The village teams' facts for ``banso.indicators`` (the commune digital scorecard's "village
teams' activity"), per commune (the team's) and year, and per month where it fits:

- ``teams.activities``: records of help given (a visit or session), by year and by month;
- ``teams.households_reached``: households of the register helped at least once in the year;
- ``teams.teams_active``: teams active at some time in the year;
- ``teams.members``: members serving at some time in the year, in those teams.

Registered from ``TeamsConfig.ready``; indicators does not import teams. Grouped queries only.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from banso.indicators.facts import Fact, FactSource
from banso.teams.models import HelpRecord, Team, TeamMember

ACTIVITIES = "teams.activities"
HOUSEHOLDS_REACHED = "teams.households_reached"
TEAMS_ACTIVE = "teams.teams_active"
MEMBERS = "teams.members"


def _years(year: int | None) -> list[int]:
    if year is not None:
        return [year]
    bounds = HelpRecord.objects.aggregate(first=Min("helped_on"), last=Max("helped_on"))
    founded = Team.objects.aggregate(first=Min("founded_on"))["first"]
    today = timezone.localdate()
    firsts = [day.year for day in (bounds["first"], founded) if day is not None]
    if not firsts:
        return []
    last = max(today.year, bounds["last"].year if bounds["last"] else today.year)
    return list(range(min(firsts), last + 1))


class TeamFacts:
    name = "teams"

    def codes(self) -> dict[str, str]:
        return {
            ACTIVITIES: str(_("Help given by village digital technology teams")),
            HOUSEHOLDS_REACHED: str(_("Households helped by village digital technology teams")),
            TEAMS_ACTIVE: str(_("Village digital technology teams active")),
            MEMBERS: str(_("Members of village digital technology teams")),
        }

    def facts(self, *, year: int | None) -> Iterable[Fact]:
        records = HelpRecord.objects.all()
        if year is not None:
            records = records.filter(
                helped_on__gte=datetime.date(year, 1, 1), helped_on__lte=datetime.date(year, 12, 31)
            )
        dated = records.annotate(y=ExtractYear("helped_on"))
        for row in (
            dated.values("y", "unit_id")
            .annotate(n=Count("id"), h=Count("household_id", distinct=True))
            .order_by()
        ):
            yield Fact(
                code=ACTIVITIES, period=str(row["y"]), value=row["n"], unit_id=row["unit_id"]
            )
            yield Fact(
                code=HOUSEHOLDS_REACHED,
                period=str(row["y"]),
                value=row["h"],
                unit_id=row["unit_id"],
            )
        monthly = (
            dated.annotate(m=ExtractMonth("helped_on"))
            .values("y", "m", "unit_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for month in monthly:
            yield Fact(
                code=ACTIVITIES,
                period=f"{month['y']}{month['m']:02d}",
                value=month["n"],
                unit_id=month["unit_id"],
            )
        for each in _years(year):
            start, end = datetime.date(each, 1, 1), datetime.date(each, 12, 31)
            during = Q(founded_on__lte=end) & (
                Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start)
            )
            teams = Team.objects.filter(during)
            for counted in teams.values("unit_id").annotate(n=Count("id")).order_by():
                yield Fact(
                    code=TEAMS_ACTIVE,
                    period=str(each),
                    value=counted["n"],
                    unit_id=counted["unit_id"],
                )
            members = TeamMember.objects.filter(
                Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gte=start)),
                team__in=teams.values("pk"),
            )
            for serving in members.values("team__unit_id").annotate(n=Count("id")).order_by():
                yield Fact(
                    code=MEMBERS,
                    period=str(each),
                    value=serving["n"],
                    unit_id=serving["team__unit_id"],
                )

    def fact_sources(self, *, code: str, unit_id: int, year: int) -> list[FactSource]:
        """The commune's teams, each with what it adds to the fact in ``year`` (aggregates; the
        team's page opens to those who may read it)."""
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        teams = Team.objects.filter(unit_id=unit_id).select_related("village")
        records = HelpRecord.objects.filter(
            team__unit_id=unit_id, helped_on__gte=start, helped_on__lte=end
        )
        if code == ACTIVITIES:
            rows = _by_team(
                HelpRecord.objects.filter(helped_on__gte=start, helped_on__lte=end), Count("id")
            )
        elif code == HOUSEHOLDS_REACHED:
            rows = _by_team(
                records,
                Count("household_id", distinct=True),
            )
        elif code == MEMBERS:
            rows = _by_team(
                TeamMember.objects.filter(team__unit_id=unit_id).filter(
                    Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gte=start))
                ),
                Count("id"),
            )
        elif code == TEAMS_ACTIVE:
            teams = teams.filter(founded_on__lte=end).filter(
                Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start)
            )
            rows = {team.pk: 1 for team in teams}
        else:
            return []
        return [
            FactSource(
                label=gettext("Team of %(village)s") % {"village": team.village.name},
                value=rows[team.pk],
                url=reverse("teams:team-detail", args=[team.pk]),
            )
            for team in teams.order_by("village__name_sort", "-founded_on")
            if rows.get(team.pk)
        ]


def _by_team(queryset, count) -> dict[int, int]:
    return {
        row["team_id"]: row["n"] for row in queryset.values("team_id").annotate(n=count).order_by()
    }


team_facts = TeamFacts()

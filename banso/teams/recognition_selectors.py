"""What a commune's teams achieved, for the public recognition page: aggregates only.

No name and no phone number leaves this module: the teams are named by their village, their
members are counted, the help given is counted by kind, the households reached are counted.
A count of help or of households below ``SUPPRESSION_THRESHOLD`` (the indicators' small-cell
rule: fewer than 5) is given as ``None``, which the page writes "fewer than 5", so that a
figure never points at one or two families of a small village.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from banso.indicators.services import SUPPRESSION_THRESHOLD
from banso.places.models import AdministrativeUnit
from banso.teams.models import HelpKind, HelpRecord, Team


def suppressed(count: int) -> int | None:
    """``count``, or None when it rests on fewer than ``SUPPRESSION_THRESHOLD`` cases (zero is
    shown: it points at nobody)."""
    return count if count == 0 or count >= SUPPRESSION_THRESHOLD else None


@dataclass(frozen=True)
class TeamAchievement:
    village_name: str
    founded_on: datetime.date
    members: int
    help_given: int | None
    households_reached: int | None


@dataclass(frozen=True)
class KindCount:
    name: str
    help_given: int | None


@dataclass(frozen=True)
class CommuneRecognition:
    commune: AdministrativeUnit
    year: int
    teams: list[TeamAchievement]
    members: int
    help_given: int | None
    households_reached: int | None
    by_kind: list[KindCount]


def commune_recognition(commune: AdministrativeUnit, *, year: int) -> CommuneRecognition:
    """The commune's active teams and what they did in ``year``, suppressed as the module
    says. Five queries."""
    first_day, last_day = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    teams = list(
        Team.objects.filter(unit=commune, dissolved_on__isnull=True)
        .select_related("village")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
        )
        .order_by("village__name_sort")
    )
    records = HelpRecord.objects.filter(
        unit=commune, helped_on__gte=first_day, helped_on__lte=last_day
    )
    per_team: dict[int, tuple[int, int]] = {
        team_id: (given, reached)
        for team_id, given, reached in records.values("team_id")
        .annotate(given=Count("pk"), reached=Count("household", distinct=True))
        .values_list("team_id", "given", "reached")
    }
    totals = records.aggregate(given=Count("pk"), reached=Count("household", distinct=True))
    kind_counts: dict[int, int] = {
        row["helpkind_id"]: row["given"]
        for row in HelpRecord.kinds.through.objects.filter(helprecord__in=records.values("pk"))
        .values("helpkind_id")
        .annotate(given=Count("pk"))
    }
    kinds = HelpKind.objects.filter(pk__in=list(kind_counts)).order_by("position", "code")
    return CommuneRecognition(
        commune=commune,
        year=year,
        teams=[
            TeamAchievement(
                village_name=team.village.name,
                founded_on=team.founded_on,
                members=team.member_count,
                help_given=suppressed(per_team.get(team.pk, (0, 0))[0]),
                households_reached=suppressed(per_team.get(team.pk, (0, 0))[1]),
            )
            for team in teams
        ],
        members=sum(team.member_count for team in teams),
        help_given=suppressed(totals["given"]),
        households_reached=suppressed(totals["reached"]),
        by_kind=[KindCount(kind.display_name, suppressed(kind_counts[kind.pk])) for kind in kinds],
    )

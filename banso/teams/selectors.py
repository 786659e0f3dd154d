"""Every read of the team register and the help given that is scoped to a person.

Names and phone numbers (of members, of the people helped) are personal data. One scope per
entity, tested once (``tests/test_scopes.py``):

- a team: the officers of its commune and province read it (active or dissolved), its active
  members read it while it is active, a superuser reads all, nobody else reads any;
- a member: as their team;
- help given: as its team.

A team's members read their village's households through ``households_for_user``: the
register tells ``accounts`` which villages they serve (``team_village_ids_of_member``, set as
the village team provider in ``TeamsConfig.ready()``).
"""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from banso.accounts.selectors import officer_scope_for_user
from banso.households.models import Household
from banso.households.selectors import households_for_user
from banso.teams.models import HelpKind, HelpRecord, Team, TeamMember

_ACTIVE_CACHE = "_banso_team_ids"
_EVER_CACHE = "_banso_team_ids_ever"


def team_ids_of_member(user, *, ever: bool = False) -> frozenset[int]:
    """The teams the person is an active member of (teams not dissolved), read once per
    request (kept on the user object); with ``ever``, every team they were a member of."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    name = _EVER_CACHE if ever else _ACTIVE_CACHE
    cached = user.__dict__.get(name)
    if cached is None:
        memberships = TeamMember.objects.filter(user=user)
        if not ever:
            memberships = memberships.filter(left_on__isnull=True, team__dissolved_on__isnull=True)
        cached = frozenset(memberships.values_list("team_id", flat=True))
        user.__dict__[name] = cached
    return cached


def team_membership_forget(user) -> None:
    """Forget what :func:`team_ids_of_member` kept on this user object (after a change)."""
    if user is not None:
        user.__dict__.pop(_ACTIVE_CACHE, None)
        user.__dict__.pop(_EVER_CACHE, None)
        user.__dict__.pop("_banso_team_villages", None)


def team_village_ids_of_member(user) -> frozenset[int]:
    """The villages whose active team the person is an active member of: what the register
    tells ``accounts.selectors.village_team_scope_for_user``."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = user.__dict__.get("_banso_team_villages")
    if cached is None:
        ids = team_ids_of_member(user)
        cached = frozenset(
            Team.objects.filter(pk__in=ids).values_list("village_id", flat=True) if ids else ()
        )
        user.__dict__["_banso_team_villages"] = cached
    return cached


def teams_for_user(user) -> QuerySet[Team]:
    """The teams ``user`` may read, names of their members included (``teams.view_team``):
    the officers of a team's commune or province read it, active or dissolved; its active
    members read it while it is active; a superuser reads all; anyone else none."""
    teams = Team.objects.select_related("village", "unit")
    if not getattr(user, "is_authenticated", False):
        return teams.none()
    if user.is_superuser:
        return teams
    scope = officer_scope_for_user(user).unit_q("unit__path") | Q(pk__in=team_ids_of_member(user))
    return teams.filter(scope)


def team_list_for_user(user, *, active_only: bool = True) -> QuerySet[Team]:
    """The teams ``user`` may read, each with ``member_count`` (serving members) and
    ``leader_name``, for the officers' list; in the Vietnamese order of their communes and
    villages."""
    teams = teams_for_user(user)
    if active_only:
        teams = teams.filter(dissolved_on__isnull=True)
    leader = TeamMember.objects.filter(
        team=OuterRef("pk"), position="leader", left_on__isnull=True
    ).values("full_name")[:1]
    return teams.annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True)),
        leader_name=Subquery(leader),
    ).order_by("unit__name_sort", "village__name_sort", "-founded_on")


def team_for_user(user, pk: int) -> Team | None:
    """The team, if ``user`` may read it (None otherwise, as if unknown)."""
    return teams_for_user(user).filter(pk=pk).first()


def team_members_for_user(user) -> QuerySet[TeamMember]:
    """The members (past and present) of the teams ``user`` may read."""
    return TeamMember.objects.select_related("team__village").filter(
        team__in=teams_for_user(user).values("pk")
    )


def team_members(team: Team) -> list[TeamMember]:
    """A team's members, those serving first (the leader, the deputies, the others), then
    those who left, the latest first: the team's history. Scoped by the caller's read of the
    team."""
    members = list(team.members.all())
    serving = sorted(
        (m for m in members if m.left_on is None),
        key=lambda m: (POSITION_ORDER[m.position], m.full_name),
    )
    left = sorted(
        (m for m in members if m.left_on is not None),
        key=lambda m: (m.left_on or m.joined_on, m.pk),
        reverse=True,
    )
    return serving + left


POSITION_ORDER = {"leader": 0, "deputy": 1, "member": 2}


def team_successor(team: Team) -> Team | None:
    """The team that replaced ``team`` (None while it serves, or when it was only dissolved)."""
    return Team.objects.select_related("village").filter(replaces=team).first()


def team_village_history(user, team: Team) -> list[Team]:
    """The other teams of ``team``'s village that ``user`` reads, the latest founded first:
    the teams it replaced or that replaced it, and those dissolved before (an officer reads
    them all; a member reads only their active team, so none)."""
    return list(
        teams_for_user(user)
        .filter(village_id=team.village_id)
        .exclude(pk=team.pk)
        .order_by("-founded_on", "-pk")
    )


def team_help_latest(team: Team, *, limit: int = 20) -> list[HelpRecord]:
    """The team's latest records of help, with their kinds (for its page; read within the
    caller's read of the team)."""
    return list(
        HelpRecord.objects.filter(team=team)
        .select_related("helper", "household")
        .prefetch_related("kinds", "photos")
        .order_by("-helped_on", "-pk")[:limit]
    )


def help_records_for_user(user) -> QuerySet[HelpRecord]:
    """The help given that ``user`` may read (``teams.view_helprecord``): as its team."""
    return HelpRecord.objects.select_related("helper", "village", "household").filter(
        team__in=teams_for_user(user).values("pk")
    )


def help_kinds_active() -> list[HelpKind]:
    return list(HelpKind.objects.filter(is_active=True).order_by("position", "code"))


def teams_of_member(user) -> QuerySet[Team]:
    """The active teams the person serves on now (never an officer's whole commune): what a
    team member's phone keeps for the days without signal."""
    return Team.objects.select_related("village", "unit").filter(pk__in=team_ids_of_member(user))


def offline_bundle(user) -> list[dict]:
    """What a team member's phone keeps to work without signal, for each team they serve on:
    the team, its active members, and its village's households (code, head's name), read
    through ``households_for_user``. A village has at most a few thousand households; a
    commune officer's whole commune is never sent."""
    teams = list(
        teams_of_member(user).prefetch_related(
            Prefetch(
                "members",
                queryset=TeamMember.objects.filter(left_on__isnull=True).order_by("full_name"),
                to_attr="serving",
            )
        )
    )
    households: dict[int, list[Household]] = {team.village_id: [] for team in teams}
    if households:
        for household in (
            households_for_user(user)
            .filter(village_id__in=list(households))
            .select_related(None)
            .only("code", "head_name", "village_id")
            .order_by("code")
        ):
            households[household.village_id].append(household)
    return [
        {"team": team, "members": team.serving, "households": households[team.village_id]}
        for team in teams
    ]

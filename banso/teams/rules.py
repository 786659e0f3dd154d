"""Who may do what with the team register and the help given.

The register is written by the officers of the team's commune and province (a commune founds
its teams by decision); a team is read by them and by its own active members; the names in it
and in the help records are personal data that nobody else reads. Help is recorded by the
team's members (their phones) and by those officers. The list of kinds of help is reference
data of the province: province officers maintain it.
"""

import rules

from banso.accounts.rules import is_province_officer, officer_covers_unit
from banso.teams.selectors import team_ids_of_member, team_village_ids_of_member


@rules.predicate
def covers_village(user, village) -> bool:
    """For a team to be founded in ``village``."""
    return village is not None and officer_covers_unit(user, village.commune)


@rules.predicate
def covers_team(user, team) -> bool:
    return team is not None and officer_covers_unit(user, team.unit)


@rules.predicate
def is_active_member(user, team) -> bool:
    """An active member of the team (and the team is not dissolved)."""
    return team is not None and team.pk in team_ids_of_member(user)


@rules.predicate
def was_member(user, team) -> bool:
    """A member of the team at some time: their records of that time are theirs to send."""
    return team is not None and team.pk in team_ids_of_member(user, ever=True)


@rules.predicate
def covers_unit(user, unit) -> bool:
    return unit is not None and officer_covers_unit(user, unit)


rules.add_perm("teams.add_team", rules.is_superuser | covers_village)
# The Excel import of a commune's or province's teams (obj: the unit).
rules.add_perm("teams.import_team", rules.is_superuser | covers_unit)
rules.add_perm("teams.change_team", rules.is_superuser | covers_team)
rules.add_perm("teams.view_team", rules.is_superuser | covers_team | is_active_member)
# Help given (obj: the team).
rules.add_perm("teams.add_helprecord", rules.is_superuser | covers_team | was_member)
rules.add_perm("teams.view_helprecord", rules.is_superuser | covers_team | is_active_member)
# Conflicting copies of its records (obj: the team): those who read the team's help settle them.
rules.add_perm("teams.change_helpconflict", rules.is_superuser | covers_team | is_active_member)
# The list of kinds of help (no object).
rules.add_perm("teams.change_helpkind", rules.is_superuser | is_province_officer)


@rules.predicate
def serves_request_village(user, help_request) -> bool:
    """An active member of the active team of the request's village."""
    return help_request is not None and help_request.village_id in team_village_ids_of_member(user)


@rules.predicate
def covers_request(user, help_request) -> bool:
    return help_request is not None and officer_covers_unit(user, help_request.unit)


# Requests sent through the public page (obj: the request): the village's team and the
# officers of its commune and province read them and mark them answered.
rules.add_perm(
    "teams.view_helprequest", rules.is_superuser | covers_request | serves_request_village
)
rules.add_perm(
    "teams.change_helprequest", rules.is_superuser | covers_request | serves_request_village
)

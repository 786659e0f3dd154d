"""Households are personal data: written by the officers of their commune and province, read by
them and by the team of their village; never by the public.

A commune officer's role covers their commune, a province officer's the whole province: both
are prefix matches on the unit's path (``accounts.rules.officer_covers_unit``).
"""

import rules

from banso.accounts.rules import officer_covers_unit
from banso.accounts.selectors import village_team_scope_for_user


@rules.predicate
def covers_household(user, household) -> bool:
    return household is not None and officer_covers_unit(user, household.unit)


@rules.predicate
def covers_village(user, village) -> bool:
    """For a household to be registered in ``village``."""
    return village is not None and officer_covers_unit(user, village.commune)


@rules.predicate
def covers_unit(user, unit) -> bool:
    return unit is not None and officer_covers_unit(user, unit)


@rules.predicate
def is_team_of_village(user, household) -> bool:
    """The village's digital-technology team (its leader's role grant, or an active membership
    in the team register) reads its households."""
    if household is None:
        return False
    return household.village_id in village_team_scope_for_user(user).village_ids


rules.add_perm("households.add_household", rules.is_superuser | covers_village)
rules.add_perm(
    "households.view_household", rules.is_superuser | covers_household | is_team_of_village
)
rules.add_perm("households.change_household", rules.is_superuser | covers_household)
rules.add_perm("households.add_assessment", rules.is_superuser | covers_household)
# Exports of personal data (obj: the unit exported), each logged by services.export_log_record.
rules.add_perm("households.export_household", rules.is_superuser | covers_unit)
# Telecom support of a household (obj: the household): enrolments and their monthly activity.
rules.add_perm("households.change_telecomenrolment", rules.is_superuser | covers_household)

"""Who may do what with accounts. Place-based predicates shared by every app live here."""

import rules

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user


@rules.predicate
def is_province_officer(user) -> bool:
    return not place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,)).is_empty


@rules.predicate
def is_officer(user) -> bool:
    return not place_scope_for_user(
        user, roles=(PlaceRole.PROVINCE_OFFICER, PlaceRole.COMMUNE_OFFICER)
    ).is_empty


def officer_covers_unit(user, unit) -> bool:
    scope = place_scope_for_user(
        user, roles=(PlaceRole.PROVINCE_OFFICER, PlaceRole.COMMUNE_OFFICER)
    )
    return unit is not None and scope.covers_unit(unit.path)


def province_officer_covers_unit(user, unit) -> bool:
    scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
    return unit is not None and scope.covers_unit(unit.path)

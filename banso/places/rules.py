"""Villages are managed by the officers of the commune (or province) they lie in."""

import rules

from banso.accounts.rules import is_officer, officer_covers_unit


@rules.predicate
def covers_village_commune(user, village) -> bool:
    if village is None:
        return is_officer(user)
    return officer_covers_unit(user, village.commune)


@rules.predicate
def covers_commune(user, commune) -> bool:
    if commune is None:
        return is_officer(user)
    return officer_covers_unit(user, commune)


rules.add_perm("places.view_village", rules.always_allow)
rules.add_perm("places.add_village", rules.is_superuser | covers_commune)
rules.add_perm("places.change_village", rules.is_superuser | covers_village_commune)
rules.add_perm("places.delete_village", rules.is_superuser | covers_village_commune)
rules.add_perm("places.view_administrativeunit", rules.always_allow)

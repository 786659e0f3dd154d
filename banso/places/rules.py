"""Villages are managed by the officers of the commune (or province) they lie in.

The roles are read through :func:`banso.places.scopes.officer_scope`, which accounts provides:
places does not import accounts (accounts imports places, for the places roles are granted on).
"""

import rules

from banso.places.scopes import officer_scope


def is_officer(user) -> bool:
    return not officer_scope(user).is_empty


def officer_covers_unit(user, unit) -> bool:
    return unit is not None and officer_scope(user).covers_unit(unit.path)


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

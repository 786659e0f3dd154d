"""Who holds which broadcast role where, read from the person's role grants (``accounts``).

The roles (``PlaceRole.BROADCAST_*``) are given on a province or on a commune. Writing and
approving are the unit's own work: an editor of a commune writes that commune's bulletins, an
approver of the province approves the province's, so those checks ask for a grant on the very
unit (:func:`holds_role_on`). Reading and running the loudspeakers of a commune (its speakers,
its programme) is open to every broadcast role and officer whose grants cover it
(:func:`broadcast_scope_for_user`).
"""

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import OFFICER_ROLES, place_scope_for_user, role_grants_for_user
from banso.places.scopes import PlaceScope

BROADCAST_ROLES = (
    PlaceRole.BROADCAST_EDITOR,
    PlaceRole.BROADCAST_APPROVER,
    PlaceRole.BROADCAST_DUTY_APPROVER,
)


def role_unit_ids(user, role: str) -> set[int]:
    """The units (provinces, communes) on which ``user`` holds ``role``."""
    return {g.unit_id for g in role_grants_for_user(user) if g.role == role and g.unit_id}


def holds_role_on(user, role: str, unit_id: int | None) -> bool:
    return unit_id is not None and unit_id in role_unit_ids(user, role)


def editor_unit_ids(user) -> set[int]:
    return role_unit_ids(user, PlaceRole.BROADCAST_EDITOR)


def broadcast_scope_for_user(user) -> PlaceScope:
    """What the person's broadcast roles and officer roles cover (a province's grant covers
    each of its communes)."""
    return place_scope_for_user(user, roles=(*BROADCAST_ROLES, *OFFICER_ROLES))


def province_path_of(path: str) -> str:
    """The province's path of a unit's path (``n15/02761/`` → ``n15/``)."""
    return path.split("/", 1)[0] + "/"

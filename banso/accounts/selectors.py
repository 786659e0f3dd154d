from collections.abc import Callable
from typing import Any

from banso.accounts.models import ApiToken, PlaceRole, RoleGrant, User
from banso.places.scopes import PlaceScope


def role_grants_for_user(user) -> list[RoleGrant]:
    """The person's role grants, with their places, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_banso_role_grants", None)
    if cached is None:
        cached = list(
            RoleGrant.objects.filter(user=user).select_related("unit", "village__commune")
        )
        user._banso_role_grants = cached
    return cached


def place_scope_for_user(user, *, roles: tuple[str, ...] | None = None) -> PlaceScope:
    """What the person's roles (all of them, or only ``roles``) cover."""
    grants = [g for g in role_grants_for_user(user) if roles is None or g.role in roles]
    return PlaceScope(
        unit_paths=tuple(g.unit.path for g in grants if g.unit is not None),
        village_ids=frozenset(g.village_id for g in grants if g.village_id),
    )


OFFICER_ROLES = (PlaceRole.PROVINCE_OFFICER, PlaceRole.COMMUNE_OFFICER)


def officer_scope_for_user(user) -> PlaceScope:
    """What the person serves as a province or commune officer: what places' permissions and
    scoped reads ask for (see :mod:`banso.places.scopes`)."""
    return place_scope_for_user(user, roles=OFFICER_ROLES)


# The villages whose team a person serves on according to the team register (banso.teams, on a
# level above): set from its AppConfig.ready() by village_team_provider_set.
_village_team_provider: Callable[[Any], frozenset[int]] | None = None


def village_team_provider_set(provider: Callable[[Any], frozenset[int]]) -> None:
    """Set the function that tells the villages whose digital-technology team the person is an
    active member of, as the team register knows them (``banso.teams`` sets it)."""
    global _village_team_provider
    _village_team_provider = provider


def village_team_scope_for_user(user) -> PlaceScope:
    """The villages whose digital-technology team (tổ công nghệ số cộng đồng) the person serves:
    those of their village team leader role grants, and those whose team in the team register
    they are an active member of. What a team reads of its village (its households) asks this,
    so that joining or leaving a team in the register opens or closes it without a role grant.
    """
    if not getattr(user, "is_authenticated", False):
        return PlaceScope(unit_paths=(), village_ids=frozenset())
    granted = place_scope_for_user(user, roles=(PlaceRole.VILLAGE_TEAM_LEADER,)).village_ids
    registered = _village_team_provider(user) if _village_team_provider is not None else frozenset()
    return PlaceScope(unit_paths=(), village_ids=granted | registered)


def user_by_login(login: str) -> User | None:
    """Find the person who signs in as ``login``: a phone number or an email address."""
    from django.core.exceptions import ValidationError

    from banso.accounts.phone import phone_normalize

    login = login.strip()
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    try:
        phone = phone_normalize(login)
    except ValidationError:
        return None
    return User.objects.filter(phone=phone).first()


def api_token_user(key: str) -> tuple[ApiToken, User] | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), is_active=True, user__is_active=True)
        .first()
    )
    return (token, token.user) if token else None

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

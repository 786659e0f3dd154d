import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.models import ROLE_PLACE_LEVEL, ApiToken, PlaceRole, RoleGrant, User
from banso.accounts.phone import phone_normalize
from banso.places.models import AdministrativeUnit, Village

API_TOKEN_PREFIX = "bs_"  # noqa: S105 (a visible prefix, not a secret)


def user_create(
    *,
    phone: str | None = None,
    email: str | None = None,
    full_name: str = "",
    password: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        phone=phone_normalize(phone) if phone else None,
        email=User.objects.normalize_email(email).lower() if email else None,
        full_name=full_name.strip(),
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if not user.phone and not user.email:
        raise ValidationError(_("A person needs a phone number or an email address."))
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: str,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    granted_by: User | None = None,
) -> RoleGrant:
    """Give ``user`` a role on a place; granting the same role twice changes nothing."""
    level = ROLE_PLACE_LEVEL[PlaceRole(role)]
    if level == "village":
        if village is None or unit is not None:
            raise ValidationError(_("A village team leader is appointed to a village."))
    elif level == "province_or_commune":
        if (
            unit is None
            or village is not None
            or unit.level not in ("province", "commune")
            or not unit.is_current
        ):
            raise ValidationError(
                _("This role is given on a current province, or on a current commune or ward.")
            )
    elif unit is None or village is not None or unit.level != level or not unit.is_current:
        raise ValidationError(
            _("A province officer is appointed to a current province.")
            if level == "province"
            else _("A commune officer is appointed to a current commune or ward.")
        )
    grant, _created = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        unit=unit,
        village=village,
        defaults={"granted_by": granted_by},
    )
    return grant


def role_revoke(*, grant: RoleGrant) -> None:
    """Take a role away; the person keeps their account and their other roles."""
    grant.delete()


def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Make a new bearer token; the key is returned once and never stored."""
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[: len(API_TOKEN_PREFIX) + 6],
        key_hash=ApiToken.hash_key(key),
    )
    token.full_clean()
    token.save()
    return token, key


def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute, so polling stays read-only."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)

import hashlib

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.places.models import AdministrativeUnit, Village


class UserManager(BaseUserManager):
    def create_user(self, phone=None, password=None, **fields):
        from banso.accounts.services import user_create

        return user_create(phone=phone, password=password, **fields)

    def create_superuser(self, phone=None, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(phone=phone, password=password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. They sign in with their phone number or their email address."""

    phone = models.CharField(_("phone number"), max_length=20, unique=True, null=True, blank=True)
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the person may open the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False),
                name="accounts_user_phone_or_email",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.phone or self.email or str(self.pk)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """How pages greet the person (the admin's "Welcome, …"): by name, else by the phone
        number as people write it, else by email."""
        from banso.accounts.phone import phone_display

        if self.full_name:
            return self.full_name
        if self.phone:
            return phone_display(self.phone)
        return self.email or ""


class PlaceRole(models.TextChoices):
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    VILLAGE_TEAM_LEADER = "village_team_leader", _("Village team leader")
    # Reviews the translations of the province's content (banso.lingo).
    TRANSLATOR = "translator", _("Translator")
    # The bulletins of the loudspeakers (banso.broadcast), on a province or a commune: an editor
    # writes the unit's bulletins, an approver of the same unit approves them before anything
    # plays, a duty approver may approve an emergency bulletin alone.
    BROADCAST_EDITOR = "broadcast_editor", _("Bulletin editor")
    BROADCAST_APPROVER = "broadcast_approver", _("Bulletin approver")
    BROADCAST_DUTY_APPROVER = "broadcast_duty_approver", _("Duty approver of emergency bulletins")


# Which kind of place each role is granted on ("province_or_commune": either, the role's work
# being that unit's own, as a bulletin written by a commune or by the province).
ROLE_PLACE_LEVEL = {
    PlaceRole.PROVINCE_OFFICER: "province",
    PlaceRole.COMMUNE_OFFICER: "commune",
    PlaceRole.VILLAGE_TEAM_LEADER: "village",
    PlaceRole.TRANSLATOR: "province",
    PlaceRole.BROADCAST_EDITOR: "province_or_commune",
    PlaceRole.BROADCAST_APPROVER: "province_or_commune",
    PlaceRole.BROADCAST_DUTY_APPROVER: "province_or_commune",
}


class RoleGrant(TimeStampedModel):
    """A role a person holds on a place; it covers everything under that place.

    A province officer's grant covers every commune and village of the province; a commune
    officer's covers the commune's villages; a village team leader's covers one village.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=24, choices=PlaceRole.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True},
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(village__isnull=True))
                | (Q(unit__isnull=True) & Q(village__isnull=False)),
                name="accounts_rolegrant_one_place",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                name="accounts_rolegrant_unit_unique",
                condition=Q(unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "village"],
                name="accounts_rolegrant_village_unique",
                condition=Q(village__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.unit or self.village}"

    @property
    def place(self):
        return self.unit or self.village


class ApiToken(TimeStampedModel):
    """A bearer token for scripts and devices. Only its SHA-256 hash is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class PasswordResetCode(models.Model):
    """A one-time code that lets a person who forgot their password set a new one.

    Six digits, sent by the configured sender (SMS or email), valid a few minutes, for a few
    attempts, once. Only a keyed hash of the code is stored; a new code replaces the old one.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    code_hash = models.CharField(max_length=64, verbose_name=_("code hash"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("used at"))

    class Meta:
        verbose_name = _("password reset code")
        verbose_name_plural = _("password reset codes")
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_reset_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

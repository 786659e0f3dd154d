"""The device registry: loudspeaker clusters (cụm loa) of the communes' IP radio, their groups,
and the state they last reported."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.places.models import AdministrativeUnit, Village


class SpeakerGroup(TimeStampedModel):
    """Speakers of one commune that bulletins can target together (the commune's centre, the
    villages along a river, the market)."""

    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True, "level": "commune"},
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("speaker group")
        verbose_name_plural = _("speaker groups")
        ordering = ["commune__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name"],
                name="broadcast_group_name_unique",
                violation_error_message=_("The commune already has a group of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LinkKind(models.TextChoices):
    MOBILE = "4g", _("SIM card (4G)")
    WIRED = "wired", _("Wired network")


class Speaker(TimeStampedModel):
    """A loudspeaker cluster with its IP receiver, in a commune (and usually a village).

    The device proves who it is with its own secret token (``Authorization: Bearer …``): only
    the token's SHA-256 is stored, the token itself is shown once when the speaker is
    registered or its token replaced. A speaker made inactive is refused by the API.
    """

    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True, "level": "commune"},
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    model = models.CharField(_("model"), max_length=100, blank=True)
    power_watts = models.PositiveIntegerField(
        _("speaker power (W)"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    link = models.CharField(
        _("connection"), max_length=8, choices=LinkKind.choices, default=LinkKind.MOBILE
    )
    firmware = models.CharField(_("firmware"), max_length=60, blank=True)
    groups = models.ManyToManyField(
        SpeakerGroup, verbose_name=_("groups"), blank=True, related_name="speakers"
    )
    token_prefix = models.CharField(_("token prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("loudspeaker cluster")
        verbose_name_plural = _("loudspeaker clusters")
        ordering = ["commune__path", "name"]
        indexes = [models.Index(fields=["commune", "is_active"], name="broadcast_speaker_commune")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class PowerSource(models.TextChoices):
    MAINS = "mains", _("Mains")
    BATTERY = "battery", _("Battery")
    SOLAR = "solar", _("Solar")


class SpeakerStatus(models.Model):
    """What a speaker last said of itself in its heartbeat: its signal, power, temperature,
    firmware, and how far its clock is from the server's. One row a speaker, written only by
    the device's own requests (the registry's rows are the editors')."""

    speaker = models.OneToOneField(
        Speaker, primary_key=True, on_delete=models.CASCADE, related_name="status"
    )
    heartbeat_at = models.DateTimeField(_("last heartbeat"))
    signal_dbm = models.SmallIntegerField(_("signal (dBm)"), null=True, blank=True)
    power_source = models.CharField(
        _("power"), max_length=8, choices=PowerSource.choices, blank=True
    )
    battery_percent = models.PositiveSmallIntegerField(_("battery (%)"), null=True, blank=True)
    temperature_c = models.FloatField(_("temperature (°C)"), null=True, blank=True)
    firmware = models.CharField(_("firmware"), max_length=60, blank=True)
    clock_offset_seconds = models.FloatField(
        _("clock ahead by (s)"),
        null=True,
        blank=True,
        help_text=_("The device's clock minus the server's, when it sent its heartbeat."),
    )

    class Meta:
        verbose_name = _("speaker status")
        verbose_name_plural = _("speaker statuses")

    def __str__(self) -> str:
        return f"{self.speaker_id} · {self.heartbeat_at:%Y-%m-%d %H:%M}"

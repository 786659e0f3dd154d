"""The communes' programmes: daily slots on the loudspeakers, the bulletins placed in them, and
the counter that tells a polling device whether anything changed."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banso.broadcast.models.bulletins import Bulletin
from banso.common.models import TimeStampedModel
from banso.places.models import AdministrativeUnit

# Every day of the week, Monday the lowest bit (date.weekday() 0).
EVERY_DAY = 0b1111111
LONGEST_SLOT_MINUTES = 240


class Programme(TimeStampedModel):
    """A commune's broadcast programme (chương trình phát thanh): its daily slots, in the
    local time of the site (Asia/Ho_Chi_Minh)."""

    commune = models.OneToOneField(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True, "level": "commune"},
    )
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class ProgrammeSlot(TimeStampedModel):
    """A daily slot of a programme (6:00, 17:00): it starts at ``starts_at`` local time on the
    days of ``weekdays`` (a bit a day, Monday lowest) and lasts ``length_minutes``; what is
    placed in it must end within it. Slots of a programme never overlap, and none runs past
    midnight."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.TimeField(_("starts at"))
    length_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_SLOT_MINUTES)],
    )
    weekdays = models.PositiveSmallIntegerField(
        _("days of the week"),
        default=EVERY_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(EVERY_DAY)],
    )
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("programme slot")
        verbose_name_plural = _("programme slots")
        ordering = ["programme", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_minutes__gte=1) & Q(length_minutes__lte=LONGEST_SLOT_MINUTES),
                name="broadcast_slot_length",
            ),
            models.CheckConstraint(
                condition=Q(weekdays__gte=1) & Q(weekdays__lte=EVERY_DAY),
                name="broadcast_slot_weekdays",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.starts_at:%H:%M}"

    def runs_on(self, weekday: int) -> bool:
        return bool(self.weekdays & (1 << weekday))

    @property
    def start_minute(self) -> int:
        return self.starts_at.hour * 60 + self.starts_at.minute

    @property
    def end_minute(self) -> int:
        return self.start_minute + self.length_minutes


class SlotPlacement(TimeStampedModel):
    """A normal bulletin the commune chose to play in one of its slots, every day the bulletin
    is valid; ``position`` orders the normal bulletins of the slot (priority and emergency
    bulletins need no placement: they come first in every slot)."""

    slot = models.ForeignKey(
        ProgrammeSlot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="placements"
    )
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.PROTECT, related_name="placements"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bulletin in a slot")
        verbose_name_plural = _("bulletins in slots")
        ordering = ["slot", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "bulletin"],
                name="broadcast_placement_once",
                violation_error_message=_("The bulletin is already in this slot."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.bulletin_id}"


class ScheduleVersion(models.Model):
    """How many times what a commune's speakers play has changed (``number``), and its
    emergencies (``emergency_number``). Every write that changes a speaker's playlist raises
    the number in its own transaction; a device's poll compares the number (kept in the
    cache) with the one in its ETag, and an unchanged poll costs no query."""

    commune = models.OneToOneField(
        AdministrativeUnit, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveBigIntegerField(default=0)
    emergency_number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("schedule version")
        verbose_name_plural = _("schedule versions")

    def __str__(self) -> str:
        return f"{self.commune_id} · {self.number}.{self.emergency_number}"

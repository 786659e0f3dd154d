"""What the status board remembers: each time a speaker fell silent (so that the commune is told
once per silence, and again when it is heard), and the language each person reads those alerts
in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.broadcast.models.speakers import Speaker
from banso.places.models import AdministrativeUnit


class AlertEnd(models.TextChoices):
    HEARD = "heard", pgettext_lazy("speaker alert", "Heard again")
    OUT_OF_SERVICE = "out_of_service", pgettext_lazy("speaker alert", "Taken out of service")


class SpeakerAlert(models.Model):
    """A silence of a speaker (loa mất tín hiệu): opened by the periodic check when a speaker
    that had sent heartbeats sends none for longer than the board's threshold, closed when it is
    heard again or taken out of service. The commune's officers and editors are told when it
    opens and when the speaker is heard again; at most one alert of a speaker is open, so a
    silence is told once however often the check runs. ``commune`` is copied from the speaker
    for the commune's board."""

    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    silent_since = models.DateTimeField(_("silent since"))
    opened_at = models.DateTimeField(_("alert sent at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_because = models.CharField(
        _("closed because"), max_length=16, choices=AlertEnd.choices, blank=True
    )

    class Meta:
        verbose_name = _("speaker alert")
        verbose_name_plural = _("speaker alerts")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["speaker"],
                condition=Q(closed_at__isnull=True),
                name="broadcast_alert_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "closed_at"], name="broadcast_alert_commune"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id} · {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class AlertLanguage(models.Model):
    """The language a person reads the loudspeakers' alerts in: the one they last opened the
    status board in (Vietnamese until they have). The site keeps a person's language in a
    cookie only, and an alert is written by the worker, far from any request."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("alert language")
        verbose_name_plural = _("alert languages")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.language}"

"""What the speakers report: the plays (or failures) of each audio version, and their
acknowledgements of emergency bulletins."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.broadcast.models.bulletins import Bulletin, BulletinVersion
from banso.broadcast.models.speakers import Speaker
from banso.places.models import AdministrativeUnit


class PlayOutcome(models.TextChoices):
    PLAYED = "played", pgettext_lazy("play report", "Played")
    FAILED = "failed", pgettext_lazy("play report", "Failed")


class PlayReport(models.Model):
    """A speaker's report that it played an audio version, or failed to (the proof of
    broadcast). ``client_id`` is made by the device, once per play: a report sent again after
    a lost answer is stored once. ``bulletin`` and ``commune`` are copied from the version and
    the speaker, for the reports by bulletin and by commune."""

    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="+"
    )
    client_id = models.CharField(_("device's identifier"), max_length=64)
    version = models.ForeignKey(
        BulletinVersion, verbose_name=_("audio version"), on_delete=models.PROTECT, related_name="+"
    )
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=PlayOutcome.choices)
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("play report")
        verbose_name_plural = _("play reports")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["speaker", "client_id"], name="broadcast_report_once"),
        ]
        indexes = [
            models.Index(fields=["bulletin", "started_at"], name="broadcast_report_bulletin"),
            models.Index(fields=["commune", "started_at"], name="broadcast_report_commune"),
            # A speaker's last play and last failure, on the status board.
            models.Index(
                fields=["speaker", "outcome", "started_at"], name="broadcast_report_speaker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id} · {self.version_id} · {self.outcome}"


class EmergencyAck(models.Model):
    """A speaker's acknowledgement that an emergency bulletin has reached it, sent on receipt
    before its audio is fetched (once a speaker and bulletin; sent again, it changes nothing).
    Its play is reported as any other."""

    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="+"
    )
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.PROTECT, related_name="acks"
    )
    device_time = models.DateTimeField(_("device's time"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("emergency acknowledgement")
        verbose_name_plural = _("emergency acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["speaker", "bulletin"], name="broadcast_ack_once"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id} · {self.bulletin_id}"

"""Bulletins (bản tin) of the grassroots information system, their history and their audio.

A bulletin is written by an editor of a commune or of the province (its ``source_unit``, where
the editor holds the role) and approved by an approver of that same unit before anything of it
plays; an emergency may be approved by one duty approver alone, which its history records
(Circular 39/2020/TT-BTTTT: the provincial source-information system sends bulletins to the
communes' IP radio with three priorities, normal, priority and emergency). Nothing is deleted:
every change is a ``BulletinChange`` row, a bulletin ends withdrawn or expired, a version is
removed (``removed_at``), never dropped, so that what played stays explained.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.common.models import TimeStampedModel
from banso.places.models import AdministrativeUnit, Village


class Category(models.TextChoices):
    POLICY = "policy", _("Policies and laws")
    DISASTER = "disaster", _("Natural disasters and weather")
    HEALTH = "health", _("Health and epidemics")
    FARMING = "farming", _("Farming and markets")
    SECURITY = "security", _("Security and order")
    WELFARE = "welfare", _("Poverty reduction and social welfare")
    CULTURE = "culture", _("Culture, education and sport")
    NEWS = "news", _("Local news")
    OTHER = "other", pgettext_lazy("bulletin category", "Other")


class Priority(models.TextChoices):
    """Normal: the commune decides whether and when it plays; priority: first in every
    programme slot while it is valid; emergency: at once, and first in every slot."""

    NORMAL = "normal", pgettext_lazy("bulletin priority", "Normal")
    PRIORITY = "priority", pgettext_lazy("bulletin priority", "Priority")
    EMERGENCY = "emergency", pgettext_lazy("bulletin priority", "Emergency")


class BulletinState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bulletin state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("bulletin state", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("bulletin state", "Approved")
    REJECTED = "rejected", pgettext_lazy("bulletin state", "Sent back")
    WITHDRAWN = "withdrawn", pgettext_lazy("bulletin state", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("bulletin state", "Expired")


class Bulletin(TimeStampedModel):
    """A bulletin (bản tin) for the village loudspeakers.

    ``source_unit`` is the province or commune whose editor wrote it (``department``: the
    office that asked for it, e.g. the provincial Department of Health); ``province`` is kept
    beside it so that reads of "the province's bulletins" filter one column. Targets: the whole
    province (``is_province_wide``, only for a bulletin of the province), communes, villages
    or speaker groups, all inside the source unit. ``revision`` counts the changes of content,
    so a version recorded for an older text is known.
    """

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    source_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("written by (province or commune)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", editable=False
    )
    department = models.CharField(
        _("department"),
        max_length=200,
        blank=True,
        help_text=_("The office that asked for it, e.g. the Department of Health."),
    )
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    is_province_wide = models.BooleanField(_("the whole province"), default=False)
    target_communes = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("communes"), blank=True, related_name="+"
    )
    target_villages = models.ManyToManyField(
        Village, verbose_name=_("villages"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        "broadcast.SpeakerGroup", verbose_name=_("speaker groups"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or sent back at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or sent back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_on_duty = models.BooleanField(_("approved by the duty approver alone"), default=False)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")),
                name="broadcast_bulletin_valid_window",
                violation_error_code="valid_window",
                violation_error_message=_("A bulletin is valid until a time after it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "valid_until"], name="broadcast_bulletin_live"),
            models.Index(fields=["source_unit", "state"], name="broadcast_bulletin_source"),
            models.Index(fields=["province", "state"], name="broadcast_bulletin_province"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_emergency(self) -> bool:
        return self.priority == Priority.EMERGENCY

    def is_valid_at(self, moment) -> bool:
        return self.valid_from <= moment < self.valid_until


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Written")
    EDITED = "edited", _("Changed")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", pgettext_lazy("bulletin change", "Approved")
    APPROVED_ON_DUTY = "approved_on_duty", _("Approved by the duty approver alone")
    REJECTED = "rejected", pgettext_lazy("bulletin change", "Sent back")
    WITHDRAWN = "withdrawn", pgettext_lazy("bulletin change", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("bulletin change", "Expired")
    VOICING = "voicing", _("Voicing started")
    VOICED = "voiced", _("Voiced")
    VOICING_FAILED = "voicing_failed", _("Voicing failed")
    VERSION_ADDED = "version_added", _("Recording added")
    VERSION_APPROVED = "version_approved", _("Recording approved")
    VERSION_REMOVED = "version_removed", _("Version removed")
    VERSIONS_ORDERED = "versions_ordered", _("Order of the versions set")
    COMMUNE_ORDERED = "commune_ordered", _("Order of the versions set for a commune")
    PLACED = "placed", _("Placed in a programme slot")
    UNPLACED = "unplaced", _("Taken out of a programme slot")


class BulletinChange(models.Model):
    """One change of a bulletin: who, when, what (``changes``: each field's value before and
    after; a version's or a slot's identity), the state before and after. Written by the
    services in the transaction of the change itself, never changed or deleted."""

    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.PROTECT, related_name="changes"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=20, choices=ChangeAction.choices)
    state_before = models.CharField(max_length=10, choices=BulletinState.choices, blank=True)
    state_after = models.CharField(max_length=10, choices=BulletinState.choices)
    revision = models.PositiveIntegerField(_("revision"))
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("change of a bulletin")
        verbose_name_plural = _("changes of bulletins")
        ordering = ["bulletin", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.bulletin_id} · {self.action} · {self.at:%Y-%m-%d %H:%M}"


class Language(models.TextChoices):
    """The languages bulletins are voiced or recorded in: Vietnamese by the machine, the
    others by people (no engine speaks H'Mông, Dao or Tày)."""

    VIETNAMESE = "vi", pgettext_lazy("language", "Vietnamese")
    HMONG = "hmn", pgettext_lazy("language", "H'Mông")
    DAO = "dao", pgettext_lazy("language", "Dao")
    TAY = "tay", pgettext_lazy("language", "Tày")
    GIAY = "giay", pgettext_lazy("language", "Giáy")
    NUNG = "nung", pgettext_lazy("language", "Nùng")
    PHU_LA = "phula", pgettext_lazy("language", "Phù Lá")
    OTHER = "other", pgettext_lazy("language", "Another language")


class Script(models.TextChoices):
    """How a version's transcript is written, where the language has more than one writing:
    H'Mông in Vietnam's Hmông script (chữ Mông, 1961) or in the Romanized Popular Alphabet."""

    HMONG_VIETNAM = "hmong_vn", _("Vietnam's Hmông script")
    RPA = "rpa", _("RPA (Romanized Popular Alphabet)")


# The languages written in more than one script, and the scripts each takes.
LANGUAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    Language.HMONG: (Script.HMONG_VIETNAM, Script.RPA),
}


class VersionKind(models.TextChoices):
    VOICED = "voiced", _("Voiced by the machine")
    RECORDED = "recorded", _("Recorded by a person")


class VersionStatus(models.TextChoices):
    PENDING = "pending", _("Being voiced")
    READY = "ready", pgettext_lazy("audio version", "Ready")
    FAILED = "failed", pgettext_lazy("audio version", "Failed")


def version_audio_upload_to(version: "BulletinVersion", filename: str) -> str:
    return f"broadcast/audio/{filename}"


class BulletinVersion(TimeStampedModel):
    """One audio version of a bulletin: the Vietnamese voiced by text-to-speech, or a recording
    in another language uploaded by a person. Played in ``position`` order.

    The file is private (``MEDIA_PRIVATE_PREFIXES``: served only to the speakers it is for and
    to the bulletin's people), stored under a random name; ``sha256`` and ``duration_ms`` are
    measured from its bytes, so a device checks what it downloaded. A version plays only once
    approved (``approved_at``): approving the bulletin approves its ready versions, a recording
    added later waits for an approver of its own. ``made_for_revision``: the bulletin's
    revision when it was voiced or recorded.
    """

    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.PROTECT, related_name="versions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=VersionKind.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    script = models.CharField(_("script"), max_length=10, choices=Script.choices, blank=True)
    transcript = models.TextField(
        _("transcript"),
        max_length=20000,
        blank=True,
        help_text=_("What the recording says, written in its language (optional)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.READY
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    audio = models.FileField(_("audio"), upload_to=version_audio_upload_to, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0, editable=False)
    engine = models.CharField(_("speech engine"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    made_for_revision = models.PositiveIntegerField(_("made for revision"), default=1)
    progress = models.ForeignKey(
        "jobs.TaskProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audio version")
        verbose_name_plural = _("audio versions")
        ordering = ["bulletin", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(audio="") & ~Q(sha256="")),
                name="broadcast_version_ready_has_audio",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} · {self.get_language_display()}"

    @property
    def is_playable(self) -> bool:
        return (
            self.status == VersionStatus.READY
            and self.approved_at is not None
            and self.removed_at is None
        )

    @property
    def duration_seconds(self) -> float:
        return self.duration_ms / 1000

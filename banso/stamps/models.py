from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.common.fields import PictureField
from banso.common.models import TimeStampedModel
from banso.jobs.models import TaskProgress
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit
from banso.trace.models import Lot, Product

MAX_RUN_SIZE = 200_000


class LabelTemplate(models.TextChoices):
    """A4 label sheets in common stamp sizes; CUSTOM takes the run's own measurements."""

    A4_30MM = "a4_30", _("A4, 30 × 30 mm labels")
    A4_25MM = "a4_25", _("A4, 25 × 25 mm labels")
    A4_40X30 = "a4_40x30", _("A4, 40 × 30 mm labels")
    A4_50X30 = "a4_50x30", _("A4, 50 × 30 mm labels")
    CUSTOM = "custom", _("Custom size")


class StampRun(TimeStampedModel):
    """An order of N stamps for a product (optionally a lot): serials, then print files.

    Issuing and laying out run as a background task that can be killed and resumed:
    ``issued_count`` says how many serials are stored, and the print files are made last,
    from the stored stamps, in one pass. ``pin_secret`` derives each stamp's scratch PIN while
    the files are made (so a resumed run prints the same PINs) and is erased once they are
    done: afterwards only each PIN's keyed hash remains.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        ISSUING = "issuing", _("Issuing serials")
        LAYING_OUT = "laying_out", _("Laying out the print file")
        READY = "ready", _("Ready to print")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="stamp_runs",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="stamp_runs"
    )
    lot = models.ForeignKey(
        Lot,
        verbose_name=_("lot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stamp_runs",
    )
    quantity = models.PositiveIntegerField(
        _("number of stamps"), validators=[MinValueValidator(1), MaxValueValidator(MAX_RUN_SIZE)]
    )
    with_pin = models.BooleanField(_("scratch PIN"), default=False)
    pin_length = models.PositiveSmallIntegerField(
        _("PIN digits"), default=6, validators=[MinValueValidator(6), MaxValueValidator(8)]
    )
    pin_secret = models.BinaryField(
        max_length=32, blank=True, editable=False, verbose_name=_("PIN secret")
    )
    template = models.CharField(
        _("label sheet"),
        max_length=10,
        choices=LabelTemplate.choices,
        default=LabelTemplate.A4_30MM,
    )
    # Custom layout, in millimetres (used when template is CUSTOM).
    label_width_mm = models.DecimalField(
        _("label width (mm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    label_height_mm = models.DecimalField(
        _("label height (mm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    margin_mm = models.DecimalField(
        _("page margin (mm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    gap_mm = models.DecimalField(
        _("gap between labels (mm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    bleed_mm = models.DecimalField(
        _("bleed (mm)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    label_text = models.CharField(_("short text on each label"), max_length=40, blank=True)
    logo = PictureField(_("logo"), upload_to="stamps/logos/", blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    issued_count = models.PositiveIntegerField(default=0, verbose_name=_("stamps issued"))
    progress = models.ForeignKey(
        TaskProgress,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("progress"),
    )
    pdf = models.FileField(_("print file (PDF)"), upload_to="stamps/runs/", blank=True)
    serials_csv = models.FileField(_("serials (CSV)"), upload_to="stamps/runs/", blank=True)
    serials_xlsx = models.FileField(_("serials (Excel)"), upload_to="stamps/runs/", blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last heartbeat"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("stamp run")
        verbose_name_plural = _("stamp runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"


class RunState(models.TextChoices):
    """Where a run stands, as its pages say it: the making of its files while they are made
    (``StampRun.status``), then what has become of its stamps. Worked out by
    ``selectors.runs.stamp_run_state``, the one place that says it."""

    WAITING = "waiting", _("Waiting to start")
    MAKING = "making", _("Making the stamps")
    FAILED = "failed", _("Could not be made")
    READY = "ready", _("Ready to print")
    PRINTED = "printed", _("Printed, not activated yet")
    PARTLY_ACTIVATED = "partly_activated", _("Partly activated")
    ACTIVATED = "activated", _("All activated")
    VOIDED = "voided", _("All voided")


class StampStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    PRINTED = "printed", _("Printed")
    ACTIVATED = "activated", _("Activated")
    VOIDED = "voided", _("Voided")


class Stamp(models.Model):
    """One QR stamp: a random serial (AI 21) on one package.

    ``number`` is its place in the run (1…N), printed small, so a co-op can activate or void a
    range ("stamps 1–500 of this run") without the serials being sequential. Only an activated
    stamp shows as genuine.
    """

    run = models.ForeignKey(
        StampRun, on_delete=models.PROTECT, related_name="stamps", verbose_name=_("stamp run")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    serial = models.CharField(max_length=20, unique=True, verbose_name=_("serial"))
    pin_hash = models.CharField(max_length=64, blank=True, verbose_name=_("PIN hash"))
    status = models.CharField(
        max_length=10,
        choices=StampStatus.choices,
        default=StampStatus.ISSUED,
        verbose_name=_("status"),
    )
    lot = models.ForeignKey(
        Lot,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stamps",
        verbose_name=_("lot"),
    )
    activated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("activated at"))
    voided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("voided at"))
    void_reason = models.CharField(max_length=20, blank=True, verbose_name=_("reason for voiding"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    claimed_unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("claimed in"),
    )
    scan_count = models.PositiveIntegerField(default=0, verbose_name=_("scans"))
    first_scanned_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("first scanned at")
    )
    is_flagged = models.BooleanField(default=False, db_index=True, verbose_name=_("flagged"))
    flag_reasons = models.JSONField(default=list, blank=True, verbose_name=_("flag reasons"))

    class Meta:
        verbose_name = _("stamp")
        verbose_name_plural = _("stamps")
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="stamps_stamp_number_unique"),
            models.CheckConstraint(
                condition=~Q(status="activated") | Q(lot__isnull=False),
                name="stamps_activated_has_lot",
            ),
        ]

    def __str__(self) -> str:
        return self.serial


class DeviceClass(models.TextChoices):
    PHONE = "phone", _("Phone")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Computer")
    OTHER = "other", _("Other")


class Scan(models.Model):
    """One opening of a stamp's URI. Only coarse facts are kept: no IP address (a salted hash),
    and a place only when the buyer's browser shared it, rounded to about a kilometre."""

    stamp = models.ForeignKey(
        Stamp, on_delete=models.CASCADE, related_name="scans", verbose_name=_("stamp")
    )
    scanned_at = models.DateTimeField(db_index=True, verbose_name=_("scanned at"))
    latitude = models.FloatField(null=True, blank=True, verbose_name=_("latitude"))
    longitude = models.FloatField(null=True, blank=True, verbose_name=_("longitude"))
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("commune or ward"),
    )
    language = models.CharField(max_length=10, blank=True, verbose_name=_("language"))
    device_class = models.CharField(
        max_length=10,
        choices=DeviceClass.choices,
        default=DeviceClass.OTHER,
        verbose_name=_("device"),
    )
    ip_hash = models.CharField(max_length=64, blank=True, verbose_name=_("address hash"))
    device_hash = models.CharField(max_length=64, blank=True, verbose_name=_("device hash"))

    class Meta:
        verbose_name = pgettext_lazy("opening of a QR code", "scan")
        verbose_name_plural = pgettext_lazy("opening of a QR code", "scans")
        indexes = [models.Index(fields=["stamp", "scanned_at"], name="stamps_scan_stamp_time")]

    def __str__(self) -> str:
        return f"{self.stamp} @ {self.scanned_at:%Y-%m-%d %H:%M}"

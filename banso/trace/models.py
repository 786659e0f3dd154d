import uuid
from typing import cast

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.fields import PictureField, SortKeyField
from banso.common.models import Photo, TimeStampedModel
from banso.common.uploads import validate_image
from banso.orgs.models import Certificate, Organisation
from banso.places.models import AdministrativeUnit, Village
from banso.trace.gs1 import validate_gtin, validate_lot_code


class ProductCategory(models.TextChoices):
    FRUIT = "fruit", _("Fruit")
    VEGETABLE = "vegetable", _("Vegetables")
    TEA = "tea", _("Tea")
    RICE_GRAIN = "rice_grain", _("Rice and grain")
    MEDICINAL_HERB = "medicinal_herb", _("Medicinal herbs")
    PROCESSED_FOOD = "processed_food", _("Processed food")
    HANDICRAFT = "handicraft", _("Handicrafts and brocade")
    LIVESTOCK = "livestock", _("Livestock and fish")
    OTHER = "other", _("Other")


class SalesUnit(models.TextChoices):
    KG = "kg", _("kilogram")
    BOX = "box", _("box")
    BAG = "bag", _("bag")
    PACK = "pack", _("pack")
    BOTTLE = "bottle", _("bottle")
    PIECE = "piece", _("piece")


class MeasureUnit(models.TextChoices):
    """Units of net content and lot quantities (UN/CEFACT codes are mapped when emitting EPCIS)."""

    GRAM = "g", "g"
    KILOGRAM = "kg", "kg"
    TONNE = "t", _("tonne")
    MILLILITRE = "ml", "ml"
    LITRE = "l", "l"
    PIECE = "piece", _("piece")


class Product(TimeStampedModel):
    """A product an organisation makes, identified by its GTIN-14.

    Its name and description are written in Vietnamese; banso.lingo keeps them in other
    languages (registered in ``TraceConfig.ready()``).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=220, db_index=True, editable=False)
    name_sort = SortKeyField()
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ProductCategory.choices)
    unit = models.CharField(_("sold by"), max_length=10, choices=SalesUnit.choices)
    net_content = models.DecimalField(
        _("net content"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    net_content_unit = models.CharField(
        _("net content unit"), max_length=5, choices=MeasureUnit.choices, blank=True
    )
    gtin = models.CharField(
        _("GTIN"),
        max_length=14,
        unique=True,
        validators=[validate_gtin],
        help_text=_("GTIN-14 with its check digit; made from the platform's prefix if empty."),
    )
    certificates = models.ManyToManyField(
        Certificate, verbose_name=_("certificates"), blank=True, related_name="products"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name


def product_photo_upload_to(photo, filename: str) -> str:
    return f"trace/products/{photo.product_id}/{filename}"


class ProductPhoto(Photo):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def upload_path(self, filename: str) -> str:
        return product_photo_upload_to(self, filename)


class Lot(TimeStampedModel):
    """A lot (lô) of a product: one harvest, from one place, on one day.

    Its journey is the EPCIS events that name it; the harvest is its commissioning.
    """

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lots"
    )
    code = models.CharField(_("lot code"), max_length=20, validators=[validate_lot_code])
    harvest_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("harvest commune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    harvest_village = models.ForeignKey(
        Village,
        verbose_name=_("harvest village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    harvest_date = models.DateField(_("harvest date"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, validators=[MinValueValidator(0)]
    )
    quantity_unit = models.CharField(_("unit"), max_length=5, choices=MeasureUnit.choices)
    producer_households = models.TextField(
        _("producer households"), blank=True, help_text=_("One household a line (optional).")
    )
    notes = models.TextField(_("notes"), blank=True)
    # Unlike ``notes`` (the co-operative's own), buyers read these, translated, on the trace page.
    public_notes = models.TextField(
        _("notes for buyers"),
        blank=True,
        help_text=_("Buyers read these on the lot's trace page, in their language."),
    )

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["-harvest_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="trace_lot_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.code}"


class EventType(models.TextChoices):
    OBJECT = "ObjectEvent", "ObjectEvent"
    AGGREGATION = "AggregationEvent", "AggregationEvent"
    TRANSACTION = "TransactionEvent", "TransactionEvent"
    TRANSFORMATION = "TransformationEvent", "TransformationEvent"
    ASSOCIATION = "AssociationEvent", "AssociationEvent"


class CaptureJob(TimeStampedModel):
    """One EPCIS capture request: its document is captured all or nothing, in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    document = models.JSONField(_("document"))
    event_count = models.PositiveIntegerField(default=0)
    stored_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("capture job")
        verbose_name_plural = _("capture jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"


class TraceEvent(models.Model):
    """One EPCIS 2.0 event, append-only.

    ``event_hash`` is the standard's canonical event hash (``ni:///sha-256;…?ver=CBV2.0``):
    the same event sent twice is stored once. ``previous_hash`` is the hash of the event stored
    before it for the same lot, so an altered or removed row breaks the chain
    (``manage.py trace_verify``). A mistake is corrected by a new event that declares the error,
    never by changing a row.
    """

    # Unique with ``is_error_declaration``: the standard's hash leaves errorDeclaration out, so
    # the declaration that an event was wrong has the same hash as that event.
    event_hash = models.CharField(max_length=120, db_index=True, verbose_name=_("event hash"))
    event_id = models.CharField(
        max_length=300, blank=True, db_index=True, verbose_name=_("event ID")
    )
    event_type = models.CharField(
        max_length=20, choices=EventType.choices, verbose_name=_("event type")
    )
    event_time = models.DateTimeField(db_index=True, verbose_name=_("event time"))
    event_time_zone_offset = models.CharField(max_length=6, verbose_name=_("time zone offset"))
    record_time = models.DateTimeField(auto_now_add=True, verbose_name=_("recorded at"))
    action = models.CharField(max_length=10, blank=True, verbose_name=_("action"))
    biz_step = models.CharField(
        max_length=200, blank=True, db_index=True, verbose_name=_("business step")
    )
    disposition = models.CharField(max_length=200, blank=True, verbose_name=_("disposition"))
    read_point = models.CharField(max_length=300, blank=True, verbose_name=_("read point"))
    biz_location = models.CharField(
        max_length=300, blank=True, db_index=True, verbose_name=_("business location")
    )
    is_error_declaration = models.BooleanField(default=False, verbose_name=_("error declaration"))
    document = models.JSONField(
        help_text="The event as captured (JSON-LD, without @context).", verbose_name=_("document")
    )
    context = models.JSONField(
        default=list, blank=True, help_text="The document's @context.", verbose_name=_("context")
    )
    lot = models.ForeignKey(
        Lot,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("lot"),
    )
    previous_hash = models.CharField(
        max_length=120, blank=True, verbose_name=_("previous event hash")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    capture_job = models.ForeignKey(
        CaptureJob,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("capture job"),
    )

    class Meta:
        verbose_name = _("trace event")
        verbose_name_plural = _("trace events")
        ordering = ["event_time", "pk"]
        indexes = [models.Index(fields=["lot", "event_time"], name="trace_event_lot_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["event_hash", "is_error_declaration"], name="trace_event_hash_unique"
            ),
            # An eventID names one event (and the declaration that it was in error), across
            # every organisation: EPCIS 2.0 wants it globally unique.
            models.UniqueConstraint(
                fields=["event_id", "is_error_declaration"],
                condition=~models.Q(event_id=""),
                name="trace_event_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.biz_step} {self.event_time:%Y-%m-%d %H:%M}"


class EpcRole(models.TextChoices):
    EPC = "epc", "epcList"
    PARENT = "parent", "parentID"
    CHILD = "child", "childEPCs"
    INPUT = "input", "inputEPCList"
    OUTPUT = "output", "outputEPCList"
    QUANTITY = "quantity", "quantityList"
    CHILD_QUANTITY = "child_quantity", "childQuantityList"
    INPUT_QUANTITY = "input_quantity", "inputQuantityList"
    OUTPUT_QUANTITY = "output_quantity", "outputQuantityList"


class EventEpc(models.Model):
    """An identifier (EPC or class) an event names, for MATCH_epc / MATCH_anyEPC queries and to
    find every event of a lot."""

    event = models.ForeignKey(TraceEvent, on_delete=models.CASCADE, related_name="epcs")
    epc = models.CharField(max_length=300, db_index=True)
    role = models.CharField(max_length=16, choices=EpcRole.choices)
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="event_epcs"
    )

    class Meta:
        verbose_name = _("event identifier")
        verbose_name_plural = _("event identifiers")
        indexes = [models.Index(fields=["lot", "event"], name="trace_eventepc_lot_event")]

    def __str__(self) -> str:
        return f"{self.role}: {self.epc}"


def evidence_upload_to(evidence, filename: str) -> str:
    return f"trace/evidence/{evidence.event_id}/{filename}"


class EventEvidence(TimeStampedModel):
    """A photo that shows a step happened: the harvest, the drying, a lab report."""

    event = models.ForeignKey(TraceEvent, on_delete=models.PROTECT, related_name="evidence")
    photo = PictureField(
        _("photo"),
        upload_to=evidence_upload_to,
        validators=[validate_image],
        renditions_field="renditions",
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    renditions = models.JSONField(_("resized copies"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.caption or cast(str, self.photo.name)  # saved photos have a file

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banso.common.fields import SortKeyField
from banso.common.models import Photo, TimeStampedModel
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, Village


class ShopStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Open")
    REJECTED = "rejected", _("Not approved")
    SUSPENDED = "suspended", _("Suspended")


class Shop(TimeStampedModel):
    """An organisation's shop (gian hàng) in the provincial marketplace.

    One shop per organisation. It sells only once a province officer has approved it. Payment by
    VietQR goes into the organisation's own bank account (``orgs``); the shop does not keep a
    copy of it, so there is one account to keep right.
    """

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="shop",
    )
    name = models.CharField(_("shop name"), max_length=200)
    name_folded = models.CharField(max_length=220, db_index=True, editable=False)
    name_sort = SortKeyField()
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    story = models.TextField(
        _("our story"), blank=True, help_text=_("Who you are, where and how you grow or make.")
    )
    unit = models.ForeignKey(
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
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    notify_email = models.EmailField(
        _("email for new orders"), blank=True, help_text=_("New orders are sent here.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ShopStatus.choices, default=ShopStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("note from the province"), max_length=300, blank=True)
    # Delivery: a flat fee, free above an amount, a fee of its own for some provinces.
    offers_delivery = models.BooleanField(_("delivers"), default=True)
    offers_pickup = models.BooleanField(_("buyers may collect at the shop"), default=False)
    delivery_fee_vnd = models.PositiveIntegerField(
        _("delivery fee (₫)"), default=30000, help_text=_("For every province not listed below.")
    )
    free_delivery_above_vnd = models.PositiveBigIntegerField(
        _("free delivery from (₫)"),
        null=True,
        blank=True,
        help_text=_("Orders of at least this amount are delivered free. Empty: never free."),
    )
    delivers_nationwide = models.BooleanField(
        _("delivers to every province"),
        default=True,
        help_text=_("If not, only to the provinces listed with their own fee."),
    )
    accepts_cod = models.BooleanField(_("cash on delivery"), default=True)
    accepts_vietqr = models.BooleanField(_("bank transfer by VietQR"), default=True)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offers_delivery=True) | Q(offers_pickup=True),
                name="market_shop_delivers_or_pickup",
                violation_error_code="no_delivery",
                violation_error_message=_(
                    "Offer delivery, collection at the shop, or both: buyers need a way to get "
                    "their goods."
                ),
            ),
            models.CheckConstraint(
                condition=Q(accepts_cod=True) | Q(accepts_vietqr=True),
                name="market_shop_payment_method",
                violation_error_code="no_payment",
                violation_error_message=_("Accept cash on delivery, VietQR transfer, or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == ShopStatus.APPROVED


class ShopDeliveryRate(TimeStampedModel):
    """A shop's delivery fee to one province, instead of its flat fee."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="delivery_rates")
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True, "level": "province"},
    )
    fee_vnd = models.PositiveIntegerField(_("delivery fee (₫)"))

    class Meta:
        verbose_name = _("delivery fee by province")
        verbose_name_plural = _("delivery fees by province")
        constraints = [
            models.UniqueConstraint(fields=["shop", "province"], name="market_rate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.shop} → {self.province}: {self.fee_vnd}"


def shop_photo_upload_to(photo, filename: str) -> str:
    return f"market/shops/{photo.shop_id}/{filename}"


class ShopPhoto(Photo):
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("shop photo")
        verbose_name_plural = _("shop photos")

    def upload_path(self, filename: str) -> str:
        return shop_photo_upload_to(self, filename)

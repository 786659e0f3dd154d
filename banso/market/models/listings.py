from typing import TYPE_CHECKING

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banso.common.models import Photo, TimeStampedModel
from banso.market.models.shops import Shop
from banso.orgs.models import Certificate
from banso.places.models import AdministrativeUnit
from banso.trace.models import Lot, Product, ProductCategory

if TYPE_CHECKING:
    from banso.market.models.orders import Review


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("On sale")
    HIDDEN = "hidden", _("Hidden")


class OcopGroup(models.TextChoices):
    """The six product groups of the One Commune One Product programme (Decision 148/QĐ-TTg)."""

    FOOD = "food", _("Food")
    BEVERAGE = "beverage", _("Beverages")
    HERBAL = "herbal", _("Herbal products")
    TEXTILE = "textile", _("Textiles and garments")
    SOUVENIR = "souvenir", _("Souvenirs, furniture and decoration")
    TOURISM = "tourism", _("Community and eco-tourism services and destinations")


class Listing(TimeStampedModel):
    """A product on sale in a shop (sản phẩm đăng bán), made from a traceability product.

    ``search_text`` is the folded text the search matches (title, product, shop, commune,
    category), kept by the listing services. ``price_vnd`` and ``stock_total`` summarise the
    variants (lowest active price, sum of stock) so that lists and search never join them;
    ``unit`` is the shop's commune, copied for the commune filter. ``lot_on_sale`` is the lot of
    the product the shop is selling now, chosen by the shop: the listing's "see this product's
    journey" opens that lot's trace page (the product's page while none is chosen), never simply
    the newest lot, which may be unsold or not yet in stock.
    """

    shop = models.ForeignKey(
        Shop, verbose_name=_("shop"), on_delete=models.PROTECT, related_name="listings"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="listings"
    )
    title = models.CharField(_("title"), max_length=200)
    title_translations = models.JSONField(_("title in other languages"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=ProductCategory.choices, db_index=True
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    lot_on_sale = models.ForeignKey(
        Lot,
        verbose_name=_("lot on sale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The lot buyers receive now: its journey is shown with the product."),
    )
    price_vnd = models.PositiveBigIntegerField(_("price from (₫)"), default=0, editable=False)
    stock_total = models.PositiveIntegerField(_("in stock"), default=0, editable=False)
    search_text = models.TextField(default="", editable=False, verbose_name=_("search words"))
    ocop_certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("OCOP certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
        limit_choices_to={"kind": "ocop"},
    )
    ocop_group = models.CharField(
        _("OCOP product group"), max_length=10, choices=OcopGroup.choices, blank=True
    )
    push_to_feeds = models.BooleanField(
        _("send to national marketplaces"),
        default=False,
        help_text=_("Include this product in the feeds for Shopee, Tiki, Postmart and Google."),
    )
    sold_count = models.PositiveIntegerField(_("sold"), default=0, editable=False)
    review_count = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("reviews"))
    rating_total = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("rating total")
    )
    # Not stored: listing_public_detail() prefetches them.
    variants_on_sale: list["ListingVariant"]
    reviews_shown: list["Review"]

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "category", "price_vnd"], name="market_listing_browse"),
            models.Index(fields=["status", "unit"], name="market_listing_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ocop_certificate__isnull=True) | ~Q(ocop_group=""),
                name="market_listing_ocop_group",
                violation_error_code="ocop_group",
                violation_error_message=_("Choose the OCOP product group of the certificate."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rating_average(self) -> float | None:
        return self.rating_total / self.review_count if self.review_count else None


class ListingVariant(TimeStampedModel):
    """One way a listing is sold (weight, pack size) with its own price and stock.

    Stock is taken at checkout by one conditional UPDATE (``stock >= quantity``), so the last
    item can be sold only once, whatever the database.
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="variants")
    label = models.CharField(
        _("variant"), max_length=80, help_text=_("For example: 1 kg, box of 5 kg, pack of 10.")
    )
    weight_grams = models.PositiveIntegerField(
        _("weight (g)"), null=True, blank=True, help_text=_("Packed weight, for delivery.")
    )
    pack_size = models.PositiveIntegerField(
        _("pieces per pack"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    price_vnd = models.PositiveBigIntegerField(_("price (₫)"), validators=[MinValueValidator(1)])
    stock = models.PositiveIntegerField(_("in stock"), default=0)
    sku = models.CharField(_("shop's code"), max_length=40, blank=True)
    is_active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_vnd__gte=1),
                name="market_variant_price_positive",
                violation_error_code="price",
                violation_error_message=_("The price is a whole number of đồng above 0."),
            ),
            models.CheckConstraint(condition=Q(stock__gte=0), name="market_variant_stock"),
        ]

    def __str__(self) -> str:
        return f"{self.listing} · {self.label}"


def listing_photo_upload_to(photo, filename: str) -> str:
    return f"market/listings/{photo.listing_id}/{filename}"


class ListingPhoto(Photo):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("listing photo")
        verbose_name_plural = _("listing photos")

    def upload_path(self, filename: str) -> str:
        return listing_photo_upload_to(self, filename)

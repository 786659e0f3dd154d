import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.market.models.listings import Listing, ListingVariant
from banso.market.models.shops import Shop
from banso.places.models import AdministrativeUnit, Village


class Cart(TimeStampedModel):
    """A buyer's cart, found by the random ``key`` kept in their session (guests too).

    ``checkout`` is the key the checkout form carried when the cart became orders (the orders'
    own ``checkout``): unique, so a repeated submission of that form finds those orders again
    instead of placing new ones.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("key"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carts",
        verbose_name=_("user"),
    )
    checked_out_at = models.DateTimeField(null=True, blank=True, verbose_name=_("checked out at"))
    checkout = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return str(self.key)


class CartItem(TimeStampedModel):
    """A variant in a cart; ``live_pin`` when it was put there during a live session, at the
    session's price."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    variant = models.ForeignKey(ListingVariant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    live_pin = models.ForeignKey(
        "market.LivePin", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="market_cart_item_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="market_cart_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant}"


class OrderStatus(models.TextChoices):
    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    VIETQR = "vietqr", _("Bank transfer (VietQR)")


class DeliveryMethod(models.TextChoices):
    DELIVERY = "delivery", _("Delivery to my address")
    PICKUP = "pickup", _("I collect it at the shop")


class Order(TimeStampedModel):
    """One shop's part of a checkout (đơn hàng): a cart with goods of three shops becomes three
    orders sharing ``checkout``.

    ``code`` is short, upper-case ASCII and unambiguous: it is what the buyer types to find the
    order, and what a VietQR transfer carries in its purpose so that the bank credit can be
    matched. Amounts are integer VND, copied at checkout.
    """

    code = models.CharField(_("order code"), max_length=12, unique=True)
    checkout = models.UUIDField(_("checkout"), db_index=True)
    shop = models.ForeignKey(
        Shop, verbose_name=_("shop"), on_delete=models.PROTECT, related_name="orders"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="market_orders",
    )
    buyer_name = models.CharField(_("full name"), max_length=150)
    buyer_phone = models.CharField(_("phone number"), max_length=20, db_index=True)
    buyer_email = models.EmailField(_("email address"), blank=True)
    delivery_method = models.CharField(_("delivery"), max_length=10, choices=DeliveryMethod.choices)
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street_address = models.CharField(
        _("house number, street or village"), max_length=200, blank=True
    )
    note = models.CharField(_("note for the shop"), max_length=300, blank=True)
    payment_method = models.CharField(_("payment"), max_length=10, choices=PaymentMethod.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.NEW
    )
    subtotal_vnd = models.PositiveBigIntegerField(_("goods (₫)"))
    delivery_fee_vnd = models.PositiveBigIntegerField(_("delivery (₫)"), default=0)
    total_vnd = models.PositiveBigIntegerField(_("total (₫)"))
    live_session = models.ForeignKey(
        "market.LiveSession",
        verbose_name=_("live session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("paid at"))
    shipped_at = models.DateTimeField(null=True, blank=True, verbose_name=_("shipped at"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))
    cancelled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("cancelled at"))
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["shop", "status"], name="market_order_shop_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_vnd=models.F("subtotal_vnd") + models.F("delivery_fee_vnd")),
                name="market_order_total",
            ),
            models.CheckConstraint(
                condition=Q(delivery_method="pickup")
                | (Q(province__isnull=False) & Q(commune__isnull=False)),
                name="market_order_address",
                violation_error_code="address",
                violation_error_message=_("A delivery needs the province and the commune or ward."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class OrderLine(models.Model):
    """A line of an order, with the title, variant and price as they were at checkout."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey(ListingVariant, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("product"), max_length=200)
    variant_label = models.CharField(_("variant"), max_length=80)
    unit_price_vnd = models.PositiveBigIntegerField(_("unit price (₫)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total_vnd = models.PositiveBigIntegerField(_("amount (₫)"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(line_total_vnd=models.F("unit_price_vnd") * models.F("quantity")),
                name="market_line_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title} ({self.variant_label})"


class OrderEvent(models.Model):
    """What happened to an order, by whom: its history, shown to the shop and the buyer."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    status_from = models.CharField(max_length=10, choices=OrderStatus.choices, blank=True)
    status_to = models.CharField(max_length=10, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.status_from} → {self.status_to}"


class Review(TimeStampedModel):
    """A buyer's review of a listing they received: one per delivered order and listing."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("order")
    )
    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("listing")
    )
    rating = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("your review"), max_length=2000, blank=True)
    author_name = models.CharField(_("shown as"), max_length=150)
    is_visible = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "listing"], name="market_review_unique"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="market_review_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing} · {self.rating}★"

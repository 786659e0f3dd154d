"""Checkout (đặt hàng): a cart becomes one order per shop, all sharing one ``checkout`` UUID.

Everything happens in one transaction. Stock is taken by one conditional ``UPDATE … SET stock =
stock - q WHERE stock >= q`` per line, in variant order (so that two checkouts cannot lock each
other out): when one line cannot be had, the whole checkout rolls back and the buyer is told
which product ran out. The last item is thus sold once, however many buyers press at once.

The buyer chooses one delivery method and one payment method for the whole cart. Payment falls
back per shop: a shop that does not take the chosen method gets the one it takes (VietQR needs
the organisation's bank account as well). Delivery does not fall back: a shop that cannot
deliver to the address, or does not offer collection, is named so the buyer can change the cart.

A checkout is idempotent. The form carries a key made when it was shown (``idempotency_key``),
which becomes the orders' ``checkout`` and is kept, unique, on the cart. A buyer whose
connection dropped after the orders were committed and who sends the form again gets the orders
already placed, not a second set: the key is looked up first, inside the transaction (on SQLite
the transaction holds the write lock, so a second submission waits for the first to commit);
a submission that lost the race on PostgreSQL finds the cart already checked out (or the key
taken, by the unique constraint), rolls back everything it did and returns the orders of the
key. The orders are returned only for the same cart, so a key seen elsewhere (it is in the
address of the page after checkout) shows nobody else's order.
"""

import uuid
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.phone import phone_normalize
from banso.market.models import (
    Cart,
    DeliveryMethod,
    ListingVariant,
    LivePin,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shop,
    ShopStatus,
)
from banso.market.notify import order_created_notify
from banso.market.order_codes import CODE_LENGTH, CODE_PREFIX, order_code_new
from banso.market.selectors.orders import CartShop, cart_groups
from banso.market.services.delivery import delivery_fee
from banso.market.services.summary import listings_sold
from banso.places.models import AdministrativeUnit, UnitLevel, Village

CODE_ATTEMPTS = 8


def shop_payment_methods(shop: Shop) -> list[str]:
    """The payment methods a buyer can use in ``shop`` now."""
    methods = []
    if shop.accepts_vietqr and shop.organisation.bank_bin and shop.organisation.bank_account_number:
        methods.append(PaymentMethod.VIETQR.value)
    if shop.accepts_cod:
        methods.append(PaymentMethod.COD.value)
    return methods


def checkout_delivery_methods(groups: list[CartShop]) -> list[str]:
    """The delivery methods the checkout may offer: one applies to the whole cart, so those
    that every shop of the cart offers (none when one shop only delivers and another only lets
    buyers collect)."""
    shops = [group.shop for group in groups]
    methods = []
    if all(shop.offers_delivery for shop in shops):
        methods.append(DeliveryMethod.DELIVERY.value)
    if all(shop.offers_pickup for shop in shops):
        methods.append(DeliveryMethod.PICKUP.value)
    return methods


def checkout_payment_methods(groups: list[CartShop]) -> list[str]:
    """The payment methods the checkout may offer: those at least one shop of the cart takes
    (a shop that does not take the one chosen falls back to its own)."""
    taken = {method for group in groups for method in shop_payment_methods(group.shop)}
    return [method for method in PaymentMethod.values if method in taken]


def payment_method_for(shop: Shop, chosen: str) -> str | None:
    """The chosen method when the shop takes it, otherwise the one it takes (None: neither)."""
    methods = shop_payment_methods(shop)
    if chosen in methods:
        return chosen
    return methods[0] if methods else None


@dataclass
class Address:
    province: AdministrativeUnit | None
    commune: AdministrativeUnit | None
    village: Village | None
    street_address: str


def address_validate(
    *, delivery_method: str, province, commune, village, street_address: str
) -> Address:
    """The delivery address in today's two tiers: a current province, a current commune or ward
    under it, optionally a village of that commune. Collection at the shop needs none."""
    if delivery_method == DeliveryMethod.PICKUP:
        return Address(None, None, None, "")
    if delivery_method != DeliveryMethod.DELIVERY:
        raise ValidationError({"delivery_method": _("Choose delivery or collection.")})
    errors = {}
    if province is None or not (province.is_current and province.level == UnitLevel.PROVINCE):
        errors["province"] = _("Choose the province.")
    if commune is None or not (commune.is_current and commune.level == UnitLevel.COMMUNE):
        errors["commune"] = _("Choose the commune or ward.")
    elif province is not None and commune.parent_id != province.pk:
        errors["commune"] = _("This commune or ward is not in the province chosen.")
    if village is not None and commune is not None and village.commune_id != commune.pk:
        errors["village"] = _("This village is not in the commune or ward chosen.")
    street_address = street_address.strip()
    if not street_address and village is None:
        errors["street_address"] = _("Write the house number and street, or the village.")
    if errors:
        raise ValidationError(errors)
    return Address(province, commune, village, street_address)


@dataclass
class ShopQuote:
    """What one shop's order will cost, before it is placed."""

    group: CartShop
    delivery_fee_vnd: int | None
    payment_method: str | None

    @property
    def total_vnd(self) -> int | None:
        if self.delivery_fee_vnd is None:
            return None
        return self.group.subtotal_vnd + self.delivery_fee_vnd


def checkout_quote(
    *, groups: list[CartShop], delivery_method: str, province, payment_method: str
) -> list[ShopQuote]:
    """Per shop: the delivery fee (None when the shop cannot deliver there) and the payment
    method that will apply. Used by the page to show totals and by :func:`checkout`."""
    quotes = []
    for group in groups:
        shop = group.shop
        if delivery_method == DeliveryMethod.PICKUP:
            fee = 0 if shop.offers_pickup else None
        else:
            fee = delivery_fee(shop=shop, province=province, subtotal_vnd=group.subtotal_vnd)
        quotes.append(ShopQuote(group, fee, payment_method_for(shop, payment_method)))
    return quotes


def _check_quotes(quotes: list[ShopQuote], *, delivery_method: str) -> None:
    errors = []
    for quote in quotes:
        shop = quote.group.shop
        if shop.status != ShopStatus.APPROVED:
            errors.append(_("%(shop)s is not selling now.") % {"shop": shop.name})
        for line in quote.group.lines:
            if not line.is_on_sale:
                errors.append(
                    _("%(product)s is no longer on sale: take it out of your cart.")
                    % {"product": line.item.variant.listing.title}
                )
        if quote.delivery_fee_vnd is None:
            if delivery_method == DeliveryMethod.PICKUP:
                message = _("%(shop)s does not offer collection at the shop.")
            else:
                message = _("%(shop)s does not deliver to this province.")
            errors.append(message % {"shop": shop.name})
        if quote.payment_method is None:
            errors.append(_("%(shop)s cannot take payment now.") % {"shop": shop.name})
    if errors:
        raise ValidationError(errors)


def _buyer_validate(*, buyer_name: str, buyer_phone: str, buyer_email: str) -> tuple[str, str, str]:
    errors: dict[str, str | list[str]] = {}
    name = " ".join(buyer_name.split())
    if not name:
        errors["buyer_name"] = _("Write your name.")
    phone = ""
    try:
        phone = phone_normalize(buyer_phone)
    except ValidationError as error:
        errors["buyer_phone"] = error.messages
    email = buyer_email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["buyer_email"] = _("This is not an email address.")
    if errors:
        raise ValidationError(errors)
    return name, phone, email


def _stock_take(quotes: list[ShopQuote]) -> None:
    """Take every line's quantity from stock, or raise naming the first product that ran out."""
    lines = sorted(
        (line for quote in quotes for line in quote.group.lines),
        key=lambda line: line.item.variant_id,
    )
    now = timezone.now()
    for line in lines:
        quantity = line.item.quantity
        taken = ListingVariant.objects.filter(pk=line.item.variant_id, stock__gte=quantity).update(
            stock=F("stock") - quantity, updated_at=now
        )
        if not taken:
            variant = line.item.variant
            raise ValidationError(
                _(
                    "Not enough %(product)s (%(variant)s) is left for your order. Lower the "
                    "quantity or take it out of your cart."
                )
                % {"product": variant.listing.title, "variant": variant.label},
                code="stock",
            )


def _order_save(order: Order) -> Order:
    """Save with a fresh code, drawing again in the (unlikely) case that it is taken."""
    for _attempt in range(CODE_ATTEMPTS):
        order.code = order_code_new()
        try:
            with transaction.atomic():
                order.save()
            return order
        except IntegrityError:
            if Order.objects.filter(code=order.code).exists():
                continue
            raise
    raise RuntimeError("no free order code")


def checkout_repeated(*, cart: Cart | None, key: uuid.UUID | None) -> list[Order]:
    """The orders ``cart`` already became under ``key`` (empty when it did not)."""
    if cart is None or key is None:
        return []
    if not Cart.objects.filter(pk=cart.pk, checkout=key).exists():
        return []
    return list(Order.objects.filter(checkout=key).order_by("pk"))


def checkout(
    *,
    cart: Cart,
    buyer_name: str,
    buyer_phone: str,
    buyer_email: str = "",
    delivery_method: str,
    province: AdministrativeUnit | None = None,
    commune: AdministrativeUnit | None = None,
    village: Village | None = None,
    street_address: str = "",
    note: str = "",
    payment_method: str,
    buyer=None,
    idempotency_key: uuid.UUID | None = None,
) -> list[Order]:
    """Place the cart's orders, one per shop (see the module's docstring for the rules), or
    return the orders placed already by a submission with the same ``idempotency_key``."""
    key = idempotency_key or uuid.uuid4()
    try:
        return _checkout(
            key=key,
            cart=cart,
            buyer_name=buyer_name,
            buyer_phone=buyer_phone,
            buyer_email=buyer_email,
            delivery_method=delivery_method,
            province=province,
            commune=commune,
            village=village,
            street_address=street_address,
            note=note,
            payment_method=payment_method,
            buyer=buyer,
        )
    except (ValidationError, IntegrityError):
        repeated = checkout_repeated(cart=cart, key=key)
        if repeated:
            return repeated
        raise


@transaction.atomic
def _checkout(
    *,
    key: uuid.UUID,
    cart: Cart,
    buyer_name: str,
    buyer_phone: str,
    buyer_email: str = "",
    delivery_method: str,
    province: AdministrativeUnit | None = None,
    commune: AdministrativeUnit | None = None,
    village: Village | None = None,
    street_address: str = "",
    note: str = "",
    payment_method: str,
    buyer=None,
) -> list[Order]:
    repeated = checkout_repeated(cart=cart, key=key)
    if repeated:
        return repeated
    name, phone, email = _buyer_validate(
        buyer_name=buyer_name, buyer_phone=buyer_phone, buyer_email=buyer_email
    )
    address = address_validate(
        delivery_method=delivery_method,
        province=province,
        commune=commune,
        village=village,
        street_address=street_address,
    )
    if payment_method not in PaymentMethod.values:
        raise ValidationError({"payment_method": _("Choose how you pay.")})
    groups = cart_groups(cart)
    if not groups:
        raise ValidationError(_("Your cart is empty."), code="empty")
    quotes = checkout_quote(
        groups=groups,
        delivery_method=delivery_method,
        province=address.province,
        payment_method=payment_method,
    )
    _check_quotes(quotes, delivery_method=delivery_method)

    now = timezone.now()
    try:
        with transaction.atomic():
            checked_out = Cart.objects.filter(pk=cart.pk, checked_out_at__isnull=True).update(
                checked_out_at=now, checkout=key, updated_at=now
            )
    except IntegrityError:  # another cart was ordered with this form's key
        raise ValidationError(
            _("This order form was already sent. Open the checkout again."), code="checkout_key"
        ) from None
    if not checked_out:
        raise ValidationError(_("This cart has already been ordered."), code="checked_out")
    cart.checked_out_at = now
    cart.checkout = key
    _stock_take(quotes)

    checkout_id = key
    buyer = buyer if buyer is not None and buyer.is_authenticated else None
    orders = []
    sold: dict[int, int] = {}
    for quote in quotes:
        live = next((line for line in quote.group.lines if line.is_live_price), None)
        # _check_quotes() refused the quotes without a delivery fee or a payment method.
        order = Order(
            checkout=checkout_id,
            shop=quote.group.shop,
            buyer=buyer,
            buyer_name=name,
            buyer_phone=phone,
            buyer_email=email,
            delivery_method=delivery_method,
            province=address.province,
            commune=address.commune,
            village=address.village,
            street_address=address.street_address,
            note=note.strip()[:300],
            payment_method=cast(str, quote.payment_method),
            status=OrderStatus.NEW,
            subtotal_vnd=quote.group.subtotal_vnd,
            delivery_fee_vnd=cast(int, quote.delivery_fee_vnd),
            total_vnd=cast(int, quote.total_vnd),
            live_session_id=cast(LivePin, live.item.live_pin).session_id if live else None,
            code=CODE_PREFIX + "0" * CODE_LENGTH,
        )
        order.full_clean(exclude=["code"], validate_unique=False)
        _order_save(order)
        lines = []
        for line in quote.group.lines:
            variant = line.item.variant
            lines.append(
                OrderLine(
                    order=order,
                    listing_id=variant.listing_id,
                    variant=variant,
                    title=variant.listing.title,
                    variant_label=variant.label,
                    unit_price_vnd=line.unit_price_vnd,
                    quantity=line.item.quantity,
                    line_total_vnd=line.line_total_vnd,
                )
            )
            sold[variant.listing_id] = sold.get(variant.listing_id, 0) + line.item.quantity
        OrderLine.objects.bulk_create(lines)
        OrderEvent.objects.create(
            order=order, status_from="", status_to=OrderStatus.NEW, actor=buyer
        )
        orders.append(order)
    listings_sold(sold)
    order_ids = [order.pk for order in orders]
    transaction.on_commit(lambda: _notify_created(order_ids))
    return orders


def _notify_created(order_ids: list[int]) -> None:
    order_created_notify(order_ids)

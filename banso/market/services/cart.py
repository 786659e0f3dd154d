"""The buyer's cart (giỏ hàng): kept in the database, found by a random key in the session, so
guests can shop without an account and a cart survives a closed browser tab.

Only variants on sale in open shops go in, and never more than is in stock: a quantity above
the stock is lowered to it (the page says so), and a sold-out variant is refused. Stock is only
taken at checkout, so a line can still outgrow the stock later; the cart page and checkout say
which. A line put there from a live session keeps the
session's pin, and the live price applies while the session runs — at checkout too.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.market.models import (
    Cart,
    CartItem,
    ListingStatus,
    ListingVariant,
    LivePin,
    ShopStatus,
)

SESSION_KEY = "market_cart"
QUANTITY_MAX = 999


def cart_for_request(request, *, create: bool, open_only: bool = True) -> Cart | None:
    """The open cart of this browser (and of the signed-in person), made when ``create``;
    with ``open_only=False`` the cart it last had, even when it was ordered since."""
    key = request.session.get(SESSION_KEY)
    cart = None
    if key:
        carts = Cart.objects.filter(key=key)
        if open_only:
            carts = carts.filter(checked_out_at__isnull=True)
        try:
            cart = carts.first()
        except ValidationError:  # a key that is not a UUID: start afresh
            cart = None
    if cart is None and create:
        user = request.user if request.user.is_authenticated else None
        cart = Cart(user=user)
        cart.full_clean()
        cart.save()
        request.session[SESSION_KEY] = str(cart.key)
    elif (
        cart is not None
        and cart.checked_out_at is None
        and cart.user_id is None
        and request.user.is_authenticated
    ):
        Cart.objects.filter(pk=cart.pk).update(user=request.user)
        cart.user = request.user
    return cart


def _quantity_check(quantity: int) -> None:
    if not 1 <= quantity <= QUANTITY_MAX:
        raise ValidationError(
            _("Choose a quantity from 1 to %(max)s.") % {"max": QUANTITY_MAX}, code="quantity"
        )


def quantity_available(variant: ListingVariant) -> int:
    """The most of ``variant`` a cart line may hold now."""
    return min(variant.stock, QUANTITY_MAX)


def _sold_out_check(variant: ListingVariant) -> None:
    if variant.stock <= 0:
        raise ValidationError(
            _("%(product)s (%(variant)s) is sold out.")
            % {"product": variant.listing.title, "variant": variant.label},
            code="stock",
        )


def variant_on_sale(variant: ListingVariant) -> bool:
    listing = variant.listing
    return (
        variant.is_active
        and listing.status == ListingStatus.ACTIVE
        and listing.shop.status == ShopStatus.APPROVED
    )


def live_pin_running(pin: LivePin, *, now=None) -> bool:
    """Whether the pin's live price holds now: its session has started, not ended, and was not
    cancelled."""
    now = now or timezone.now()
    session = pin.session
    return not session.is_cancelled and session.starts_at <= now < session.ends_at


def _check_open(cart: Cart) -> None:
    if cart.checked_out_at is not None:
        raise ValidationError(_("This cart has already been ordered."), code="checked_out")


def cart_add(*, cart: Cart, variant: ListingVariant, quantity: int, live_pin=None) -> CartItem:
    """Put ``quantity`` of ``variant`` in the cart, adding to its line when it has one, up to
    the stock (the line is lowered to it). A pin of another variant is refused; a pin whose
    session is not running is dropped (the normal price applies)."""
    _check_open(cart)
    _quantity_check(quantity)
    variant = ListingVariant.objects.select_related("listing__shop").get(pk=variant.pk)
    if not variant_on_sale(variant):
        raise ValidationError(_("This product is not on sale."), code="not_on_sale")
    _sold_out_check(variant)
    if live_pin is not None:
        if live_pin.variant_id != variant.pk:
            raise ValidationError(_("This live price is for another product."), code="pin")
        if not live_pin_running(live_pin):
            live_pin = None
    with transaction.atomic():
        item = CartItem.objects.select_for_update().filter(cart=cart, variant=variant).first()
        if item is None:
            item = CartItem(
                cart=cart,
                variant=variant,
                quantity=min(quantity, quantity_available(variant)),
                live_pin=live_pin,
            )
            item.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    item.save()
                return item
            except IntegrityError:  # the same line was added at the same moment
                item = CartItem.objects.select_for_update().get(cart=cart, variant=variant)
        total = item.quantity + quantity
        _quantity_check(total)
        item.quantity = min(total, quantity_available(variant))
        if live_pin is not None:
            item.live_pin = live_pin
        item.full_clean(validate_constraints=False)
        item.save(update_fields=["quantity", "live_pin", "updated_at"])
    return item


def cart_update(*, cart: Cart, item_id: int, quantity: int) -> CartItem | None:
    """Set a line's quantity, lowered to the stock; 0 takes the line out (None is returned)."""
    _check_open(cart)
    if quantity == 0:
        cart_remove(cart=cart, item_id=item_id)
        return None
    _quantity_check(quantity)
    item = CartItem.objects.filter(cart=cart, pk=item_id).select_related("variant__listing").first()
    if item is None:
        raise ValidationError(_("This line is no longer in your cart."), code="missing")
    _sold_out_check(item.variant)
    item.quantity = min(quantity, quantity_available(item.variant))
    item.full_clean(validate_constraints=False)
    item.save(update_fields=["quantity", "updated_at"])
    return item


def cart_remove(*, cart: Cart, item_id: int) -> None:
    _check_open(cart)
    CartItem.objects.filter(cart=cart, pk=item_id).delete()

"""Orders placed through the real checkout, for the tests of carts, orders and the back office."""

from banso.market.models import Cart, Order
from banso.market.services.cart import cart_add
from banso.market.services.checkout import checkout


def cart_make(*lines) -> Cart:
    """A cart with ``lines`` given as (variant, quantity)."""
    cart = Cart.objects.create()
    for variant, quantity in lines:
        cart_add(cart=cart, variant=variant, quantity=quantity)
    return cart


def order_place(listing, *, quantity: int = 1, phone: str = "0912345678", **fields) -> Order:
    """One order of the listing's first variant, collected at the shop unless told otherwise."""
    cart = cart_make((listing.variants.first(), quantity))
    values = {
        "buyer_name": "Nguyễn Thị Mai",
        "buyer_phone": phone,
        "delivery_method": "pickup",
        "payment_method": "vietqr",
        **fields,
    }
    if values["delivery_method"] == "pickup":
        listing.shop.offers_pickup = True
        listing.shop.save(update_fields=["offers_pickup"])
    (order,) = checkout(cart=cart, **values)
    return order

"""Reads of carts and orders, scoped to who asks: a shop's people see their shops' orders, a
buyer the orders of their phone number or account."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from banso.market.models import Cart, CartItem, LivePin, Order, OrderEvent, OrderStatus, Shop
from banso.market.selectors.shops import shops_for_user
from banso.market.services.cart import SESSION_KEY as CART_SESSION_KEY
from banso.market.services.cart import live_pin_running, quantity_available, variant_on_sale


@dataclass
class CartLine:
    item: CartItem
    unit_price_vnd: int
    is_live_price: bool
    is_on_sale: bool

    @property
    def line_total_vnd(self) -> int:
        return self.unit_price_vnd * self.item.quantity

    @property
    def quantity_max(self) -> int:
        """The most this line may hold now (the stock, at most the cart's limit)."""
        return quantity_available(self.item.variant)

    @property
    def is_over_stock(self) -> bool:
        return self.item.quantity > self.item.variant.stock


@dataclass
class CartShop:
    """One shop's part of a cart: it becomes one order."""

    shop: Shop
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal_vnd(self) -> int:
        return sum(line.line_total_vnd for line in self.lines if line.is_on_sale)


def cart_groups(cart: Cart | None, *, now=None) -> list[CartShop]:
    """The cart's lines by shop (shops in the order their first line was added), each at the
    price that applies now: the live price while its session runs, otherwise the variant's."""
    if cart is None:
        return []
    now = now or timezone.now()
    items = CartItem.objects.filter(cart=cart).select_related(
        "variant__listing__shop__organisation", "live_pin__session"
    )
    groups: dict[int, CartShop] = {}
    for item in items:
        variant = item.variant
        live = item.live_pin is not None and live_pin_running(item.live_pin, now=now)
        price = cast(LivePin, item.live_pin).live_price_vnd if live else variant.price_vnd
        shop = variant.listing.shop
        group = groups.setdefault(shop.pk, CartShop(shop=shop))
        group.lines.append(
            CartLine(
                item=item,
                unit_price_vnd=price,
                is_live_price=live,
                is_on_sale=variant_on_sale(variant),
            )
        )
    return list(groups.values())


def cart_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return CartItem.objects.filter(cart=cart).count()


def cart_count_for_request(request) -> int | None:
    """The number of lines in this browser's open cart, for the header; None (no link) when
    the session holds no cart or the cart is empty or ordered. A visitor without a cart costs
    no query."""
    session = getattr(request, "session", None)
    key = session.get(CART_SESSION_KEY) if session is not None else None
    if not key:
        return None
    try:
        count = CartItem.objects.filter(cart__key=key, cart__checked_out_at__isnull=True).count()
    except ValidationError:  # a key that is not a UUID
        return None
    return count or None


def orders_for_user(user, *, status: str = "") -> QuerySet:
    """The orders of the shops ``user`` manages, newest first (optionally of one status)."""
    if not user.is_authenticated:
        return Order.objects.none()
    orders = Order.objects.filter(shop__in=shops_for_user(user).values("pk")).select_related("shop")
    if status:
        orders = orders.filter(status=status)
    return orders.order_by("-created_at", "-pk")


def shop_order_counts(user) -> list[Shop]:
    """The user's shops, each with ``open_count`` (orders still to handle) and ``new_count``."""
    still_open = [OrderStatus.NEW, OrderStatus.CONFIRMED, OrderStatus.PAID]
    return list(
        shops_for_user(user).annotate(
            new_count=Count("orders", filter=Q(orders__status=OrderStatus.NEW)),
            open_count=Count("orders", filter=Q(orders__status__in=still_open)),
        )
    )


def order_detail_queryset() -> QuerySet:
    return Order.objects.select_related(
        "shop__organisation", "province", "commune", "village"
    ).prefetch_related(
        "lines", Prefetch("events", queryset=OrderEvent.objects.select_related("actor"))
    )


def order_for_manager(*, user, code: str) -> Order | None:
    """The order ``code`` when ``user`` manages its shop; None otherwise, so that a code of
    another shop reads as unknown."""
    order = order_detail_queryset().filter(code=code.upper()).first()
    if order is None or not user.has_perm("market.view_order", order):
        return None
    return order


def order_for_buyer(*, code: str, phones: Iterable[str] = (), user=None) -> Order | None:
    """The order ``code`` when it was placed with one of ``phones`` (E.164) or by the
    signed-in ``user``; None otherwise."""
    access = Q()
    phones = [phone for phone in phones if phone]
    if phones:
        access |= Q(buyer_phone__in=phones)
    if user is not None and user.is_authenticated:
        access |= Q(buyer=user)
    if not access:
        return None
    return order_detail_queryset().filter(access, code=code.upper()).first()


def orders_of_checkout(checkout) -> list[Order]:
    return list(
        Order.objects.filter(checkout=checkout)
        .select_related("shop__organisation")
        .prefetch_related("lines")
        .order_by("pk")
    )


@dataclass(frozen=True)
class ShopOrderSummary:
    """What an officer is shown of a shop's orders: counts and money, never who bought."""

    shop: Shop
    count_by_status: list[tuple[str, int]]
    order_count: int
    orders_30_days: int
    delivered_vnd: int


def order_summaries_for_user(user, *, now=None) -> list[ShopOrderSummary]:
    """The orders of the shops of the communes or province an officer serves (the shops'
    ``"oversee"`` scope), summed up per shop in one query: how many in each status, in all and
    in the last 30 days, and the value of the delivered ones.

    Orders hold the buyers' names, phone numbers and addresses, which only the shop's own
    people need to deliver: an officer's view of their area gets the figures, not the orders.
    """
    since = (now or timezone.now()) - datetime.timedelta(days=30)
    per_status = {
        f"count_{value}": Count("orders", filter=Q(orders__status=value))
        for value in OrderStatus.values
    }
    shops = shops_for_user(user, action="oversee").annotate(
        order_count=Count("orders"),
        orders_30_days=Count("orders", filter=Q(orders__created_at__gte=since)),
        delivered_vnd=Sum("orders__total_vnd", filter=Q(orders__status=OrderStatus.DELIVERED)),
        **per_status,
    )
    return [
        ShopOrderSummary(
            shop=shop,
            count_by_status=[
                (str(label), getattr(shop, f"count_{value}"))
                for value, label in OrderStatus.choices
            ],
            order_count=shop.order_count,
            orders_30_days=shop.orders_30_days,
            delivered_vnd=shop.delivered_vnd or 0,
        )
        for shop in shops
    ]

"""How an order moves through its life (đơn hàng): the one way its status changes.

new → confirmed → (paid) → shipped → delivered → returned, with two shortcuts that happen in
real life: a VietQR transfer may arrive before the shop confirms (new → paid), and cash on
delivery goes from confirmed straight to shipped and is paid when delivered. An order that has
not left the shop may be cancelled; a paid one then owes the buyer a refund, which the history
says.

The status changes with one conditional ``UPDATE … WHERE status = <the status read>``: of two
people pressing buttons at the same moment (or a bank credit and a cancellation) exactly one
wins, and the other is told the order changed meanwhile. Cancelling or taking back an order
gives its stock back with ``F()`` increments, so concurrent checkouts see it at once.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.market.models import (
    Listing,
    ListingVariant,
    Order,
    OrderEvent,
    OrderStatus,
    PaymentMethod,
)
from banso.market.notify import order_status_notify
from banso.market.services.summary import listing_summary_refresh

S = OrderStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.CONFIRMED, S.PAID, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.PAID, S.SHIPPED, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.RETURNED}),
    S.CANCELLED: frozenset(),
    S.RETURNED: frozenset(),
}
STAMPED: dict[str, str] = {
    S.CONFIRMED: "confirmed_at",
    S.PAID: "paid_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.CANCELLED: "cancelled_at",
}
RESTOCKED = frozenset({S.CANCELLED, S.RETURNED})


def order_transitions_allowed(order: Order) -> list[str]:
    """The statuses ``order`` may move to next, in the order a shop meets them."""
    allowed = TRANSITIONS[order.status]
    return [status for status in S.values if status in allowed]


def order_transition(*, actor, order: Order, to: str, note: str = "", source: str = "") -> Order:
    """Move ``order`` to ``to``; ``actor`` None is the system (a matched bank credit).

    ``source`` says where the change came from (``"bank"``, ``"api"`` …) and is kept in the
    history with the note.
    """
    if actor is not None and not actor.has_perm("market.change_order", order):
        raise PermissionDenied
    if to not in S.values:
        raise ValidationError(_("Unknown order status."), code="status")
    current = order.status
    if to not in TRANSITIONS[current]:
        raise ValidationError(
            _("An order that is %(current)s cannot become %(to)s.")
            % {"current": S(current).label, "to": S(to).label},
            code="transition",
        )
    now = timezone.now()
    changes: dict = {"status": to, "updated_at": now}
    if to in STAMPED:
        changes[STAMPED[to]] = now
    if to == S.DELIVERED and order.payment_method == PaymentMethod.COD and not order.paid_at:
        changes["paid_at"] = now
    if to == S.CANCELLED and current == S.PAID:
        refund = _("A refund is due to the buyer.")
        note = f"{note} {refund}".strip() if note else refund
    note = note.strip()
    if source:
        note = f"{note} [{source}]".strip()
    with transaction.atomic():
        won = Order.objects.filter(pk=order.pk, status=current).update(**changes)
        if not won:
            raise ValidationError(
                _("This order has just been changed by someone else. Reload and try again."),
                code="stale",
            )
        for field, value in changes.items():
            setattr(order, field, value)
        OrderEvent.objects.create(
            order=order,
            status_from=current,
            status_to=to,
            actor=actor if actor is not None and actor.is_authenticated else None,
            note=note[:300],
        )
        if to in RESTOCKED:
            _restock(order)
        transaction.on_commit(lambda: _notify_status(order.pk))
    return order


def _restock(order: Order) -> None:
    """Give the order's goods back to stock and take them off the sold counts."""
    lines = list(order.lines.all())
    for line in lines:
        ListingVariant.objects.filter(pk=line.variant_id).update(
            stock=F("stock") + line.quantity, updated_at=timezone.now()
        )
    sold: dict[int, int] = {}
    for line in lines:
        sold[line.listing_id] = sold.get(line.listing_id, 0) + line.quantity
    for listing_id, quantity in sold.items():
        Listing.objects.filter(pk=listing_id, sold_count__gte=quantity).update(
            sold_count=F("sold_count") - quantity
        )
    listings_refresh(sold)


def listings_refresh(listing_ids: Iterable[int]) -> None:
    """Recompute the summaries (price, stock, words) of the listings whose stock changed."""
    listings = Listing.objects.select_related("product", "shop", "unit").filter(
        pk__in=list(listing_ids)
    )
    for listing in listings:
        listing_summary_refresh(listing)


def _notify_status(order_id: int) -> None:
    order_status_notify(order_id)

"""Telling people about orders: the shop when an order comes in, the buyer when it moves.

Senders are pluggable: ``settings.MARKET_NOTIFIERS`` lists dotted paths of classes with a
``send(*, kind, order, recipients)`` method (default: :class:`EmailNotifier`), so that Zalo or
SMS senders can be added without touching the order code. Every sender is called after the
order's transaction commits; one failing sender is logged and does not stop the others, nor
undo the order.

Kinds: ``order_new`` (to the shop), ``order_placed`` (the buyer's receipt), ``order_status``
(to the buyer, each later status). Messages are rendered from
``market/emails/<kind>.txt`` in Vietnamese: the first line is the subject.
"""

import logging
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

from banso.common.qrcode import qr_png
from banso.market.models import Order, OrderStatus
from banso.market.selectors.payments import order_vietqr

logger = logging.getLogger(__name__)
DEFAULT_NOTIFIERS = ["banso.market.notify.EmailNotifier"]


class EmailNotifier:
    """Plain-text email in Vietnamese through Django's mail backend."""

    language = "vi"

    def send(self, *, kind: str, order: Order, recipients: list[str]) -> None:
        recipients = [address for address in recipients if address and "@" in address]
        if not recipients:
            return
        vietqr = _unpaid_vietqr(order) if kind == "order_placed" else None
        with translation.override(self.language):
            text = render_to_string(f"market/emails/{kind}.txt", {"order": order, "vietqr": vietqr})
        subject, _, body = text.strip().partition("\n")
        message = EmailMessage(subject.strip(), body.strip() + "\n", None, recipients)
        if vietqr is not None:
            # The receipt carries the payment's QR code, to scan from another screen or print.
            message.attach(f"vietqr-{order.code}.png", qr_png(vietqr.payload), "image/png")
        message.send()


def _unpaid_vietqr(order: Order):
    if order.status not in (OrderStatus.NEW, OrderStatus.CONFIRMED):
        return None
    return order_vietqr(order)


@cache
def _notifier_classes(paths: tuple[str, ...]) -> list[type]:
    return [import_string(path) for path in paths]


def notifiers() -> list:
    paths = tuple(getattr(settings, "MARKET_NOTIFIERS", DEFAULT_NOTIFIERS))
    return [cls() for cls in _notifier_classes(paths)]


def notify(*, kind: str, order: Order, recipients: list[str]) -> None:
    """Send ``kind`` about ``order`` to ``recipients`` through every configured sender."""
    for notifier in notifiers():
        try:
            notifier.send(kind=kind, order=order, recipients=recipients)
        except Exception:
            logger.exception("market notifier %r failed for %s", notifier, order.code)


def _order_loaded(order_id: int) -> Order | None:
    return (
        Order.objects.select_related("shop__organisation", "province", "commune", "village")
        .prefetch_related("lines")
        .filter(pk=order_id)
        .first()
    )


def order_created_notify(order_ids: list[int]) -> None:
    """A new order: to its shop's order email, and a receipt to the buyer."""
    for order_id in order_ids:
        order = _order_loaded(order_id)
        if order is None:
            continue
        notify(kind="order_new", order=order, recipients=[order.shop.notify_email])
        notify(kind="order_placed", order=order, recipients=[order.buyer_email])


def order_status_notify(order_id: int) -> None:
    """The order moved: tell the buyer, when they left an email."""
    order = _order_loaded(order_id)
    if order is not None:
        notify(kind="order_status", order=order, recipients=[order.buyer_email])

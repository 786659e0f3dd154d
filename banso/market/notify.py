"""Telling people about orders: the shop when an order comes in, the buyer when it moves.

The market writes the messages; :mod:`banso.common.notify` sends them through the pluggable
senders every app shares (``BANSO_NOTIFIERS``, or ``BANSO_MARKET_NOTIFIERS`` when it is set, to
give orders senders of their own). Each message goes out after the order's transaction commits;
a failing sender, or a message that cannot be written, is logged and does not undo the order.

Kinds: ``order_new`` (to the shop), ``order_placed`` (the buyer's receipt, with the VietQR code
as a PNG while the order waits for payment), ``order_status`` (to the buyer, each later
status). Messages are rendered from ``market/emails/<kind>.txt`` in Vietnamese: the first line
is the subject.
"""

import logging

from django.template.loader import render_to_string
from django.utils import translation

from banso.common.notify import Attachment, Notification, Recipient, notifications_send

# The default sender's former path, which an operator's BANSO_MARKET_NOTIFIERS may still name.
from banso.common.notify import EmailNotifier as EmailNotifier
from banso.common.payment_codes import PaymentCode
from banso.common.qrcode import qr_png
from banso.market.models import Order, OrderStatus
from banso.market.selectors.payments import order_vietqr

logger = logging.getLogger(__name__)
NOTIFIERS_SETTING = "MARKET_NOTIFIERS"
LANGUAGE = "vi"


def _unpaid_vietqr(order: Order) -> PaymentCode | None:
    if order.status not in (OrderStatus.NEW, OrderStatus.CONFIRMED):
        return None
    return order_vietqr(order)


def order_notification(*, kind: str, order: Order, recipient: Recipient) -> Notification:
    """The message of ``kind`` about ``order``, written in Vietnamese for ``recipient``."""
    vietqr = _unpaid_vietqr(order) if kind == "order_placed" else None
    with translation.override(LANGUAGE):
        text = render_to_string(f"market/emails/{kind}.txt", {"order": order, "vietqr": vietqr})
    subject, _, body = text.strip().partition("\n")
    attachments: tuple[Attachment, ...] = ()
    if vietqr is not None:
        # The receipt carries the payment's QR code, to scan from another screen or print.
        attachments = (Attachment(f"vietqr-{order.code}.png", qr_png(vietqr.payload), "image/png"),)
    return Notification(
        kind=kind,
        subject=subject.strip(),
        body=body.strip() + "\n",
        recipients=(recipient,),
        language=LANGUAGE,
        reference=order.code,
        attachments=attachments,
    )


def notify(*, kind: str, order: Order, recipient: Recipient) -> None:
    """Send ``kind`` about ``order`` to ``recipient`` through every configured sender."""
    if not (recipient.email or recipient.phone):
        return
    try:
        notification = order_notification(kind=kind, order=order, recipient=recipient)
    except Exception:
        # Called after the commit: a message that cannot be written must not fail the request.
        logger.exception("market notification %s could not be written for %s", kind, order.code)
        return
    notifications_send(notifiers_setting=NOTIFIERS_SETTING, notification=notification)


def _order_loaded(order_id: int) -> Order | None:
    return (
        Order.objects.select_related("shop__organisation", "province", "commune", "village")
        .prefetch_related("lines")
        .filter(pk=order_id)
        .first()
    )


def _buyer(order: Order) -> Recipient:
    return Recipient(email=order.buyer_email, phone=order.buyer_phone)


def order_created_notify(order_ids: list[int]) -> None:
    """A new order: to its shop (order email, shop phone), and a receipt to the buyer."""
    for order_id in order_ids:
        order = _order_loaded(order_id)
        if order is None:
            continue
        shop = Recipient(email=order.shop.notify_email, phone=order.shop.phone)
        notify(kind="order_new", order=order, recipient=shop)
        notify(kind="order_placed", order=order, recipient=_buyer(order))


def order_status_notify(order_id: int) -> None:
    """The order moved: tell the buyer."""
    order = _order_loaded(order_id)
    if order is not None:
        notify(kind="order_status", order=order, recipient=_buyer(order))

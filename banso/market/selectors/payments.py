"""Reads for payments: the QR an order's buyer scans, and the queue of bank credits that wait
for a person."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from banso.common.payment_codes import PaymentCode, payment_code, payment_payload
from banso.market.models import BankNotification, NotificationStatus, Order, PaymentMethod
from banso.market.order_codes import order_code_normalize
from banso.market.templatetags.market import format_vnd

UNMATCHED_PAGE = 200


def order_vietqr_purpose(order: Order) -> str:
    """The transfer message of an order's payment: its code, which the bank credit brings back
    for matching (and which the shop reads in its statement)."""
    return order.code


def order_vietqr_payload(order: Order) -> str | None:
    """The dynamic VietQR payload paying ``order``'s total into its shop's account; None when
    the order is not paid by VietQR or the shop's organisation has no usable bank account."""
    if order.payment_method != PaymentMethod.VIETQR:
        return None
    organisation = order.shop.organisation
    return payment_payload(
        bank_bin=organisation.bank_bin,
        account_number=organisation.bank_account_number,
        amount_vnd=order.total_vnd,
        purpose=order_vietqr_purpose(order),
    )


def order_vietqr(order: Order) -> PaymentCode | None:
    """The QR code paying ``order`` and its details; None when it is not paid by VietQR or its
    shop has no bank account. ``order.shop.organisation`` should be selected with the order."""
    if order.payment_method != PaymentMethod.VIETQR:
        return None
    organisation = order.shop.organisation
    label = _("VietQR code: pay %(amount)s to %(shop)s for order %(code)s") % {
        "amount": format_vnd(order.total_vnd),
        "shop": order.shop.name,
        "code": order.code,
    }
    return payment_code(
        bank_bin=organisation.bank_bin,
        account_number=organisation.bank_account_number,
        account_name=organisation.bank_account_name,
        amount_vnd=order.total_vnd,
        purpose=order_vietqr_purpose(order),
        label=label,
    )


def bank_notifications_unmatched(*, actor) -> QuerySet[BankNotification]:
    """The credits waiting for a person, oldest first; nothing for whoever may not see them."""
    if actor is None or not actor.has_perm("market.view_banknotification"):
        return BankNotification.objects.none()
    return (
        BankNotification.objects.filter(status=NotificationStatus.UNMATCHED)
        .select_related("order")
        .order_by("received_at", "pk")
    )


def bank_notifications_settled(*, actor, limit: int = 50) -> list[BankNotification]:
    """The credits settled most recently (by the webhook or a person), for the queue's page."""
    if actor is None or not actor.has_perm("market.view_banknotification"):
        return []
    return list(
        BankNotification.objects.exclude(status=NotificationStatus.UNMATCHED)
        .select_related("order")
        .order_by("-received_at", "-pk")[:limit]
    )


def order_for_payment(*, code: str) -> Order | None:
    """The order a person names by its code when matching a credit by hand."""
    code = order_code_normalize(code or "")
    if not code:
        return None
    return Order.objects.select_related("shop__organisation").filter(code=code).first()

"""Payment by VietQR transfer into the shop's own account, and how an order learns it is paid.

Money never passes through the platform: the buyer's banking app pays the shop's organisation
directly, with the order code as the transfer message. The order becomes paid in one of two
ways:

- by hand: the shop sees the credit in its banking app and confirms it
  (:func:`order_payment_confirm`);
- by a bank-credit notification service (SePay, or anything that speaks the neutral format
  below) calling our webhook (:func:`bank_notification_receive`). A notification confirms an
  order only when it names exactly one order, that order waits for a VietQR payment, the amount
  is its total to the đồng and the account (when given) is the shop's. Anything else waits in
  the unmatched queue for a province officer, who matches it by hand
  (:func:`bank_notification_match`) or sets it aside (:func:`bank_notification_ignore`):
  money is never assigned on a guess.

Notification formats (JSON objects):

``neutral`` — any provider name but ``sepay``::

    {"id": "FT2511201234", "amount": 250000, "description": "DH4K7P2M9Q thanh toan",
     "account_number": "0011001932418", "credited_at": "2025-11-20T09:15:00+07:00",
     "reference": "FT2511201234"}

``id``, ``amount`` (whole đồng) and ``description`` are required; ``credited_at`` is ISO 8601
(Vietnam time when it has no offset); ``reference`` (the bank's transaction number) defaults to
``id``. A ``"direction": "out"`` marks money leaving the account.

``sepay`` — SePay's webhook body (developer.sepay.vn, "SePay Webhooks")::

    {"id": 92704, "gateway": "Vietcombank", "transactionDate": "2023-03-25 14:02:37",
     "accountNumber": "0123499999", "code": null, "content": "DH4K7P2M9Q",
     "transferType": "in", "transferAmount": 2277000, "accumulated": 19077000,
     "subAccount": null, "referenceCode": "MBVCB.3278907687", "description": ""}
"""

import datetime
import logging
import re
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from banso.common.text import fold
from banso.market.models import (
    BankNotification,
    NotificationStatus,
    Order,
    OrderStatus,
    PaymentMethod,
)
from banso.market.order_codes import CODE_LENGTH, CODE_PREFIX, order_code_normalize
from banso.market.services.orders import order_transition
from banso.market.templatetags.market import format_vnd

logger = logging.getLogger(__name__)

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PROVIDER_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
SEPAY = "sepay"
# An order code anywhere in a transfer message, however the bank wraps it
# ("MBVCB.3278907687.DH4K7P2M9Q.CT tu 0123…").
_CODE_IN_TEXT = re.compile(rf"(?<![0-9A-Z]){CODE_PREFIX}[0-9A-Z]{{{CODE_LENGTH}}}(?![0-9A-Z])")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
PAID_OR_LATER = frozenset(
    {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RETURNED}
)


# --- Confirmation by hand -----------------------------------------------------------------


def order_payment_confirm(*, actor, order: Order, reference: str = "") -> Order:
    """The shop confirms that the transfer for ``order`` is in its account.

    ``reference`` is the bank's transaction number, kept on the order. Raises PermissionDenied
    for anyone who may not manage the shop's orders, ValidationError when the order is not a
    VietQR order or cannot become paid (already paid, cancelled, changed meanwhile).
    """
    if actor is None or not actor.has_perm("market.change_order", order):
        raise PermissionDenied
    if order.payment_method != PaymentMethod.VIETQR:
        raise ValidationError(
            _("This order is paid cash on delivery, not by bank transfer."), code="method"
        )
    reference = " ".join(reference.split())[:100]
    with transaction.atomic():
        order = order_transition(
            actor=actor,
            order=order,
            to=OrderStatus.PAID,
            note=_("Transfer received (reference %(reference)s).") % {"reference": reference}
            if reference
            else _("Transfer received."),
            source="manual",
        )
        if reference:
            Order.objects.filter(pk=order.pk).update(payment_reference=reference)
            order.payment_reference = reference
    return order


# --- Bank-credit notifications ------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """A notification's fields, whatever its format."""

    external_id: str
    amount_vnd: int
    description: str
    account_number: str
    credited_at: datetime.datetime | None
    reference: str
    is_incoming: bool


def _text(value, *, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValidationError(_("A text field has a value of the wrong kind."), code="format")
    return " ".join(str(value).split())[:limit]


def _amount(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(_("The amount is a whole number of đồng."), code="amount")
    if isinstance(value, str):
        if not value.strip().isdigit():
            raise ValidationError(_("The amount is a whole number of đồng."), code="amount")
        value = int(value.strip())
    if value <= 0:
        raise ValidationError(_("The amount must be more than 0 ₫."), code="amount")
    if value > 10**15:
        raise ValidationError(_("The amount is too large."), code="amount")
    return value


def _when(value) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValidationError(_("The credit time is not a date and time."), code="credited_at")
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(_("The credit time is not a date and time."), code="credited_at")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=VIETNAM)
    return moment


def credit_parse(*, provider: str, payload: dict) -> Credit:
    """The credit a notification body describes. Raises ValidationError naming what is wrong."""
    if not isinstance(payload, dict):
        raise ValidationError(_("The notification is not a JSON object."), code="format")
    if provider == SEPAY:
        fields = {
            "id": payload.get("id"),
            "amount": payload.get("transferAmount"),
            "description": " ".join(
                part for part in (payload.get("content"), payload.get("description")) if part
            ),
            "account_number": payload.get("accountNumber"),
            "credited_at": payload.get("transactionDate"),
            "reference": payload.get("referenceCode"),
            "incoming": payload.get("transferType", "in") == "in",
        }
    else:
        fields = {
            "id": payload.get("id"),
            "amount": payload.get("amount"),
            "description": payload.get("description"),
            "account_number": payload.get("account_number"),
            "credited_at": payload.get("credited_at"),
            "reference": payload.get("reference"),
            "incoming": payload.get("direction", "in") == "in",
        }
    external_id = _text(fields["id"], limit=100)
    if not external_id:
        raise ValidationError(_("The notification has no transaction id."), code="id")
    if fields["amount"] is None:
        raise ValidationError(_("The notification has no amount."), code="amount")
    return Credit(
        external_id=external_id,
        amount_vnd=_amount(fields["amount"]),
        description=_text(fields["description"], limit=500),
        account_number=_text(fields["account_number"], limit=19).replace(" ", ""),
        credited_at=_when(fields["credited_at"]),
        reference=_text(fields["reference"], limit=100) or external_id,
        is_incoming=bool(fields["incoming"]),
    )


def order_codes_in(text: str) -> list[str]:
    """The order codes a transfer message carries, in order, each once."""
    folded = fold(text).upper()
    codes: list[str] = []
    for match in _CODE_IN_TEXT.findall(folded):
        code = order_code_normalize(match)
        if code not in codes:
            codes.append(code)
    return codes


def _mismatch(credit: Credit, orders: list[Order]) -> str | None:
    """Why ``credit`` cannot confirm the one order found, or None when it can."""
    if not orders:
        return _("No order code in the transfer message.")
    if len(orders) > 1:
        return _("The transfer message names more than one order: %(codes)s.") % {
            "codes": ", ".join(order.code for order in orders)
        }
    order = orders[0]
    if order.payment_method != PaymentMethod.VIETQR:
        return _("Order %(code)s is paid cash on delivery.") % {"code": order.code}
    if order.status in PAID_OR_LATER or order.paid_at:
        return _("Order %(code)s is already paid.") % {"code": order.code}
    if order.status == OrderStatus.CANCELLED:
        return _("Order %(code)s is cancelled.") % {"code": order.code}
    if credit.amount_vnd != order.total_vnd:
        return _("%(amount)s received, but order %(code)s comes to %(total)s.") % {
            "amount": format_vnd(credit.amount_vnd),
            "code": order.code,
            "total": format_vnd(order.total_vnd),
        }
    shop_account = order.shop.organisation.bank_account_number
    if credit.account_number and _account_key(credit.account_number) != _account_key(shop_account):
        return _("The money went to account %(account)s, not to the shop's account.") % {
            "account": credit.account_number
        }
    return None


def _account_key(account: str) -> str:
    return _NOT_ALNUM.sub("", account.upper())


def bank_notification_receive(*, provider: str, payload: dict) -> BankNotification:
    """Record a bank-credit notification and confirm the order it pays, if it matches one.

    Idempotent: a notification already recorded (same provider and transaction id) is returned
    as it is, with ``is_duplicate`` set, and changes nothing. Raises ValidationError for a body
    that is not a credit notification.
    """
    provider = provider.strip().lower()
    if not PROVIDER_NAME.fullmatch(provider):
        raise ValidationError(_("Unknown notification service."), code="provider")
    credit = credit_parse(provider=provider, payload=payload)
    with transaction.atomic():
        try:
            with transaction.atomic():
                notification = BankNotification.objects.create(
                    provider=provider,
                    external_id=credit.external_id,
                    credited_at=credit.credited_at,
                    account_number=credit.account_number,
                    amount_vnd=credit.amount_vnd,
                    description=credit.description,
                    payload=payload,
                    status=NotificationStatus.UNMATCHED,
                )
        except IntegrityError:
            notification = BankNotification.objects.get(
                provider=provider, external_id=credit.external_id
            )
            notification.is_duplicate = True
            return notification
        notification.is_duplicate = False
        if not credit.is_incoming:
            return _settle(notification, status=NotificationStatus.IGNORED, note=_("Money out."))
        codes = order_codes_in(credit.description)
        orders = list(Order.objects.select_related("shop__organisation").filter(code__in=codes))
        reason = _mismatch(credit, orders)
        if reason is not None:
            return _settle(notification, status=NotificationStatus.UNMATCHED, note=reason)
        order = orders[0]
        try:
            with transaction.atomic():
                _order_paid(
                    actor=None,
                    order=order,
                    reference=credit.reference,
                    note=_("Bank credit %(reference)s.") % {"reference": credit.reference},
                )
        except ValidationError as error:
            return _settle(
                notification, status=NotificationStatus.UNMATCHED, note=" ".join(error.messages)
            )
        return _settle(notification, status=NotificationStatus.MATCHED, order=order)


def _order_paid(*, actor, order: Order, reference: str, note: str) -> Order:
    order = order_transition(
        actor=actor, order=order, to=OrderStatus.PAID, note=note, source="bank"
    )
    Order.objects.filter(pk=order.pk).update(payment_reference=reference[:100])
    order.payment_reference = reference[:100]
    return order


def _settle(
    notification: BankNotification, *, status: str, note: str = "", order: Order | None = None
) -> BankNotification:
    notification.status = status
    notification.note = note[:300]
    notification.order = order
    notification.full_clean()
    notification.save(update_fields=["status", "note", "order"])
    return notification


def _claim(notification: BankNotification, *, status: str, note: str, order=None) -> None:
    """Settle ``notification`` if it still waits for a person: one conditional UPDATE, so of
    two officers pressing at once exactly one settles it."""
    won = BankNotification.objects.filter(
        pk=notification.pk, status=NotificationStatus.UNMATCHED
    ).update(status=status, note=note[:300], order=order)
    if not won:
        raise ValidationError(
            _("This payment has already been settled by someone else."), code="settled"
        )
    notification.status, notification.note, notification.order = status, note[:300], order


def _reference(notification: BankNotification) -> str:
    try:
        return credit_parse(provider=notification.provider, payload=notification.payload).reference
    except ValidationError:
        return notification.external_id


def bank_notification_match(
    *, actor, notification: BankNotification, order: Order
) -> BankNotification:
    """A person assigns an unmatched credit to ``order``, which becomes paid.

    The person has looked at the credit and the order: the amount may differ (a buyer who paid
    the goods without the delivery fee, say), and the order's history says who decided.
    """
    if actor is None or not actor.has_perm("market.change_banknotification", notification):
        raise PermissionDenied
    if order.payment_method != PaymentMethod.VIETQR:
        raise ValidationError(
            _("Order %(code)s is paid cash on delivery.") % {"code": order.code}, code="method"
        )
    person = str(actor)
    with transaction.atomic():
        _claim(
            notification,
            status=NotificationStatus.RESOLVED,
            note=_("Matched to order %(code)s by %(person)s.")
            % {"code": order.code, "person": person},
            order=order,
        )
        reference = _reference(notification)
        _order_paid(
            actor=actor,
            order=order,
            reference=reference,
            note=_("Bank credit %(reference)s of %(amount)s, matched by hand.")
            % {"reference": reference, "amount": format_vnd(notification.amount_vnd)},
        )
    return notification


def bank_notification_ignore(
    *, actor, notification: BankNotification, note: str
) -> BankNotification:
    """A person sets aside a credit that pays no order (a gift, a refund, a wrong account),
    saying why."""
    if actor is None or not actor.has_perm("market.change_banknotification", notification):
        raise PermissionDenied
    note = " ".join(note.split())
    if not note:
        raise ValidationError({"note": _("Say why this payment is set aside.")}, code="required")
    with transaction.atomic():
        _claim(notification, status=NotificationStatus.IGNORED, note=note)
    return notification

"""Payment services against the real database: the order's QR, the shop's confirmation by
hand, bank-credit notifications (matched only on code, amount and account; idempotent) and
their settlement by a province officer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banso.common.vietqr import decode
from banso.market.models import BankNotification, NotificationStatus, Order, OrderEvent
from banso.market.selectors.payments import (
    bank_notifications_unmatched,
    order_for_payment,
    order_vietqr,
    order_vietqr_payload,
)
from banso.market.services.orders import order_transition
from banso.market.services.payments import (
    bank_notification_ignore,
    bank_notification_match,
    bank_notification_receive,
    order_codes_in,
    order_payment_confirm,
)
from banso.market.tests.orders_makers import order_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(listing):
    return order_place(listing, quantity=2)


def _state(order: Order):
    order.refresh_from_db()
    return (order.status, order.paid_at, order.payment_reference, order.events.count())


def _credit(order, *, id="FT1", amount=None, description=None, **fields) -> dict:
    return {
        "id": id,
        "amount": order.total_vnd if amount is None else amount,
        "description": f"{order.code} chuyen khoan" if description is None else description,
        **fields,
    }


# The code the buyer scans ---------------------------------------------------------------


def test_payload_pays_the_total_into_the_shop_account(order):
    code = decode(order_vietqr_payload(order))
    assert (code.bin, code.account) == ("970436", "0011001932418")
    assert code.amount_vnd == order.total_vnd == 500000
    assert code.purpose == order.code
    assert code.is_dynamic


def test_no_payload_for_cash_on_delivery(listing):
    order = order_place(listing, payment_method="cod")
    assert order_vietqr_payload(order) is None
    assert order_vietqr(order) is None


def test_no_payload_without_a_usable_bank_account(order, coop):
    coop.bank_account_number = "ABC123456"  # letters: allowed by orgs, refused by VietQR
    coop.save()
    order.shop.organisation.refresh_from_db()
    assert order_vietqr_payload(order) is None
    coop.bank_bin, coop.bank_account_number = "", ""
    coop.save()
    order.shop.organisation.refresh_from_db()
    assert order_vietqr_payload(order) is None


def test_order_vietqr_block(order):
    block = order_vietqr(order)
    assert block.bank_name == "Vietcombank"
    assert block.account_name == "HTX QUYT MUONG KHUONG"
    assert block.svg.startswith("<svg") and order.code in block.svg
    assert decode(block.payload).amount_vnd == block.amount_vnd


# Confirmation by hand --------------------------------------------------------------------


def test_shop_confirms_by_hand(order, coop_member):
    order_payment_confirm(actor=coop_member, order=order, reference="  FT 2511  ")
    order.refresh_from_db()
    assert order.status == "paid" and order.paid_at is not None
    assert order.payment_reference == "FT 2511"
    event = order.events.get(status_to="paid")
    assert event.actor == coop_member and "[manual]" in event.note


@pytest.mark.parametrize("who", ["anonymous", "other_coop_member", "nobody"])
def test_only_the_shop_confirms(order, who, request, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    actor = {
        "anonymous": AnonymousUser(),
        "other_coop_member": request.getfixturevalue("other_coop_member"),
        "nobody": None,
    }[who]
    before = _state(order)
    with pytest.raises(PermissionDenied):
        order_payment_confirm(actor=actor, order=order)
    assert _state(order) == before


def test_cash_on_delivery_is_not_confirmed_as_a_transfer(listing, coop_member):
    order = order_place(listing, payment_method="cod")
    with pytest.raises(ValidationError, match="cash on delivery"):
        order_payment_confirm(actor=coop_member, order=order)
    assert _state(order)[0] == "new"


def test_paid_twice_is_refused(order, coop_member):
    order_payment_confirm(actor=coop_member, order=order, reference="A")
    before = _state(order)
    with pytest.raises(ValidationError):
        order_payment_confirm(actor=coop_member, order=order, reference="B")
    assert _state(order) == before


# Notifications ---------------------------------------------------------------------------


def test_codes_found_however_the_bank_wraps_them():
    assert order_codes_in("MBVCB.3278907687.dh4k7p2m9q.CT tu 0123") == ["DH4K7P2M9Q"]
    assert order_codes_in("Thanh toán DH4K7P2M9Q, DH4K7P2M9Q") == ["DH4K7P2M9Q"]
    assert order_codes_in("XDH4K7P2M9Q DH4K7P2M9QX DH4K7") == []
    assert order_codes_in("dh4k7p2m9q dhab12cd3o") == ["DH4K7P2M9Q", "DHAB12CD30"]


def test_matching_credit_marks_the_order_paid(order):
    notification = bank_notification_receive(
        provider="casso",
        payload=_credit(order, account_number="0011 0019 32418", reference="FT25112"),
    )
    assert notification.status == NotificationStatus.MATCHED
    assert notification.order == order and not notification.is_duplicate
    order.refresh_from_db()
    assert order.status == "paid" and order.payment_reference == "FT25112"
    event = order.events.get(status_to="paid")
    assert event.actor is None and "[bank]" in event.note


def test_resent_notification_changes_nothing(order):
    first = bank_notification_receive(provider="casso", payload=_credit(order))
    before = _state(order)
    again = bank_notification_receive(
        provider="casso", payload=_credit(order, amount=1, description="other")
    )
    assert again.is_duplicate and again.pk == first.pk
    assert again.amount_vnd == order.total_vnd
    assert BankNotification.objects.count() == 1
    assert _state(order) == before
    # The same transaction id from another service is another notification.
    other = bank_notification_receive(provider="other", payload=_credit(order))
    assert not other.is_duplicate and other.status == NotificationStatus.UNMATCHED


def test_sepay_body(order):
    """SePay's documented webhook body (developer.sepay.vn, SePay Webhooks)."""
    payload = {
        "id": 92704,
        "gateway": "Vietcombank",
        "transactionDate": "2025-11-20 14:02:37",
        "accountNumber": "0011001932418",
        "code": None,
        "content": f"{order.code} chuyen tien",
        "transferType": "in",
        "transferAmount": order.total_vnd,
        "accumulated": 19077000,
        "subAccount": None,
        "referenceCode": "MBVCB.3278907687",
        "description": "",
    }
    notification = bank_notification_receive(provider="sepay", payload=payload)
    assert notification.status == NotificationStatus.MATCHED
    assert notification.external_id == "92704"
    notification.refresh_from_db()
    assert notification.credited_at == datetime.datetime(
        2025, 11, 20, 7, 2, 37, tzinfo=datetime.UTC
    )
    order.refresh_from_db()
    assert order.payment_reference == "MBVCB.3278907687"
    money_out = bank_notification_receive(
        provider="sepay", payload={**payload, "id": 92705, "transferType": "out"}
    )
    assert money_out.status == NotificationStatus.IGNORED


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"amount": 499999}, "comes to VND\u00a0500,000"),
        ({"amount": 500001}, "comes to VND\u00a0500,000"),
        ({"description": "chuyen tien mua quyt"}, "No order code"),
        ({"description": "DH0000000000"}, "No order code"),
        ({"account_number": "9999999999"}, "not to the shop"),
    ],
)
def test_mismatch_waits_for_a_person(order, change, reason):
    before = _state(order)
    notification = bank_notification_receive(provider="casso", payload=_credit(order, **change))
    assert notification.status == NotificationStatus.UNMATCHED
    assert reason in notification.note and notification.order is None
    assert _state(order) == before


def test_two_codes_wait_for_a_person(order, other_listing):
    other = order_place(other_listing, phone="0912000111")
    notification = bank_notification_receive(
        provider="casso",
        payload=_credit(order, description=f"{order.code} {other.code}"),
    )
    assert notification.status == NotificationStatus.UNMATCHED
    assert "more than one order" in notification.note
    assert _state(order)[0] == _state(other)[0] == "new"


def test_cod_paid_and_cancelled_orders_are_not_confirmed(listing, coop_member):
    cod = order_place(listing, payment_method="cod")
    paid = order_place(listing)
    order_payment_confirm(actor=coop_member, order=paid)
    cancelled = order_place(listing)
    order_transition(actor=coop_member, order=cancelled, to="cancelled")
    for number, (order, reason) in enumerate(
        [(cod, "cash on delivery"), (paid, "already paid"), (cancelled, "cancelled")]
    ):
        before = _state(order)
        notification = bank_notification_receive(
            provider="casso", payload=_credit(order, id=f"X{number}")
        )
        assert notification.status == NotificationStatus.UNMATCHED
        assert reason in notification.note
        assert _state(order) == before


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "JSON object"),
        ({"amount": 1000, "description": "x"}, "transaction id"),
        ({"id": "A", "description": "x"}, "no amount"),
        ({"id": "A", "amount": 0}, "more than 0"),
        ({"id": "A", "amount": -5}, "more than 0"),
        ({"id": "A", "amount": 10.5}, "whole number"),
        ({"id": "A", "amount": "10.5"}, "whole number"),
        ({"id": "A", "amount": 5, "credited_at": "yesterday"}, "date and time"),
        ({"id": {"x": 1}, "amount": 5}, "wrong kind"),
    ],
)
def test_bad_bodies_are_refused(payload, message):
    with pytest.raises(ValidationError, match=message):
        bank_notification_receive(provider="casso", payload=payload)
    assert not BankNotification.objects.exists()


def test_bad_provider_name_is_refused():
    with pytest.raises(ValidationError):
        bank_notification_receive(provider="../etc", payload={"id": "A", "amount": 5})


# Settled by a person ---------------------------------------------------------------------


@pytest.fixture
def short_credit(order):
    """The buyer paid the goods but not all of it: waits for a person."""
    return bank_notification_receive(provider="casso", payload=_credit(order, amount=450000))


def test_officer_matches_by_hand(short_credit, order, province_officer):
    assert list(bank_notifications_unmatched(actor=province_officer)) == [short_credit]
    bank_notification_match(actor=province_officer, notification=short_credit, order=order)
    short_credit.refresh_from_db()
    assert short_credit.status == NotificationStatus.RESOLVED and short_credit.order == order
    assert order.code in short_credit.note
    order.refresh_from_db()
    assert order.status == "paid" and order.payment_reference == "FT1"
    assert OrderEvent.objects.get(order=order, status_to="paid").actor == province_officer
    assert list(bank_notifications_unmatched(actor=province_officer)) == []
    with pytest.raises(ValidationError, match="already been settled"):
        bank_notification_match(actor=province_officer, notification=short_credit, order=order)


def test_officer_sets_aside(short_credit, superuser):
    with pytest.raises(ValidationError):
        bank_notification_ignore(actor=superuser, notification=short_credit, note="   ")
    bank_notification_ignore(actor=superuser, notification=short_credit, note="A refund")
    short_credit.refresh_from_db()
    assert (short_credit.status, short_credit.note) == (NotificationStatus.IGNORED, "A refund")


def test_match_to_an_order_that_cannot_be_paid_changes_nothing(
    short_credit, listing, province_officer
):
    cod = order_place(listing, payment_method="cod")
    with pytest.raises(ValidationError):
        bank_notification_match(actor=province_officer, notification=short_credit, order=cod)
    short_credit.refresh_from_db()
    assert short_credit.status == NotificationStatus.UNMATCHED


@pytest.mark.parametrize("who", ["coop_member", "commune_officer", "other_coop_member"])
def test_shops_and_communes_do_not_settle(short_credit, order, who, request):
    actor = request.getfixturevalue(who)
    assert list(bank_notifications_unmatched(actor=actor)) == []
    with pytest.raises(PermissionDenied):
        bank_notification_match(actor=actor, notification=short_credit, order=order)
    with pytest.raises(PermissionDenied):
        bank_notification_ignore(actor=actor, notification=short_credit, note="mine")
    short_credit.refresh_from_db()
    assert short_credit.status == NotificationStatus.UNMATCHED
    assert _state(order)[0] == "new"


def test_order_for_payment_reads_codes_as_typed(order):
    assert order_for_payment(code=f" {order.code.lower()} ") == order
    assert order_for_payment(code="") is None
    assert order_for_payment(code="DH0000000000") is None

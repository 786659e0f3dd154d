"""The order state machine: every allowed move, a sample of refused ones, who may move an
order, the stamps and history it leaves, and stock given back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banso.market.models import ListingVariant, Order, OrderStatus
from banso.market.services.orders import TRANSITIONS, order_transition
from banso.market.tests.orders_makers import order_place

S = OrderStatus
ALLOWED = [(start, to) for start, targets in TRANSITIONS.items() for to in sorted(targets)]
PATHS = {
    S.NEW: [],
    S.CONFIRMED: [S.CONFIRMED],
    S.PAID: [S.PAID],
    S.SHIPPED: [S.CONFIRMED, S.SHIPPED],
    S.DELIVERED: [S.CONFIRMED, S.SHIPPED, S.DELIVERED],
}
STAMPS = {
    S.CONFIRMED: "confirmed_at",
    S.PAID: "paid_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.CANCELLED: "cancelled_at",
}


def _walk(order, statuses, actor):
    for status in statuses:
        order = order_transition(actor=actor, order=order, to=status)
    return order


def test_allowed_list_is_the_agreed_one():
    assert sorted(ALLOWED) == sorted(
        [
            (S.NEW, S.CONFIRMED),
            (S.NEW, S.PAID),
            (S.NEW, S.CANCELLED),
            (S.CONFIRMED, S.PAID),
            (S.CONFIRMED, S.SHIPPED),
            (S.CONFIRMED, S.CANCELLED),
            (S.PAID, S.SHIPPED),
            (S.PAID, S.CANCELLED),
            (S.SHIPPED, S.DELIVERED),
            (S.DELIVERED, S.RETURNED),
        ]
    )


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_every_allowed_transition(
    start, to, listing, coop_member, django_capture_on_commit_callbacks
):
    order = _walk(order_place(listing), PATHS[start], coop_member)
    assert order.status == start
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order_transition(actor=coop_member, order=order, to=to, note="ok")
    stored = Order.objects.get(pk=order.pk)
    assert stored.status == to
    if to in STAMPS:
        assert getattr(stored, STAMPS[to]) is not None
    event = stored.events.last()
    assert (event.status_from, event.status_to, event.actor) == (start, to, coop_member)
    # One notification per transition; a cancellation or return also puts the stock back,
    # which makes the public pages' cache forget (a callback of its own).
    notifications = [c for c in callbacks if c.__qualname__.startswith("order_transition")]
    assert len(notifications) == 1


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.NEW, S.SHIPPED),
        (S.NEW, S.DELIVERED),
        (S.NEW, S.RETURNED),
        (S.CONFIRMED, S.NEW),
        (S.PAID, S.CONFIRMED),
        (S.SHIPPED, S.CANCELLED),
        (S.DELIVERED, S.CANCELLED),
        (S.CANCELLED, S.CONFIRMED),
        (S.RETURNED, S.DELIVERED),
        (S.NEW, "lost"),
    ],
)
def test_refused_transitions_change_nothing(start, to, listing, coop_member):
    paths = {**PATHS, S.CANCELLED: [S.CANCELLED], S.RETURNED: PATHS[S.DELIVERED] + [S.RETURNED]}
    order = _walk(order_place(listing), paths[start], coop_member)
    events = order.events.count()
    with pytest.raises(ValidationError):
        order_transition(actor=coop_member, order=order, to=to)
    stored = Order.objects.get(pk=order.pk)
    assert stored.status == start
    assert stored.events.count() == events


def test_cod_is_paid_when_delivered(listing, coop_member):
    order = order_place(listing, payment_method="cod")
    order = _walk(order, [S.CONFIRMED, S.SHIPPED], coop_member)
    assert Order.objects.get(pk=order.pk).paid_at is None
    order_transition(actor=coop_member, order=order, to=S.DELIVERED)
    assert Order.objects.get(pk=order.pk).paid_at is not None


def test_cancelling_a_paid_order_notes_the_refund(listing, coop_member):
    order = _walk(order_place(listing), [S.PAID], coop_member)
    order_transition(actor=coop_member, order=order, to=S.CANCELLED, note="Hết hàng")
    note = Order.objects.get(pk=order.pk).events.last().note
    assert "Hết hàng" in note
    assert "refund" in note


@pytest.mark.parametrize("to", [S.CANCELLED, S.RETURNED])
def test_cancel_and_return_give_stock_back(to, listing, coop_member):
    variant = listing.variants.first()
    order = order_place(listing, quantity=4)
    assert ListingVariant.objects.get(pk=variant.pk).stock == 6
    listing.refresh_from_db()
    assert (listing.sold_count, listing.stock_total) == (4, 9)
    path = [] if to == S.CANCELLED else [S.CONFIRMED, S.SHIPPED, S.DELIVERED]
    order = _walk(order, path, coop_member)
    order_transition(actor=coop_member, order=order, to=to)
    assert ListingVariant.objects.get(pk=variant.pk).stock == 10
    listing.refresh_from_db()
    assert (listing.sold_count, listing.stock_total) == (0, 13)


def test_system_may_mark_paid_with_a_source(listing):
    order = order_transition(actor=None, order=order_place(listing), to=S.PAID, source="bank")
    event = Order.objects.get(pk=order.pk).events.last()
    assert event.actor is None
    assert "bank" in event.note


@pytest.mark.parametrize("who", ["other_coop_member", "make_user"])
def test_outsiders_cannot_move_an_order(who, request, listing):
    actor = request.getfixturevalue(who)
    actor = actor() if who == "make_user" else actor
    order = order_place(listing)
    with pytest.raises(PermissionDenied):
        order_transition(actor=actor, order=order, to=S.CONFIRMED)
    stored = Order.objects.get(pk=order.pk)
    assert stored.status == S.NEW
    assert stored.events.count() == 1


def test_a_stale_order_loses(listing, coop_member):
    """Two people hold the same order; the second press finds it already moved."""
    order = order_place(listing)
    twin = Order.objects.get(pk=order.pk)
    order_transition(actor=coop_member, order=order, to=S.CONFIRMED)
    with pytest.raises(ValidationError) as error:
        order_transition(actor=coop_member, order=twin, to=S.CANCELLED)
    assert error.value.code == "stale"
    assert Order.objects.get(pk=order.pk).status == S.CONFIRMED


def test_status_change_emails_the_buyer(
    listing, coop_member, mailoutbox, django_capture_on_commit_callbacks
):
    order = order_place(listing, buyer_email="mai@example.vn")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(actor=coop_member, order=order, to=S.CONFIRMED)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["mai@example.vn"]
    assert order.code in mailoutbox[0].subject


class PhoneRecorder:
    """An SMS gateway's sender, as an operator writes one: it sees the message, not the order."""

    sent: list = []

    def send(self, notification) -> None:
        PhoneRecorder.sent.append(notification)


def test_a_sender_in_market_notifiers_gets_the_rendered_message_and_the_buyers_phone(
    listing, coop_member, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.MARKET_NOTIFIERS = [f"{__name__}.PhoneRecorder"]
    PhoneRecorder.sent = []
    order = order_place(listing, buyer_email="mai@example.vn")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(actor=coop_member, order=order, to=S.CONFIRMED)
    (notification,) = PhoneRecorder.sent
    assert (notification.kind, notification.reference) == ("order_status", order.code)
    assert notification.phones == [order.buyer_phone] and order.code in notification.subject
    assert notification.language == "vi" and notification.body.strip()
    assert mailoutbox == [], "MARKET_NOTIFIERS replaces the site's senders for orders"

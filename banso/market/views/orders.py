"""The buyer's side of orders: checkout, the page after it, and finding an order again by
phone number and code.

Who may see an order: the browser that placed it (its checkout and phone number are kept in
the session), whoever types the order's code with the phone number it was placed with, and
the signed-in buyer. Lookups are limited per address, so that codes cannot be guessed.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from banso.accounts.phone import phone_display, phone_normalize
from banso.common.client_identity import client_address_hash
from banso.common.forms import form_errors_add
from banso.common.payment_codes import payment_code_png_response
from banso.common.ratelimit import Limit, limit_exceeded, limit_hit
from banso.market.forms.checkout import CheckoutForm, OrderLookupForm
from banso.market.models import DeliveryMethod, Order, OrderStatus
from banso.market.order_codes import order_code_normalize
from banso.market.selectors.orders import cart_groups, order_for_buyer, orders_of_checkout
from banso.market.selectors.payments import order_vietqr
from banso.market.services.cart import cart_for_request
from banso.market.services.checkout import (
    checkout,
    checkout_delivery_methods,
    checkout_payment_methods,
    checkout_quote,
    checkout_repeated,
)
from banso.market.services.reviews import review_allowed

CHECKOUTS_KEY = "market_checkouts"
PHONES_KEY = "market_phones"
REMEMBERED = 20
LOOKUP_LIMIT = Limit("market-order-lookup", count=10, window_seconds=600, lockout_seconds=600)


def _remember(request, key: str, value: str) -> None:
    values = [v for v in request.session.get(key, []) if v != value]
    request.session[key] = [*values, value][-REMEMBERED:]


def _initial(request) -> dict:
    initial = {}
    if request.user.is_authenticated:
        initial["buyer_name"] = request.user.get_full_name()
        if getattr(request.user, "phone", ""):
            initial["buyer_phone"] = phone_display(request.user.phone)
        initial["buyer_email"] = request.user.email
    return initial


def _checkout_done_redirect(request, orders: list[Order]):
    _remember(request, CHECKOUTS_KEY, str(orders[0].checkout))
    _remember(request, PHONES_KEY, orders[0].buyer_phone)
    return redirect("market:checkout-done", checkout=orders[0].checkout)


def _repeated_checkout(request) -> list[Order]:
    """The orders this browser's cart already became with the posted form's key: the form was
    sent again (a retry after a dropped connection), so it is answered with those orders."""
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return []
    return checkout_repeated(cart=cart_for_request(request, create=False, open_only=False), key=key)


def checkout_view(request):
    if request.method == "POST" and request.POST.get("action") != "update":
        repeated = _repeated_checkout(request)
        if repeated:
            messages.info(request, _("Your order was already placed: here it is."))
            return _checkout_done_redirect(request, repeated)
    cart = cart_for_request(request, create=False)
    groups = cart_groups(cart)
    if not groups:
        messages.info(request, _("Your cart is empty."))
        return redirect("market:cart")
    methods = checkout_delivery_methods(groups)
    offered = {"delivery_methods": methods, "payment_methods": checkout_payment_methods(groups)}
    if request.method == "POST" and request.POST.get("action") != "update":
        form = CheckoutForm(request.POST, **offered)
        if form.is_valid():
            data = form.cleaned_data
            try:
                orders = checkout(cart=cart, buyer=request.user, **data)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                return _checkout_done_redirect(request, orders)
        values = form.data
    elif request.method == "POST":
        form = CheckoutForm(initial=request.POST.dict(), **offered)
        values = form.initial
    else:
        form = CheckoutForm(initial=_initial(request), **offered)
        values = form.initial
    delivery_method = values.get("delivery_method") or DeliveryMethod.DELIVERY
    province = form.fields["province"].queryset.filter(pk=form.selected_id("province")).first()
    quotes = checkout_quote(
        groups=groups,
        delivery_method=delivery_method,
        province=province,
        payment_method=values.get("payment_method") or form.initial.get("payment_method", ""),
    )
    known = all(quote.total_vnd is not None for quote in quotes)
    total = sum(quote.total_vnd or 0 for quote in quotes)
    return render(
        request,
        "market/orders/checkout.html",
        {
            "form": form,
            "quotes": quotes,
            "total_vnd": total if known else None,
            "needs_province": delivery_method == DeliveryMethod.DELIVERY and province is None,
            "no_common_delivery": not methods,
        },
    )


def _payment_box(order: Order):
    """What the buyer needs to pay an unpaid VietQR order: the QR and the same as text."""
    if order.status not in (OrderStatus.NEW, OrderStatus.CONFIRMED):
        return None
    return order_vietqr(order)


def checkout_done(request, checkout):
    if str(checkout) not in request.session.get(CHECKOUTS_KEY, []):
        raise Http404
    orders = orders_of_checkout(checkout)
    if not orders:
        raise Http404
    rows = [{"order": order, "payment": _payment_box(order)} for order in orders]
    return render(request, "market/orders/done.html", {"rows": rows, "orders": orders})


def order_lookup(request):
    form = OrderLookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        client = client_address_hash(request)
        if limit_exceeded(LOOKUP_LIMIT, client):
            form.add_error(None, _("Too many tries. Wait ten minutes and try again."))
            status = 429
        elif form.is_valid():
            limit_hit(LOOKUP_LIMIT, client)
            code = order_code_normalize(form.cleaned_data["code"])
            try:
                phone = phone_normalize(form.cleaned_data["buyer_phone"])
            except ValidationError:
                phone = ""
            order = order_for_buyer(code=code, phones=[phone])
            if order is not None:
                _remember(request, PHONES_KEY, phone)
                return redirect("market:order-detail", code=order.code)
            form.add_error(None, _("No order has this code and phone number."))
    return render(request, "market/orders/lookup.html", {"form": form}, status=status)


def _order_for_request(request, code: str) -> Order | None:
    return order_for_buyer(
        code=order_code_normalize(code),
        phones=request.session.get(PHONES_KEY, []),
        user=request.user,
    )


def order_detail(request, code: str):
    order = _order_for_request(request, code)
    if order is None:
        messages.info(request, _("Enter your phone number to see this order."))
        return redirect("market:order-lookup")
    return render(
        request,
        "market/orders/detail.html",
        {"order": order, "payment": _payment_box(order), "reviewable": _reviewable(order)},
    )


def order_qr_png(request, code: str):
    """The order's VietQR code as a PNG to save (a download), for a buyer who pays from the
    phone that shows it: most banking apps read a QR code from a saved picture. Only for whoever
    may see the order, while it waits for payment."""
    order = _order_for_request(request, code)
    payment = _payment_box(order) if order is not None else None
    if order is None or payment is None:
        raise Http404
    return payment_code_png_response(payment, filename=f"vietqr-{order.code}.png")


def _reviewable(order: Order) -> set[int]:
    """The listings of a delivered order its buyer has not reviewed yet."""
    if order.status != OrderStatus.DELIVERED:
        return set()
    return {
        line.listing_id
        for line in order.lines.all()
        if review_allowed(order=order, listing=line.listing)
    }


urlpatterns = [
    path("checkout/", checkout_view, name="checkout"),
    path("checkout/<uuid:checkout>/", checkout_done, name="checkout-done"),
    path("orders/", order_lookup, name="order-lookup"),
    path("orders/<str:code>/", order_detail, name="order-detail"),
    path("orders/<str:code>/vietqr.png", order_qr_png, name="order-qr-png"),
]

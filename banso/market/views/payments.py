"""Payment pages: the webhook bank-notification services call, the shop's "transfer received"
button, and the province's queue of credits that matched no order.

The webhook authenticates the sender, not a user: the provider name from the URL, a newline and
the body are signed together with HMAC-SHA256 under ``MARKET_WEBHOOK_SECRET`` (header
``X-Banso-Signature: sha256=<hex>``), so a body signed for one provider cannot be replayed
under another, where it would be recorded a second time. The endpoint is closed (503) while no
secret is set. It answers JSON: ``{"status": "matched" | "unmatched" |
"ignored" | "duplicate"}``, or ``{"error": …}`` with 400/401.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from banso.market.models import BankNotification
from banso.market.selectors import payments as selectors
from banso.market.selectors.orders import order_for_manager
from banso.market.services import payments as services

SIGNATURE_HEADER = "HTTP_X_BANSO_SIGNATURE"
SIGNATURE_PREFIX = "sha256="


def signature_for(body: bytes, secret: str, *, provider: str) -> str:
    """The header value a sender puts on ``body`` posted to ``provider``'s URL: the HMAC of
    ``provider + "\n" + body``."""
    signed = provider.encode("utf-8") + b"\n" + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
@require_POST
def payment_webhook(request, provider: str):
    secret = getattr(settings, "MARKET_WEBHOOK_SECRET", "")
    if not secret:
        return _error(503, _("Bank notifications are not enabled on this site."))
    given = request.META.get(SIGNATURE_HEADER, "")
    expected = signature_for(request.body, secret, provider=provider)
    if not hmac.compare_digest(given.strip().lower().encode(), expected.encode()):
        return _error(401, _("The signature of this notification is missing or wrong."))
    try:
        payload = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return _error(400, _("The notification is not valid JSON."))
    try:
        notification = services.bank_notification_receive(provider=provider, payload=payload)
    except ValidationError as error:
        return _error(400, " ".join(error.messages))
    status = "duplicate" if notification.is_duplicate else notification.status
    return JsonResponse({"status": status})


def _back_to_order(request, code: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    for name, args in (("market:manage-order", [code]), ("market:manage", [])):
        try:
            return HttpResponseRedirect(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return HttpResponseRedirect("/")


@login_required
@require_POST
def order_payment_confirm(request, code: str):
    """The shop's "transfer received" button on its order page."""
    order = order_for_manager(user=request.user, code=code)
    if order is None:
        raise Http404
    try:
        services.order_payment_confirm(
            actor=request.user, order=order, reference=request.POST.get("reference", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Order %(code)s is paid.") % {"code": order.code})
    return _back_to_order(request, order.code)


def _officer(request) -> None:
    if not request.user.has_perm("market.view_banknotification"):
        raise PermissionDenied


@login_required
@require_safe
def unmatched_payments(request):
    _officer(request)
    return render(
        request,
        "market/payments/unmatched.html",
        {
            "notifications": list(
                selectors.bank_notifications_unmatched(actor=request.user)[
                    : selectors.UNMATCHED_PAGE
                ]
            ),
            "settled": selectors.bank_notifications_settled(actor=request.user),
        },
    )


@login_required
@require_POST
def unmatched_payment_settle(request, pk: int):
    """One row's form: match the credit to an order code, or set it aside with a note."""
    _officer(request)
    notification = get_object_or_404(BankNotification, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "match":
            order = selectors.order_for_payment(code=request.POST.get("order_code", ""))
            if order is None:
                raise ValidationError(_("No order has this code."))
            services.bank_notification_match(
                actor=request.user, notification=notification, order=order
            )
            messages.success(
                request, _("The payment is matched to order %(code)s.") % {"code": order.code}
            )
        elif action == "ignore":
            services.bank_notification_ignore(
                actor=request.user, notification=notification, note=request.POST.get("note", "")
            )
            messages.success(request, _("The payment is set aside."))
        else:
            raise ValidationError(_("Choose to match the payment or to set it aside."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(reverse("market:unmatched-payments"))


urlpatterns: list = [
    path("payments/webhook/<slug:provider>/", payment_webhook, name="payment-webhook"),
    path("payments/unmatched/", unmatched_payments, name="unmatched-payments"),
    path(
        "payments/unmatched/<int:pk>/",
        unmatched_payment_settle,
        name="unmatched-payment-settle",
    ),
    path(
        "payments/orders/<str:code>/confirm/",
        order_payment_confirm,
        name="order-payment-confirm",
    ),
]

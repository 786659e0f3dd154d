"""The shop's back office for orders, made for a phone: the shops' counts, the order list by
status, and one order with a button for each move it may make next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from banso.market.forms.checkout import OrderTransitionForm
from banso.market.models import OrderStatus, PaymentMethod
from banso.market.selectors.orders import order_for_manager, orders_for_user, shop_order_counts
from banso.market.services.orders import order_transition, order_transitions_allowed

PAGE_SIZE = 30
ACTION_LABELS = {
    OrderStatus.CONFIRMED: gettext_lazy("Confirm the order"),
    OrderStatus.PAID: gettext_lazy("Mark as paid"),
    OrderStatus.SHIPPED: gettext_lazy("Mark as shipped"),
    OrderStatus.DELIVERED: gettext_lazy("Mark as delivered"),
    OrderStatus.CANCELLED: gettext_lazy("Cancel the order"),
    OrderStatus.RETURNED: gettext_lazy("Mark as returned"),
}


@login_required
def manage_home(request):
    shops = shop_order_counts(request.user)
    return render(request, "market/manage/orders_home.html", {"shops": shops})


@login_required
def manage_orders(request):
    status = request.GET.get("status", "")
    if status not in OrderStatus.values:
        status = ""
    page = Paginator(orders_for_user(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "market/manage/orders.html",
        {"page": page, "status": status, "statuses": OrderStatus.choices},
    )


def _order(request, code: str):
    order = order_for_manager(user=request.user, code=code)
    if order is None:
        raise Http404
    return order


@login_required
def manage_order(request, code: str):
    order = _order(request, code)
    actions = [
        {"to": to, "label": str(ACTION_LABELS[to])} for to in order_transitions_allowed(order)
    ]
    return render(request, "market/manage/order.html", {"order": order, "actions": actions})


@login_required
@require_POST
def manage_order_transition(request, code: str):
    order = _order(request, code)
    form = OrderTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happened to the order."))
        return redirect("market:manage-order", code=order.code)
    to = form.cleaned_data["to"]
    try:
        if to == OrderStatus.PAID and order.payment_method == PaymentMethod.VIETQR:
            from banso.market.services.payments import order_payment_confirm

            order_payment_confirm(
                actor=request.user, order=order, reference=form.cleaned_data["reference"]
            )
        else:
            order_transition(actor=request.user, order=order, to=to, note=form.cleaned_data["note"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The order is now: %(status)s.") % {"status": OrderStatus(to).label}
        )
    return redirect("market:manage-order", code=order.code)


urlpatterns = [
    path("manage/", manage_home, name="manage"),
    path("manage/orders/", manage_orders, name="manage-orders"),
    path("manage/orders/<str:code>/", manage_order, name="manage-order"),
    path(
        "manage/orders/<str:code>/transition/",
        manage_order_transition,
        name="manage-order-transition",
    ),
]

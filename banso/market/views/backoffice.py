"""The shop's back office for orders, made for a phone: the shops' counts, the order list by
status, and one order with a button for each move it may make next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from banso.market.forms.checkout import OrderTransitionForm
from banso.market.models import OrderStatus, PaymentMethod, Review, Shop
from banso.market.selectors.orders import (
    order_for_manager,
    orders_for_user,
    shop_order_counts,
)
from banso.market.selectors.reviews import review_for_manage, reviews_for_manage
from banso.market.selectors.shops import shops_for_user
from banso.market.services.orders import order_transition, order_transitions_allowed
from banso.market.services.payments import order_payment_confirm
from banso.market.services.reviews import review_visibility_set
from banso.orgs.selectors import organisations_scope_is_own

PAGE_SIZE = 30
ACTION_LABELS: dict[str, Promise] = {
    OrderStatus.CONFIRMED: gettext_lazy("Confirm the order"),
    OrderStatus.PAID: gettext_lazy("Mark as paid"),
    OrderStatus.SHIPPED: gettext_lazy("Mark as shipped"),
    OrderStatus.DELIVERED: gettext_lazy("Mark as delivered"),
    OrderStatus.CANCELLED: gettext_lazy("Cancel the order"),
    OrderStatus.RETURNED: gettext_lazy("Mark as returned"),
}
# The reviews page's filter: ?shown=yes, ?shown=no, or every review.
REVIEW_FILTERS = {"": None, "yes": True, "no": False}


@login_required
def manage_home(request):
    shops = shop_order_counts(request.user)
    return render(
        request,
        "market/manage/orders_home.html",
        {"shops": shops, "scope_is_own": organisations_scope_is_own(request.user)},
    )


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


# Reviews ----------------------------------------------------------------------------------


def _shop_managed(request, slug: str) -> Shop:
    """A shop the person manages; a 404 otherwise, so that another shop's page reads as unknown."""
    shop = shops_for_user(request.user).filter(slug=slug).first()
    if shop is None:
        raise Http404
    return shop


def _review_filter(value) -> str:
    return value if value in REVIEW_FILTERS else ""


def _reviews_back(request, shop: Shop, review: Review) -> str:
    """The reviews page the button was pressed on: same filter, same page, at the review."""
    query = {"shown": _review_filter(request.POST.get("shown", ""))}
    if request.POST.get("page", "").isdigit():
        query["page"] = request.POST["page"]
    url = reverse("market:manage-shop-reviews", kwargs={"slug": shop.slug})
    return f"{url}?{urlencode(query)}#review-{review.pk}"


@login_required
def manage_shop_reviews(request, slug: str):
    """The reviews of the shop's listings, newest first, each with its Hide / Show again button."""
    shop = _shop_managed(request, slug)
    shown = _review_filter(request.GET.get("shown", ""))
    reviews = reviews_for_manage(request.user, shop=shop, is_visible=REVIEW_FILTERS[shown])
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "market/manage/reviews.html", {"shop": shop, "page": page, "shown": shown}
    )


@login_required
@require_POST
def manage_shop_review_visibility(request, slug: str, pk: int):
    """Hide a review (it leaves the listing's page and rating) or show it again."""
    shop = _shop_managed(request, slug)
    try:
        review = review_for_manage(request.user, shop=shop, pk=pk)
    except Review.DoesNotExist:
        raise Http404 from None
    back = _reviews_back(request, shop, review)
    is_visible = {"1": True, "0": False}.get(request.POST.get("is_visible", ""))
    if is_visible is None:
        messages.error(request, _("Choose whether to hide the review or show it."))
        return redirect(back)
    try:
        review_visibility_set(actor=request.user, review=review, is_visible=is_visible)
    except PermissionDenied:
        raise Http404 from None
    if is_visible:
        messages.success(request, _("The review is shown again on the product's page."))
    else:
        messages.success(
            request, _("The review is hidden: the product's page and rating leave it out.")
        )
    return redirect(back)


urlpatterns = [
    path("manage/", manage_home, name="manage"),
    path("manage/orders/", manage_orders, name="manage-orders"),
    path("manage/orders/<str:code>/", manage_order, name="manage-order"),
    path(
        "manage/orders/<str:code>/transition/",
        manage_order_transition,
        name="manage-order-transition",
    ),
    path("manage/shop/<slug:slug>/reviews/", manage_shop_reviews, name="manage-shop-reviews"),
    path(
        "manage/shop/<slug:slug>/reviews/<int:pk>/visibility/",
        manage_shop_review_visibility,
        name="manage-shop-review-visibility",
    ),
]

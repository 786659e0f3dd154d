"""The cart page and the add-to-cart form posted from listing and live pages (no JavaScript
needed: every form posts and redirects back)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from banso.market.forms.checkout import CartAddForm
from banso.market.models import ListingVariant, LivePin
from banso.market.selectors.orders import cart_groups
from banso.market.services.cart import cart_add, cart_for_request, cart_update


def _back(request, default: str = "market:cart"):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def cart_detail(request):
    cart = cart_for_request(request, create=False)
    groups = cart_groups(cart)
    total = sum(group.subtotal_vnd for group in groups)
    return render(request, "market/cart/cart.html", {"groups": groups, "total_vnd": total})


@require_POST
def cart_add_view(request):
    form = CartAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity from 1 to 999."))
        return _back(request)
    variant = ListingVariant.objects.filter(pk=form.cleaned_data["variant"]).first()
    pin = None
    if form.cleaned_data.get("pin"):
        pin = LivePin.objects.select_related("session").filter(pk=form.cleaned_data["pin"]).first()
    if variant is None:
        messages.error(request, _("This product is not on sale."))
        return _back(request)
    try:
        item = cart_add(
            cart=cart_for_request(request, create=True),
            variant=variant,
            quantity=form.cleaned_data["quantity"],
            live_pin=pin,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            format_html(
                '{} <a class="message__link" href="{}">{}</a>',
                _("Added to your cart."),
                reverse("market:cart"),
                _("View cart"),
            ),
        )
        if item.quantity >= item.variant.stock:
            _all_left(request, item.quantity)
    return _back(request)


def _all_left(request, count: int) -> None:
    messages.warning(
        request,
        ngettext(
            "Only %(count)s is left, and your cart holds it.",
            "Only %(count)s are left, and your cart holds them all.",
            count,
        )
        % {"count": count},
    )


@require_POST
def cart_update_view(request):
    cart = cart_for_request(request, create=False)
    if cart is None:
        return redirect("market:cart")
    try:
        quantity = int(request.POST.get("quantity", 0))
        item = cart_update(cart=cart, item_id=int(request.POST.get("item", 0)), quantity=quantity)
    except (ValueError, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
        messages.error(request, text or _("Choose a quantity from 1 to 999."))
    else:
        if item is not None and item.quantity < quantity:
            _all_left(request, item.quantity)
    return redirect("market:cart")


urlpatterns = [
    path("cart/", cart_detail, name="cart"),
    path("cart/add/", cart_add_view, name="cart-add"),
    path("cart/update/", cart_update_view, name="cart-update"),
]

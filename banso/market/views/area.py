"""An officer's read-only view of the marketplace orders of the communes or province they
serve: figures per shop, not the orders (which hold the buyers' personal data)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy

from banso.accounts.account_page import area_page_context
from banso.market.selectors.orders import order_summaries_for_user

AREA_TITLES = {
    "province": gettext_lazy("Orders in the province"),
    "commune": gettext_lazy("Orders in the commune"),
    "ward": gettext_lazy("Orders in the ward"),
    "area": gettext_lazy("Orders in your area"),
}


@login_required
def area_orders(request):
    context = area_page_context(request.user, titles=AREA_TITLES)
    context["summaries"] = order_summaries_for_user(request.user)
    return render(request, "market/area_orders.html", context)


urlpatterns: list = [
    path("area/orders/", area_orders, name="area-orders"),
]

from django.shortcuts import get_object_or_404, render
from django.urls import path

from banso.market.selectors.listings import listings_public


def listing_detail(request, pk: int):
    listing = get_object_or_404(listings_public().select_related("shop", "product"), pk=pk)
    return render(request, "market/listing_detail.html", {"listing": listing})


urlpatterns: list = [
    path("p/<int:pk>/", listing_detail, name="listing-detail"),
]

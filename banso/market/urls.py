"""The marketplace under /market/: each topic's views module lists its own URLs."""

from banso.market.views import (
    area,
    backoffice,
    cart,
    dashboard,
    feeds,
    listings,
    live,
    orders,
    payments,
    search,
    shops,
)

app_name = "market"
urlpatterns = [
    *search.urlpatterns,
    *shops.urlpatterns,
    *listings.urlpatterns,
    *cart.urlpatterns,
    *orders.urlpatterns,
    *payments.urlpatterns,
    *backoffice.urlpatterns,
    *feeds.urlpatterns,
    *live.urlpatterns,
    *dashboard.urlpatterns,
    *area.urlpatterns,
]

"""The hosts' back office (``/tourism/host/``), in its own namespace so that it is included
on its own, beside the public pages of ``banso.tourism.urls``."""

from django.urls import path

from banso.tourism.views import host as views
from banso.tourism.views import host_stays, host_tours

app_name = "tourism_host"

urlpatterns = [
    path("", views.host_today, name="today"),
    path("bookings/", views.host_booking_list, name="bookings"),
    path("bookings/<str:code>/", views.host_booking, name="booking"),
    path("bookings/<str:code>/reply/", views.host_review_reply, name="booking-reply"),
    path("bookings/<str:code>/<slug:action>/", views.host_booking_action, name="booking-action"),
    path("rooms/<int:pk>/", views.host_calendar, name="calendar"),
    path("rooms/<int:pk>/nights/", views.host_nights, name="nights"),
    path("rooms/<int:pk>/rates/", views.host_rates, name="rates"),
    path("rooms/<int:pk>/feeds/", views.host_feed_add, name="feed-add"),
    path("rooms/<int:pk>/feeds/<int:feed_pk>/read/", views.host_feed_refresh, name="feed-refresh"),
    path("rooms/<int:pk>/feeds/<int:feed_pk>/remove/", views.host_feed_remove, name="feed-remove"),
    # The host's own stays, room types, price rules and photos (views/host_stays.py).
    path("stays/", host_stays.host_stay_list, name="stays"),
    path("stays/new/<slug:organisation>/", host_stays.host_stay_create, name="stay-create"),
    path("stays/<int:pk>/", host_stays.host_stay_edit, name="stay"),
    path("stays/<int:pk>/photos/", host_stays.host_stay_photo_add, name="stay-photo-add"),
    path(
        "stays/<int:pk>/photos/<int:photo_pk>/remove/",
        host_stays.host_stay_photo_remove,
        name="stay-photo-remove",
    ),
    path("stays/<int:pk>/rooms/new/", host_stays.host_room_create, name="room-create"),
    path("rooms/<int:pk>/edit/", host_stays.host_room_edit, name="room"),
    path("rooms/<int:pk>/photos/", host_stays.host_room_photo_add, name="room-photo-add"),
    path(
        "rooms/<int:pk>/photos/<int:photo_pk>/remove/",
        host_stays.host_room_photo_remove,
        name="room-photo-remove",
    ),
    path("rooms/<int:pk>/prices/<slug:kind>/", host_stays.host_rate_rule_add, name="rule-add"),
    path(
        "rooms/<int:pk>/prices/<int:rule_pk>/remove/",
        host_stays.host_rate_rule_remove,
        name="rule-remove",
    ),
    # The host's tours, their photos and departures (views/host_tours.py).
    path("tours/", host_tours.host_tour_list, name="tours"),
    path("tours/new/<slug:organisation>/", host_tours.host_tour_create, name="tour-create"),
    path("tours/<int:pk>/", host_tours.host_tour, name="tour"),
    path("tours/<int:pk>/photos/", host_tours.host_tour_photo_add, name="tour-photo-add"),
    path(
        "tours/photos/<int:pk>/remove/",
        host_tours.host_tour_photo_remove,
        name="tour-photo-remove",
    ),
    path(
        "tours/<int:pk>/departures/",
        host_tours.host_tour_departures,
        name="tour-departures",
    ),
    path(
        "tours/<int:pk>/departures/weekly/",
        host_tours.host_tour_departure_series,
        name="tour-departure-series",
    ),
    path(
        "departures/<int:pk>/",
        host_tours.host_departure_update,
        name="departure-update",
    ),
    path(
        "departures/<int:pk>/remove/",
        host_tours.host_departure_remove,
        name="departure-remove",
    ),
]

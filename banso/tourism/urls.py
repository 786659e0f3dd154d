from django.urls import path

from banso.tourism.views import booking

app_name = "tourism"

urlpatterns = [
    path("stays/<slug:slug>/book/", booking.stay_book_view, name="stay-book"),
    path("tours/<slug:slug>/book/<int:departure_pk>/", booking.tour_book_view, name="tour-book"),
    path("bookings/<str:code>/<str:token>/", booking.booking_view, name="booking"),
    path(
        "bookings/<str:code>/<str:token>/cancel/",
        booking.booking_cancel_view,
        name="booking-cancel",
    ),
    path(
        "bookings/<str:code>/<str:token>/vietqr.png",
        booking.booking_qr_png_view,
        name="booking-qr-png",
    ),
]

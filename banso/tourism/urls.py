from django.urls import path

from banso.tourism.views import approvals, booking, dashboard, public

app_name = "tourism"

urlpatterns = [
    path("", public.home, name="home"),
    path("places/", public.place_list, name="place-list"),
    path("places/<slug:slug>/", public.place_detail, name="place-detail"),
    path("places/<slug:slug>/poster/", public.place_poster, name="place-poster"),
    path("stays/", public.stay_list, name="stay-list"),
    path("stays/<slug:slug>/", public.stay_detail, name="stay-detail"),
    path("stays/<slug:slug>/book/", booking.stay_book_view, name="stay-book"),
    path("tours/", public.tour_list, name="tour-list"),
    path("tours/<slug:slug>/", public.tour_detail, name="tour-detail"),
    path("tours/<slug:slug>/book/<int:departure_pk>/", booking.tour_book_view, name="tour-book"),
    path("tours/<slug:slug>/request/", booking.tour_request_view, name="tour-request"),
    path("festivals/", public.festival_list, name="festival-list"),
    path("festivals/<slug:slug>/", public.festival_detail, name="festival-detail"),
    path("map/", public.map_list, name="map"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("approvals/", approvals.approvals, name="approvals"),
    path("approvals/<slug:kind>/<int:pk>/", approvals.approval_review, name="approval-review"),
    path("dashboard/tourism.xlsx", dashboard.dashboard_xlsx, name="dashboard-xlsx"),
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

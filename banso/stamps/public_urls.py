"""The stamps' public pages at the site's root: ``/s/{serial}/``, where a stamp's Digital Link
resolves to."""

from django.urls import path

from banso.stamps import public_views

app_name = "stamps_public"
urlpatterns = [
    path("s/<str:serial>/", public_views.stamp_page, name="stamp"),
    path("s/<str:serial>/place/", public_views.stamp_place, name="stamp-place"),
]

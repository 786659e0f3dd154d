"""The short addresses printed on posters, outside the language prefixes: a QR code cannot
change once printed, so the language is the scanning phone's (see ``views.public.place_short``)."""

from django.urls import path

from banso.tourism.views import public

app_name = "tourism_short"

urlpatterns = [
    path("v/<slug:slug>", public.place_short, name="place"),
]

"""iCalendar addresses, outside the language prefixes: other channels and calendar apps read
them, not people."""

from django.urls import path

from banso.tourism.views import calendars

app_name = "tourism_calendars"

urlpatterns = [
    path("rooms/<str:token>.ics", calendars.room_calendar_view, name="room"),
    path("tours/<slug:slug>.ics", calendars.tour_calendar_view, name="tour"),
]

"""iCalendar exports: a room type's unavailable nights (behind the secret address hosts give
their other channels) and a tour's departures (public). Both answer the same bytes until a
booking changes, with an ETag, so channels polling them cost little."""

import datetime
import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from banso.tourism.ical import Departure, calendar_for_departures
from banso.tourism.models import ListingStatus, RoomType, Tour
from banso.tourism.services.calendars import room_type_calendar

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _uid_domain(request: HttpRequest) -> str:
    return request.get_host().split(":")[0] or "banso"


def _calendar_response(request: HttpRequest, data: bytes, filename: str) -> HttpResponse:
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(data, content_type=CALENDAR_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=300"
    return response


def room_calendar_view(request: HttpRequest, token: str) -> HttpResponse:
    room_type = get_object_or_404(RoomType.objects.select_related("lodging"), calendar_token=token)
    data = room_type_calendar(
        room_type,
        name=f"{room_type.lodging.name} — {room_type.name}",
        uid_domain=_uid_domain(request),
    )
    return _calendar_response(request, data, f"{room_type.lodging.slug}-{room_type.pk}.ics")


def tour_calendar_view(request: HttpRequest, slug: str) -> HttpResponse:
    tour = get_object_or_404(Tour, slug=slug, status=ListingStatus.APPROVED)
    since = timezone.now() - datetime.timedelta(days=1)
    page = request.build_absolute_uri(reverse("tourism:tour-detail", args=[tour.slug]))
    geo = (
        (tour.meeting_latitude, tour.meeting_longitude)
        if tour.meeting_latitude is not None and tour.meeting_longitude is not None
        else None
    )
    departures = [
        Departure(
            uid=f"departure{departure.pk}",
            start=departure.starts_at,
            end=departure.starts_at + datetime.timedelta(minutes=tour.duration_minutes),
            summary=tour.name,
            created_at=departure.created_at,
            updated_at=departure.updated_at,
            location=tour.meeting_point,
            url=page,
            geo=geo,
        )
        for departure in tour.departures.filter(starts_at__gte=since, is_cancelled=False)
    ]
    data = calendar_for_departures(
        name=tour.name,
        product_id="-//Bản Số//Tourism calendar//VI",
        uid_domain=_uid_domain(request),
        departures=departures,
    )
    return _calendar_response(request, data, f"{tour.slug}.ics")

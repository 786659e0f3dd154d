"""Tourism's facts rendered from data in the page's language: days, months, durations,
languages, and the links out to map apps.

    {% load tourism %}
    {{ place.open_days|weekday_names }}  {{ place.best_months|month_names }}
    {{ room.amenities|amenity_labels }}
    {{ tour.duration_minutes|duration }}  {{ tour.guide_languages|language_names }}
    {% map_links place.latitude place.longitude place.name %}
"""

import datetime
from urllib.parse import quote

from django import template
from django.conf.locale import LANG_INFO
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banso.common.text import names_join
from banso.tourism.models import Amenity, Branch, Festival, FestivalRule
from banso.tourism.occurrences import Occurrence

register = template.Library()


@register.filter
def weekday_names(days: list[int]) -> str:
    """``[5, 6]`` → "Saturday, Sunday" in the page's language; none means every day."""
    if not days or len(set(days)) == 7:
        return _("Every day")
    return names_join(*(str(WEEKDAYS[day]) for day in sorted(days)))


@register.filter
def amenity_labels(codes: list[str]) -> str:
    """Amenity codes as their labels in the page's language."""
    return " · ".join(str(Amenity(code).label) for code in codes if code in Amenity.values)


@register.filter
def festival_when(festival: Festival) -> str:
    """A festival's rule in the page's language: "Day 15 of lunar month 1", "Every Sunday"."""
    if festival.rule == FestivalRule.WEEKLY:
        return _("Every %(weekday)s") % {"weekday": WEEKDAYS[festival.weekday or 0]}
    if festival.rule == FestivalRule.LUNAR:
        values: dict[str, object] = {"day": festival.day, "month": festival.month}
        if festival.day_branch is not None:
            values["branch"] = Branch(festival.day_branch).label
            if festival.is_leap_month:
                return (
                    _("The first %(branch)s day from day %(day)s of leap lunar month %(month)s")
                    % values
                )
            return _("The first %(branch)s day from day %(day)s of lunar month %(month)s") % values
        if festival.is_leap_month:
            return _("Day %(day)s of leap lunar month %(month)s") % values
        return _("Day %(day)s of lunar month %(month)s") % values
    day = datetime.date(2024, festival.month or 1, festival.day or 1)
    return _("Every year on %(date)s") % {"date": date_format(day, "MONTH_DAY_FORMAT")}


@register.filter
def occurrence_dates(occurrence: Occurrence) -> str:
    """An occurrence's days (and hours) in the page's language."""
    text = date_format(occurrence.start, "DATE_FORMAT")
    if occurrence.end != occurrence.start:
        text = _("%(start)s to %(end)s") % {
            "start": text,
            "end": date_format(occurrence.end, "DATE_FORMAT"),
        }
    if occurrence.start_time is not None:
        hours = time_format(occurrence.start_time, "H:i")
        if occurrence.end_time is not None:
            hours += "–" + time_format(occurrence.end_time, "H:i")
        text += ", " + hours
    return text


@register.filter
def month_names(months: list[int]) -> str:
    return names_join(*(str(MONTHS[month]) for month in sorted(months)))


@register.filter
def duration(minutes: int) -> str:
    """``150`` → "2 hours 30 minutes"; a day and more in days and hours."""
    minutes = int(minutes or 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes:
        parts.append(
            ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        )
    return " ".join(parts)


@register.filter
def language_names(codes: list[str]) -> str:
    """Language codes as the languages' names in the page's language (Django's own names)."""
    names = []
    for code in codes:
        info = LANG_INFO.get(code)
        if info is not None and "fallback" in info:
            info = LANG_INFO[info["fallback"][0]]
        names.append(_(info["name"]) if info else code)
    return names_join(*names)


def map_urls(latitude: float, longitude: float, label: str = "") -> dict[str, str]:
    """Plain addresses of the point in map apps: nothing is loaded from them by our pages."""
    point = f"{latitude:.6f},{longitude:.6f}"
    lat, lon = f"{latitude:.6f}", f"{longitude:.6f}"
    return {
        "geo": f"geo:{point}" + (f"?q={point}({quote(label)})" if label else ""),
        "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}",
        "google": f"https://www.google.com/maps/search/?api=1&query={point}",
    }


@register.inclusion_tag("tourism/_map_links.html")
def map_links(latitude: float | None, longitude: float | None, label: str = "") -> dict:
    if latitude is None or longitude is None:
        return {"urls": None}
    return {
        "urls": map_urls(latitude, longitude, str(label)),
        "latitude": latitude,
        "longitude": longitude,
    }


@register.filter(name="guest_given_name")
def guest_given_name_filter(full_name: str) -> str:
    from banso.tourism.selectors.reviews import guest_given_name

    return guest_given_name(full_name)

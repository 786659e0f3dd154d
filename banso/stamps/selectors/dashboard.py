"""The producer's dashboard: how often its stamps are scanned, where, and which look copied.

Each figure is one grouped query, whatever the number of scans. A province officer sees the
flagged stamps of the organisations of their province (through the places' paths, like every
other scoped read).
"""

import datetime
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, F, FloatField, QuerySet
from django.db.models.functions import Cast, Round, TruncDate
from django.utils import timezone

from banso.common.text import names_join
from banso.orgs.models import Organisation
from banso.orgs.selectors import organisations_for_user
from banso.stamps.models import Scan, Stamp
from banso.stamps.selectors.scans import (
    stamp_flag_titles,
    stamps_flagged,
    stamps_flagged_for_organisation,
)

DAYS = 30
TOP_PLACES = 10
FLAGGED_SHOWN = 200
# Scans with coordinates but no commune are grouped by a tenth of a degree (about 11 km).
COARSE_DEGREES = 1


@dataclass(frozen=True)
class DayCount:
    day: datetime.date
    count: int


@dataclass(frozen=True)
class PlaceCount:
    label: str
    count: int
    code: str = ""


def _scans_of(organisation: Organisation) -> QuerySet[Scan]:
    return Scan.objects.filter(stamp__run__organisation=organisation)


def dashboard_scans_per_day(
    organisation: Organisation, *, days: int = DAYS, today: datetime.date | None = None
) -> list[DayCount]:
    """Scans of the organisation's stamps on each of the last ``days`` days (local time),
    oldest first, days without scans included."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    start = datetime.datetime.combine(
        first, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    rows = (
        _scans_of(organisation)
        .filter(scanned_at__gte=start)
        .annotate(day=TruncDate("scanned_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["day"]: row["count"] for row in rows}
    return [
        DayCount(day=day, count=counts.get(day, 0))
        for day in (first + datetime.timedelta(days=n) for n in range(days))
    ]


def dashboard_top_places(
    organisation: Organisation, *, limit: int = TOP_PLACES
) -> list[PlaceCount]:
    """Where the organisation's stamps are scanned most: by commune when the scan's place is
    known, otherwise by coarse coordinates (a tenth of a degree)."""
    by_unit = (
        _scans_of(organisation)
        .filter(unit__isnull=False)
        .values("unit__code", "unit__name", "unit__parent__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "unit__name")[:limit]
    )
    places = [
        PlaceCount(
            label=names_join(row["unit__name"], row["unit__parent__name"]),
            count=row["count"],
            code=row["unit__code"],
        )
        for row in by_unit
    ]
    by_coordinates = (
        _scans_of(organisation)
        .filter(unit__isnull=True, latitude__isnull=False, longitude__isnull=False)
        .annotate(
            lat=Round(Cast(F("latitude"), FloatField()), COARSE_DEGREES),
            lon=Round(Cast(F("longitude"), FloatField()), COARSE_DEGREES),
        )
        .values("lat", "lon")
        .annotate(count=Count("pk"))
        .order_by("-count", "lat", "lon")[:limit]
    )
    places += [
        PlaceCount(label=f"{row['lat']:.1f}, {row['lon']:.1f}", count=row["count"])
        for row in by_coordinates
    ]
    places.sort(key=lambda place: -place.count)  # stable: communes before coordinates
    return places[:limit]


def dashboard_flagged_stamps(organisation: Organisation) -> QuerySet[Stamp]:
    """The organisation's stamps that the clone rules flagged, most recently scanned first."""
    return stamps_flagged_for_organisation(organisation=organisation)


def stamps_flagged_for_user(
    user, *, action: Literal["change", "oversee"] = "change"
) -> QuerySet[Stamp]:
    """Flagged stamps a person is shown: those of the organisations they belong to, and, for a
    province officer, those of every organisation of their province (the union of
    ``stamps_flagged_for_organisation`` and ``stamps_flagged_for_province_officer``); with
    ``action="oversee"``, those of the organisations of the communes or province an officer
    serves (their read-only pages)."""
    if not getattr(user, "is_authenticated", False):
        return Stamp.objects.none()
    if user.is_superuser:
        return stamps_flagged()
    return stamps_flagged().filter(
        run__organisation__in=organisations_for_user(user, action=action).values("pk")
    )


def flag_titles(stamp: Stamp) -> list[str]:
    """Why the stamp was flagged, in words."""
    return [title for _code, title in stamp_flag_titles(stamp)]

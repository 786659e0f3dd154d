"""The province's tourism figures for its officers, on screen and as an Excel workbook.

A year's bookings are those whose stay begins (check-in) or whose tour leaves (its departure,
or the wished date of a private tour) in that year. Bookings *sold* are the confirmed, checked
in and completed ones: a held booking may still lapse, a cancelled one sold nothing. Nights
sold count rooms × nights, each night in the month it falls in; nights available are the
rooms of the approved stays' active room types × the days of the month, at today's number of
rooms (the platform keeps no history of it). Revenue is what the completed bookings cost.

Everything is read in a fixed number of queries whatever the number of bookings: the counts by
status are grouped by the database, the sold bookings are read as plain tuples and added up
here (a province's year is some thousands of rows).
"""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import get_language, get_language_info, to_locale
from django.utils.translation import gettext as _
from openpyxl import Workbook

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.common.exports import sheet_append
from banso.places.models import AdministrativeUnit
from banso.tourism.models import Booking, BookingKind, BookingStatus, ListingStatus, RoomType

SOLD_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED)
UNKNOWN = ""


def _scope_q(user, field_path: str) -> Q:
    """The province(s) the person serves as a province officer (everything for a superuser)."""
    if getattr(user, "is_superuser", False):
        return Q()
    scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
    return scope.unit_q(field_path)


def dashboard_communes(user) -> QuerySet[AdministrativeUnit]:
    """The communes of the officer's province that have a stay or a booking, for the filter."""
    with_bookings = Booking.objects.filter(_scope_q(user, "unit__path")).values("unit")
    with_rooms = RoomType.objects.filter(
        _scope_q(user, "lodging__unit__path"), lodging__status=ListingStatus.APPROVED
    ).values("lodging__unit")
    return AdministrativeUnit.objects.filter(
        Q(pk__in=with_bookings) | Q(pk__in=with_rooms)
    ).order_by("name_sort", "pk")


@dataclass
class CommuneOccupancy:
    unit_id: int
    name: str
    nights_sold: list[int]  # one a month, January first
    nights_available: list[int]

    @property
    def rates(self) -> list[float | None]:
        return [
            sold / available if available else None
            for sold, available in zip(self.nights_sold, self.nights_available, strict=True)
        ]

    @property
    def rate_year(self) -> float | None:
        available = sum(self.nights_available)
        return sum(self.nights_sold) / available if available else None


@dataclass
class TourismFigures:
    year: int
    commune: AdministrativeUnit | None
    bookings_by_status: dict[str, int]
    bookings_sold: int = 0
    nights_sold: int = 0
    guests: int = 0
    revenue_vnd: int = 0
    guests_by_country: list[tuple[str, int]] = field(default_factory=list)
    guests_by_language: list[tuple[str, int]] = field(default_factory=list)
    nights_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    occupancy: list[CommuneOccupancy] = field(default_factory=list)


def _in_year(year: int) -> Q:
    return (
        Q(kind=BookingKind.STAY, check_in__year=year)
        | Q(kind=BookingKind.TOUR, departure__starts_at__year=year)
        | Q(kind=BookingKind.TOUR, departure__isnull=True, requested_date__year=year)
    )


def _nights_by_month(check_in: datetime.date, check_out: datetime.date, year: int) -> Counter:
    """The nights of a stay counted in the month (1–12) each falls in, inside ``year``."""
    months: Counter = Counter()
    night = check_in
    while night < check_out:
        if night.year == year:
            months[night.month] += 1
        night += datetime.timedelta(days=1)
    return months


def _rooms_by_commune(user, commune: AdministrativeUnit | None) -> dict[int, int]:
    rooms = RoomType.objects.filter(
        _scope_q(user, "lodging__unit__path"),
        is_active=True,
        lodging__status=ListingStatus.APPROVED,
    )
    if commune is not None:
        rooms = rooms.filter(lodging__unit=commune)
    rows = rooms.order_by().values("lodging__unit").annotate(rooms=Sum("quantity"))
    return {row["lodging__unit"]: row["rooms"] or 0 for row in rows}


def tourism_dashboard(
    user, *, year: int, commune: AdministrativeUnit | None = None
) -> TourismFigures:
    """The figures of ``year`` in the officer's province (or one commune of it): five queries."""
    bookings = Booking.objects.filter(_scope_q(user, "unit__path")).filter(_in_year(year))
    if commune is not None:
        bookings = bookings.filter(unit=commune)
    by_status = {
        row["status"]: row["count"]
        for row in bookings.order_by().values("status").annotate(count=Count("pk"))
    }
    figures = TourismFigures(year=year, commune=commune, bookings_by_status=by_status)
    sold = (
        bookings.filter(status__in=SOLD_STATUSES)
        .order_by()
        .values_list(
            "kind",
            "status",
            "unit_id",
            "check_in",
            "check_out",
            "rooms",
            "adults",
            "children",
            "guest_country",
            "guest_language",
            "total_vnd",
        )
    )
    countries: Counter = Counter()
    languages: Counter = Counter()
    sold_by_commune: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    for (
        kind,
        status,
        unit_id,
        check_in,
        check_out,
        rooms,
        adults,
        children,
        country,
        language,
        total,
    ) in sold:
        guests = adults + children
        figures.bookings_sold += 1
        figures.guests += guests
        countries[country or UNKNOWN] += guests
        languages[language or UNKNOWN] += guests
        if status == BookingStatus.COMPLETED:
            figures.revenue_vnd += total
        if kind == BookingKind.STAY and check_in and check_out:
            for month, nights in _nights_by_month(check_in, check_out, year).items():
                sold_by_commune[unit_id][month - 1] += nights * rooms
                figures.nights_by_month[month - 1] += nights * rooms
                figures.nights_sold += nights * rooms
    figures.guests_by_country = countries.most_common()
    figures.guests_by_language = languages.most_common()
    rooms_by_commune = _rooms_by_commune(user, commune)
    unit_ids = set(rooms_by_commune) | set(sold_by_commune)
    names = dict(
        AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name")
        if unit_ids
        else []
    )
    days = [calendar.monthrange(year, month)[1] for month in range(1, 13)]
    figures.occupancy = sorted(
        (
            CommuneOccupancy(
                unit_id=unit_id,
                name=names.get(unit_id, ""),
                nights_sold=sold_by_commune.get(unit_id, [0] * 12),
                nights_available=[rooms_by_commune.get(unit_id, 0) * count for count in days],
            )
            for unit_id in unit_ids
        ),
        key=lambda row: (row.name, row.unit_id),
    )
    return figures


def country_label(code: str) -> str:
    """A country (its ISO code, ``VN``, ``FR``) by its name in the page's language, from CLDR
    ("Pháp", "France", "法国"); a code CLDR does not know stays as it is; the empty code is
    "not given"."""
    if not code:
        return _("Not given")
    try:
        locale = Locale.parse(to_locale(get_language() or settings.LANGUAGE_CODE))
    except (ValueError, UnknownLocaleError):
        return code.upper()
    return locale.territories.get(code.upper(), code.upper())


def language_label(code: str) -> str:
    """A language as its name in the page's language; the empty code is "not given"."""
    if not code:
        return _("Not given")
    try:
        return str(_(get_language_info(code)["name"]))
    except KeyError:
        return code


def _percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


def dashboard_workbook(figures: TourismFigures) -> Workbook:
    """The dashboard as Excel: one sheet of figures, one of guests by origin and language, one
    of occupancy by commune and month. Names cannot become formulas (``banso.common.exports``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tourism")[:31]
    sheet_append(sheet, [_("Year"), figures.year])
    sheet_append(
        sheet, [_("Commune or ward"), figures.commune.name if figures.commune else _("All")]
    )
    sheet_append(sheet, [])
    sheet_append(sheet, [_("Bookings by status")])
    for value, label in BookingStatus.choices:
        sheet_append(sheet, [str(label), figures.bookings_by_status.get(value, 0)])
    sheet_append(sheet, [])
    sheet_append(sheet, [_("Bookings sold"), figures.bookings_sold])
    sheet_append(sheet, [_("Nights sold"), figures.nights_sold])
    sheet_append(sheet, [_("Guests"), figures.guests])
    sheet_append(sheet, [_("Revenue of completed bookings (₫)"), figures.revenue_vnd])
    sheet.column_dimensions["A"].width = 40
    guests = workbook.create_sheet(_("Guests")[:31])
    sheet_append(guests, [_("Country"), _("Guests")])
    for code, count in figures.guests_by_country:
        sheet_append(guests, [country_label(code), count])
    sheet_append(guests, [])
    sheet_append(guests, [_("Language"), _("Guests")])
    for code, count in figures.guests_by_language:
        sheet_append(guests, [language_label(code), count])
    guests.column_dimensions["A"].width = 30
    occupancy = workbook.create_sheet(_("Occupancy")[:31])
    months = [str(month) for month in range(1, 13)]
    sheet_append(occupancy, [_("Commune or ward"), *months, _("Year")])
    for row in figures.occupancy:
        sheet_append(
            occupancy, [row.name, *(_percent(rate) for rate in row.rates), _percent(row.rate_year)]
        )
    sheet_append(occupancy, [])
    sheet_append(occupancy, [_("Nights sold"), *figures.nights_by_month, figures.nights_sold])
    occupancy.column_dimensions["A"].width = 30
    return workbook

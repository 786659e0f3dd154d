"""The province's tourism dashboard, for its officers: a year's bookings, nights, guests by
origin and language, occupancy by commune and month and revenue, with charts, and the same as
an Excel download. Province officers see their province (a commune filter narrows it); commune
officers are not let in, as for the marketplace's dashboard."""

from dataclasses import dataclass
from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.tourism.models import BookingStatus
from banso.tourism.selectors.dashboard import (
    TourismFigures,
    country_label,
    dashboard_communes,
    dashboard_workbook,
    language_label,
    tourism_dashboard,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEARS_BACK = 5
CHART_WIDTH = 320
BAR_HEIGHT = 18
LABEL_WIDTH = 110


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart drawn by the server as SVG (no script, readable on any phone)."""

    id: str
    title: str
    bars: list[Bar]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * BAR_HEIGHT + 4

    @property
    def value_x(self) -> int:
        return self.label_width + 4


def bar_chart(id: str, title: str, rows: list[tuple[str, int]]) -> BarChart:
    peak = max((value for _label, value in rows), default=0)
    room = CHART_WIDTH - LABEL_WIDTH - 40
    bars = [
        Bar(
            label=label,
            value=value,
            y=index * BAR_HEIGHT + 2,
            width=round(value / peak * room) if peak else 0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(id=id, title=title, bars=bars)


def _charts(figures: TourismFigures) -> list[BarChart]:
    months = [_("Month %(month)s") % {"month": month} for month in range(1, 13)]
    return [
        bar_chart(
            "chart-status",
            _("Bookings by status"),
            [
                (str(label), figures.bookings_by_status.get(value, 0))
                for value, label in BookingStatus.choices
            ],
        ),
        bar_chart(
            "chart-nights",
            _("Nights sold by month"),
            list(zip(months, figures.nights_by_month, strict=True)),
        ),
        bar_chart(
            "chart-countries",
            _("Guests by country"),
            [(country_label(code), count) for code, count in figures.guests_by_country],
        ),
        bar_chart(
            "chart-languages",
            _("Guests by language"),
            [(language_label(code), count) for code, count in figures.guests_by_language],
        ),
    ]


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("tourism.view_dashboard"):
        raise PermissionDenied


def _choices(request: HttpRequest):
    """The year asked for (this year when none or not one of the last few) and the commune
    asked for among the province's (None for the whole province)."""
    this_year = timezone.localdate().year
    years = list(range(this_year + 1, this_year - YEARS_BACK, -1))
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else this_year
    communes = list(dashboard_communes(request.user))
    code = request.GET.get("commune", "")
    commune = next((unit for unit in communes if unit.code == code), None)
    return years, year, communes, commune


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request)
    years, year, communes, commune = _choices(request)
    figures = tourism_dashboard(request.user, year=year, commune=commune)
    return render(
        request,
        "tourism/dashboard.html",
        {
            "figures": figures,
            "charts": _charts(figures),
            "years": years,
            "communes": communes,
            "statuses": BookingStatus.choices,
            "months": list(range(1, 13)),
        },
    )


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    _require(request)
    _years, year, _communes, commune = _choices(request)
    buffer = BytesIO()
    dashboard_workbook(tourism_dashboard(request.user, year=year, commune=commune)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    suffix = f"-{commune.code}" if commune is not None else ""
    response["Content-Disposition"] = f'attachment; filename="tourism-{year}{suffix}.xlsx"'
    return response

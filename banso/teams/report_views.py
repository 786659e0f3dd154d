"""The teams' report pages and their Excel files: of a team (its officers and members), of a
commune or the province (its officers). Aggregates only; nobody else reads them."""

import datetime
from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from banso.common.charts import bar_chart
from banso.places.models import AdministrativeUnit
from banso.places.selectors import officer_area_for_user
from banso.teams.exports import report_workbook
from banso.teams.imports import XLSX_CONTENT_TYPE
from banso.teams.reports import TeamReport, report_allowed, team_report_cached
from banso.teams.selectors import team_for_user, teams_of_member

FIRST_YEAR = 2020


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


def month_name(month: int) -> str:
    return date_format(datetime.date(2000, month, 1), "F")


def _charts(report: TeamReport) -> list:
    charts = [
        bar_chart(
            "chart-kind",
            gettext("Help given by kind"),
            [(label, count) for _code, label, count in report.help_by_kind],
        ),
        bar_chart(
            "chart-month",
            gettext("Help given by month"),
            [(month_name(month), count) for month, count in report.help_by_month],
        ),
        bar_chart(
            "chart-position",
            gettext("Members by position"),
            [(label, count) for _code, label, count in report.members_by_position],
        ),
    ]
    if report.parts and report.unit is not None and report.team is None:
        charts.insert(
            0,
            bar_chart(
                "chart-coverage",
                gettext("Villages with an active team"),
                [(part.label, part.coverage or 0) for part in report.parts],
                scale=100,
                unit=" %",
            ),
        )
    return charts


def _render(request, report: TeamReport, *, xlsx_url: str):
    context = {
        "report": report,
        "charts": _charts(report),
        "months": [(month_name(month), count) for month, count in report.help_by_month],
        "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
        "xlsx_url": f"{xlsx_url}?year={report.year}",
    }
    return render(request, "teams/report.html", context)


def _xlsx(report: TeamReport, name: str) -> HttpResponse:
    buffer = BytesIO()
    report_workbook(report).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{report.year}.xlsx"'
    return response


def _unit(request, code: str) -> AdministrativeUnit:
    unit = get_object_or_404(AdministrativeUnit, code=code, is_current=True)
    if not report_allowed(request.user, unit=unit):
        raise Http404
    return unit


def _team(request, pk: int):
    team = team_for_user(request.user, pk)
    if team is None:
        raise Http404
    return team


@login_required
def report_home(request):
    """The widest report the person reads: their province's, their commune's, else their
    team's."""
    units = sorted(officer_area_for_user(request.user).units, key=lambda unit: len(unit.path))
    if units:
        return redirect("teams:unit-report", code=units[0].code)
    teams = list(teams_of_member(request.user)[:1])
    if teams:
        return redirect("teams:team-report", pk=teams[0].pk)
    raise Http404


@login_required
def unit_report(request, code: str):
    unit = _unit(request, code)
    report = team_report_cached(year=_year(request), unit=unit)
    return _render(request, report, xlsx_url=f"{request.path}xlsx")


@login_required
def unit_report_xlsx(request, code: str):
    unit = _unit(request, code)
    return _xlsx(team_report_cached(year=_year(request), unit=unit), f"to-cong-nghe-so-{unit.code}")


@login_required
def team_report_view(request, pk: int):
    team = _team(request, pk)
    report = team_report_cached(year=_year(request), team=team)
    return _render(request, report, xlsx_url=f"{request.path}xlsx")


@login_required
def team_report_xlsx(request, pk: int):
    team = _team(request, pk)
    return _xlsx(
        team_report_cached(year=_year(request), team=team), f"to-cong-nghe-so-to-{team.pk}"
    )

"""The indicators' dashboards (the province's and each commune's) and their exports. Anyone
may read them: the public sees the figures of 5 households or more, officers everything of
the units they serve (``selectors``)."""

from io import BytesIO

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from banso.common.charts import bar_chart
from banso.indicators.exports import dashboard_workbook, data_value_set, status_label
from banso.indicators.freshness import indicators_recompute_pending
from banso.indicators.models import Hierarchy
from banso.indicators.selectors import (
    Dashboard,
    dashboard_unit,
    indicator_dashboard,
    indicator_periods,
    indicator_values_for_export,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dashboard(request: HttpRequest, code: str = "") -> Dashboard:
    hierarchy = request.GET.get("hierarchy", Hierarchy.CURRENT)
    if hierarchy not in Hierarchy.values:
        hierarchy = Hierarchy.CURRENT
    unit = dashboard_unit(code or request.GET.get("unit"), hierarchy=hierarchy)
    if unit is None:
        raise Http404
    periods = indicator_periods(hierarchy=hierarchy)
    period = request.GET.get("period", "")
    if period not in periods:
        period = periods[0] if periods else ""
    return indicator_dashboard(request.user, unit=unit, period=period, hierarchy=hierarchy)


def _officer_may(request: HttpRequest, permission: str, board: Dashboard) -> bool:
    """Whether to link the officers' page behind ``permission`` for the board's unit (today's
    units only: a retired unit's figures are recorded from its successor's page)."""
    return (
        request.user.is_authenticated
        and board.hierarchy == Hierarchy.CURRENT
        and request.user.has_perm(permission, board.unit)
    )


def dashboard(request: HttpRequest, code: str = "") -> HttpResponse:
    board = _dashboard(request, code)
    charts = [
        bar_chart(
            f"chart-{panel.indicator.code}",
            panel.indicator.display_name,
            [(part.label, part.value) for part in panel.parts if part.value is not None],
            scale=100 if panel.indicator.is_percentage else None,
            unit=" %" if panel.indicator.is_percentage else "",
        )
        for panel in board.panels
    ]
    return render(
        request,
        "indicators/dashboard.html",
        {
            "board": board,
            "sections": [
                (panel, chart, status_label(panel.status))
                for panel, chart in zip(board.panels, charts, strict=True)
            ],
            "hierarchies": Hierarchy.choices,
            "is_updating": indicators_recompute_pending(
                year=int(board.period[:4]) if board.period else None
            ),
            "may_set_targets": _officer_may(request, "indicators.change_target", board),
            "may_record_figures": _officer_may(request, "indicators.add_recordedfact", board),
        },
    )


def export_xlsx(request: HttpRequest) -> HttpResponse:
    board = _dashboard(request)
    buffer = BytesIO()
    dashboard_workbook(board).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    name = f"indicators-{board.unit.code}-{board.period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_dhis2(request: HttpRequest) -> JsonResponse:
    board = _dashboard(request)
    values = indicator_values_for_export(
        request.user, unit=board.unit, period=board.period, hierarchy=board.hierarchy
    )
    response = JsonResponse(data_value_set(values))
    response["Content-Disposition"] = (
        f'inline; filename="dataValueSets-{board.unit.code}-{board.period}.json"'
    )
    return response

"""The province's marketplace dashboard, for its officers, on screen and as Excel."""

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from banso.market.imports import XLSX_CONTENT_TYPE
from banso.market.selectors.dashboard import (
    dashboard_figures,
    dashboard_rows,
    dashboard_workbook,
)


def _require(request) -> None:
    if not request.user.has_perm("market.view_dashboard"):
        raise PermissionDenied


@login_required
def dashboard(request):
    _require(request)
    figures = dashboard_figures(request.user)
    return render(
        request,
        "market/dashboard.html",
        {"figures": figures, "sections": dashboard_rows(figures)},
    )


@login_required
def dashboard_export(request):
    _require(request)
    buffer = BytesIO()
    dashboard_workbook(dashboard_figures(request.user)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="market-{day}.xlsx"'
    return response


urlpatterns: list = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/export.xlsx", dashboard_export, name="dashboard-export"),
]

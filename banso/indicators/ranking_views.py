"""The province's rankings and the communes' digital scorecards. Public pages: the rankings
are published figures; a scorecard shows aggregated figures only, and the rows behind a
component (the drill-down) to the officers who serve the commune."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from banso.indicators.rankings import ranking_histories, ranking_units_for_user
from banso.indicators.scorecard import (
    COMPONENTS_BY_CODE,
    commune_scorecard,
    province_scorecards,
    scorecard_sources,
)
from banso.indicators.selectors import indicator_detail_allowed
from banso.places.models import AdministrativeUnit, UnitLevel


def _home_province() -> AdministrativeUnit:
    province = AdministrativeUnit.objects.filter(
        level=UnitLevel.PROVINCE, code=settings.HOME_PROVINCE_CODE, is_current=True
    ).first()
    if province is None:
        raise Http404
    return province


def _commune(code: str) -> AdministrativeUnit:
    commune = AdministrativeUnit.objects.filter(
        level=UnitLevel.COMMUNE, code=code, is_current=True
    ).first()
    if commune is None:
        raise Http404
    return commune


def _year(request: HttpRequest) -> int:
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year


def rankings(request: HttpRequest) -> HttpResponse:
    province = _home_province()
    return render(
        request,
        "indicators/rankings/rankings.html",
        {
            "province": province,
            "histories": ranking_histories(province),
            "may_record": bool(ranking_units_for_user(request.user, province)),
        },
    )


def scorecards(request: HttpRequest) -> HttpResponse:
    province = _home_province()
    year = _year(request)
    cards = province_scorecards(request.user, province=province, year=year)
    return render(
        request,
        "indicators/rankings/scorecards.html",
        {"province": province, "year": year, "cards": cards},
    )


def scorecard(request: HttpRequest, code: str) -> HttpResponse:
    card = commune_scorecard(request.user, unit=_commune(code), year=_year(request))
    return render(request, "indicators/rankings/scorecard.html", {"card": card})


def scorecard_component(request: HttpRequest, code: str, component: str) -> HttpResponse:
    """The rows one component was counted from: for the officers of the commune and of its
    province, who check them."""
    unit = _commune(code)
    part = COMPONENTS_BY_CODE.get(component)
    if part is None or not part.fact:
        raise Http404
    if not indicator_detail_allowed(request.user, unit):
        raise PermissionDenied
    year = _year(request)
    sources = scorecard_sources(component=part, unit=unit, year=year)
    if sources is None:
        raise Http404
    return render(
        request,
        "indicators/rankings/sources.html",
        {
            "unit": unit,
            "year": year,
            "component": part,
            "sources": sources,
            "total": sum(source.value for source in sources),
        },
    )

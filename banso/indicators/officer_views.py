"""The officers' pages of indicators: a unit's targets of a year, the figures counted outside
the platform, and the editions of the published rankings.

Signed-in officers only: a visitor who is not signed in is sent to sign in; anyone else, and
an officer asking for a unit they do not serve, is refused (403). The pages offer only the
units the person may write for (``selectors``, ``rankings``); every write goes through the
services, which check again whichever door the request came through.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.common.forms import form_errors_add
from banso.indicators.facts import fact_codes
from banso.indicators.forms import (
    RankingEditionForm,
    RecordedFactForm,
    TargetsForm,
    TargetUnitForm,
    UnitPickForm,
)
from banso.indicators.freshness import indicators_refresh
from banso.indicators.models import Hierarchy, Indicator, Target
from banso.indicators.rankings import ranking_edition_record, ranking_units_for_user
from banso.indicators.selectors import (
    dashboard_unit,
    recorded_fact_pages_for_user,
    recorded_fact_units_under,
    recorded_facts_of_units,
    target_units_for_user,
)
from banso.indicators.services import recorded_fact_set, targets_set
from banso.places.models import AdministrativeUnit

FIGURES_PER_PAGE = 50


def _page_unit(request: HttpRequest, offered: list[AdministrativeUnit], permission: str):
    """The current unit the page is about: ``?unit=<code>``, else the first offered. Unknown:
    404; not one ``permission`` allows the person: 403."""
    code = request.GET.get("unit", "") or (offered[0].code if offered else "")
    if not code:
        raise PermissionDenied
    unit = dashboard_unit(code, hierarchy=Hierarchy.CURRENT)
    if unit is None:
        raise Http404
    if not request.user.has_perm(permission, unit):
        raise PermissionDenied
    return unit, offered if unit in offered else [*offered, unit]


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """Every active indicator's target for a unit and a year, saved together."""
    unit, units = _page_unit(
        request, target_units_for_user(request.user), "indicators.change_target"
    )
    picker = TargetUnitForm(
        {"unit": unit.code, "year": request.GET.get("year") or timezone.localdate().year},
        units=units,
    )
    if not picker.is_valid():
        return render(
            request,
            "indicators/officers/targets.html",
            {"unit": unit, "picker": picker},
            status=400,
        )
    year = picker.cleaned_data["year"]
    indicators = list(Indicator.objects.filter(is_active=True))
    kept = dict(Target.objects.filter(unit=unit, year=year).values_list("indicator__code", "value"))
    form = TargetsForm(request.POST or None, indicators=indicators, initial=kept)
    if request.method == "POST" and form.is_valid():
        try:
            targets_set(actor=request.user, unit=unit, year=year, values=form.values())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The targets of %(unit)s for %(year)s were saved.")
                % {"unit": unit.name, "year": year},
            )
            return redirect(f"{reverse('indicators:targets')}?unit={unit.code}&year={year}")
    return render(
        request,
        "indicators/officers/targets.html",
        {"unit": unit, "year": year, "picker": picker, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recorded_facts(request: HttpRequest) -> HttpResponse:
    """Record a figure counted outside the platform for a unit or one it took over, and list
    those recorded. A saved figure's year is recomputed as after an import of a review list:
    by the worker when one runs, else at once."""
    unit, units = _page_unit(
        request, recorded_fact_pages_for_user(request.user), "indicators.add_recordedfact"
    )
    counted = recorded_fact_units_under(unit)
    codes = fact_codes()
    form = RecordedFactForm(
        request.POST or None,
        codes=codes,
        units=counted,
        initial={"unit": unit.pk, "period": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = recorded_fact_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            year = int(record.period[:4])
            queued = indicators_refresh(
                years={year}, reason=f"a figure recorded for unit {record.unit.code}"
            )
            messages.success(
                request,
                _("The figure was recorded. The indicators of %(year)s are being recomputed.")
                % {"year": year}
                if queued
                else _("The figure was recorded and the indicators of %(year)s recomputed.")
                % {"year": year},
            )
            return redirect(f"{reverse('indicators:recorded-facts')}?unit={unit.code}")
    page = Paginator(recorded_facts_of_units(counted), FIGURES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "indicators/officers/recorded_facts.html",
        {
            "unit": unit,
            "picker": UnitPickForm(initial={"unit": unit.code}, units=units)
            if len(units) > 1
            else None,
            "form": form,
            "page": page,
            "rows": [(fact, codes.get(fact.code, fact.code)) for fact in page],
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ranking_edition_new(request: HttpRequest) -> HttpResponse:
    """Record (or correct) an edition of a published index for the home province or a
    province merged into it: its officers only."""
    province = dashboard_unit(None, hierarchy=Hierarchy.CURRENT)
    if province is None:
        raise Http404
    units = ranking_units_for_user(request.user, province)
    if not units:
        raise PermissionDenied
    form = RankingEditionForm(
        request.POST or None,
        units=units,
        initial={"unit": province.pk, "edition": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            edition = ranking_edition_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The edition %(edition)s of the %(index)s was recorded.")
                % {"edition": edition.edition, "index": edition.get_index_display()},
            )
            return redirect(f"{reverse('indicators:rankings')}#ranking-{edition.index}")
    return render(
        request,
        "indicators/officers/ranking_edition.html",
        {"province": province, "form": form},
        status=400 if form.is_bound else 200,
    )

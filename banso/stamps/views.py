"""Co-op stamp pages: order a run, follow it, download its print files, mark it printed,
activate stamps on a lot at packing, void them; and the producer's dashboard.

Phone first and without JavaScript. Runs are looked up through the scoped selector, so another
organisation's run is a 404; the services check the permission again on every write.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from banso.accounts.account_page import area_page_context
from banso.common.forms import form_errors_add
from banso.orgs.selectors import organisations_for_user, organisations_scope_is_own
from banso.stamps import charts, exports, forms
from banso.stamps.models import StampRun
from banso.stamps.selectors import dashboard as dashboard_selectors
from banso.stamps.selectors import runs as run_selectors
from banso.stamps.services import lifecycle
from banso.stamps.services.runs import stamp_run_create

FILES = {
    # kind: (field, content type)
    "pdf": ("pdf", "application/pdf"),
    "csv": ("serials_csv", "text/csv"),
    "xlsx": ("serials_xlsx", exports.XLSX_CONTENT_TYPE),
}


def _run(request, pk: int) -> StampRun:
    try:
        return run_selectors.stamp_run_for_user(request.user, pk)
    except StampRun.DoesNotExist:
        raise Http404 from None


@login_required
def run_list(request):
    runs = list(run_selectors.stamp_runs_for_user(request.user)[:200])
    counts = run_selectors.stamp_runs_status_counts(runs)
    for run in runs:
        run.state = run_selectors.stamp_run_state(run, counts[run.pk])
    return render(
        request,
        "stamps/coop/run_list.html",
        {
            "runs": runs,
            "organisations": list(organisations_for_user(request.user).order_by("name_sort")[:50]),
            "scope_is_own": organisations_scope_is_own(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request):
    initial = {}
    if request.GET.get("product", "").isdigit():
        initial["product"] = int(request.GET["product"])
    form = forms.StampRunForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = stamp_run_create(actor=request.user, **form.service_fields())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            # No message: the run's page says where the run stands, and only it.
            return redirect("stamps:run-detail", pk=run.pk)
    return render(
        request,
        "stamps/coop/run_form.html",
        {"form": form, "custom_fields": forms.CUSTOM_SIZES},
    )


def _run_page(request, run: StampRun, *, activate_form=None, void_form=None, status=200):
    lots = run_selectors.stamp_run_lots(run)
    last = run.issued_count or 1
    counts = run_selectors.stamp_run_status_counts(run)
    return render(
        request,
        "stamps/coop/run_detail.html",
        {
            "run": run,
            "state": run_selectors.stamp_run_state(run, counts),
            "progress": run.progress,
            "is_running": run.status not in (StampRun.Status.READY, StampRun.Status.FAILED),
            "counts": counts,
            "activate_form": activate_form
            or forms.ActivateRangeForm(
                prefix="activate",
                lots=lots,
                initial={"number_from": 1, "number_to": last, "lot": run.lot_id},
            ),
            "void_form": void_form or forms.VoidRangeForm(prefix="void"),
        },
        status=status,
    )


@login_required
def run_detail(request, pk: int):
    return _run_page(request, _run(request, pk))


@login_required
def run_file(request, pk: int, kind: str):
    """A print file of the run, for its organisation only."""
    run = _run(request, pk)
    if kind not in FILES:
        raise Http404
    field_name, content_type = FILES[kind]
    field = getattr(run, field_name)
    if run.status != StampRun.Status.READY or not field:
        raise Http404
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=os.path.basename(field.name),
        content_type=content_type,
    )


@login_required
@require_POST
def run_mark_printed(request, pk: int):
    run = _run(request, pk)
    try:
        count = lifecycle.stamps_mark_printed(actor=request.user, run=run)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d stamp marked as printed.", "%(count)d stamps marked as printed.", count
            )
            % {"count": count},
        )
    return redirect("stamps:run-detail", pk=run.pk)


@login_required
@require_POST
def run_activate(request, pk: int):
    run = _run(request, pk)
    form = forms.ActivateRangeForm(
        request.POST, prefix="activate", lots=run_selectors.stamp_run_lots(run)
    )
    if form.is_valid():
        try:
            count = lifecycle.stamps_activate(actor=request.user, run=run, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _activated_message(count))
            return redirect("stamps:run-detail", pk=run.pk)
    return _run_page(request, run, activate_form=form, status=400)


@login_required
@require_POST
def run_void(request, pk: int):
    run = _run(request, pk)
    form = forms.VoidRangeForm(request.POST, prefix="void")
    if form.is_valid():
        try:
            count = lifecycle.stamps_void(actor=request.user, run=run, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _voided_message(count))
            return redirect("stamps:run-detail", pk=run.pk)
    return _run_page(request, run, void_form=form, status=400)


def _activated_message(count: int) -> str:
    return ngettext("%(count)d stamp activated.", "%(count)d stamps activated.", count) % {
        "count": count
    }


def _voided_message(count: int) -> str:
    return ngettext("%(count)d stamp voided.", "%(count)d stamps voided.", count) % {"count": count}


@login_required
@require_http_methods(["GET", "POST"])
def stamps_activate(request):
    """Activate scanned or pasted stamps (any run of the user's organisations) on a lot."""
    initial = {"lot": request.GET["lot"]} if request.GET.get("lot", "").isdigit() else {}
    form = forms.ActivateSerialsForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                count = lifecycle.stamps_activate(
                    actor=request.user,
                    lot=form.cleaned_data["lot"],
                    serials=form.cleaned_data["serials"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _activated_message(count))
                return redirect("stamps:activate")
    return render(request, "stamps/coop/activate.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stamps_void(request):
    form = forms.VoidSerialsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                count = lifecycle.stamps_void(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _voided_message(count))
                return redirect("stamps:void")
    return render(request, "stamps/coop/void.html", {"form": form}, status=status)


# Dashboard ---------------------------------------------------------------------------------------


def _organisation(request, slug: str):
    return get_object_or_404(organisations_for_user(request.user), slug=slug)


def _with_titles(stamps) -> list:
    stamps = list(stamps)
    for stamp in stamps:
        stamp.flag_titles = dashboard_selectors.flag_titles(stamp)
    return stamps


@login_required
def dashboard(request, slug: str):
    organisation = _organisation(request, slug)
    days = dashboard_selectors.dashboard_scans_per_day(organisation)
    chart = charts.bar_chart([(day.day.strftime("%d/%m"), day.count) for day in days])
    return render(
        request,
        "stamps/coop/dashboard.html",
        {
            "organisation": organisation,
            "chart": chart,
            "first_day": days[0].day,
            "last_day": days[-1].day,
            "total": sum(day.count for day in days),
            "places": dashboard_selectors.dashboard_top_places(organisation),
            "flagged": _with_titles(
                dashboard_selectors.dashboard_flagged_stamps(organisation)[
                    : dashboard_selectors.FLAGGED_SHOWN
                ]
            ),
        },
    )


@login_required
def dashboard_export(request, slug: str):
    organisation = _organisation(request, slug)
    response = HttpResponse(
        exports.dashboard_workbook(organisation), content_type=exports.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="stamps-{organisation.slug}.xlsx"'
    return response


@login_required
def flagged(request):
    """Flagged stamps of the person's organisations and, for province officers, province."""
    stamps = _with_titles(
        dashboard_selectors.stamps_flagged_for_user(request.user)[
            : dashboard_selectors.FLAGGED_SHOWN
        ]
    )
    return render(request, "stamps/coop/flagged.html", {"flagged": stamps})


AREA_TITLES = {
    "province": gettext_lazy("Stamps in the province"),
    "commune": gettext_lazy("Stamps in the commune"),
    "ward": gettext_lazy("Stamps in the ward"),
    "area": gettext_lazy("Stamps in your area"),
}


@login_required
def area_stamps(request):
    """The stamp runs and flagged stamps of the organisations of the communes or province an
    officer serves, read-only."""
    context = area_page_context(request.user, titles=AREA_TITLES)
    runs = run_selectors.stamp_runs_for_user(request.user, action="oversee")
    flagged = dashboard_selectors.stamps_flagged_for_user(request.user, action="oversee")
    context["runs"] = list(runs[:200])
    context["flagged"] = _with_titles(flagged[: dashboard_selectors.FLAGGED_SHOWN])
    return render(request, "stamps/area_stamps.html", context)

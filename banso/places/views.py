from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.common.forms import form_errors_add
from banso.jobs.imports import import_start
from banso.places import selectors, services
from banso.places.forms import VillageForm, VillageImportForm


def unit_lookup(request):
    query = request.GET.get("q", "").strip()[:100]
    units = selectors.unit_lookup(query, limit=30) if query else []
    return render(request, "places/lookup.html", {"query": query, "units": units})


@login_required
def village_list(request):
    if not request.user.has_perm("places.add_village"):
        raise PermissionDenied
    villages = selectors.villages_for_user(request.user)
    return render(request, "places/village_list.html", {"villages": villages[:500]})


@login_required
@require_http_methods(["GET", "POST"])
def village_create(request):
    communes = selectors.communes_for_user(request.user)
    if not request.user.has_perm("places.add_village"):
        raise PermissionDenied
    form = VillageForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        try:
            village = services.village_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Village %(name)s was added.") % {"name": village})
            return redirect("places:village-list")
    return render(request, "places/village_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def village_update(request, pk: int):
    village = get_object_or_404(selectors.villages_for_user(request.user), pk=pk)
    initial = {
        "name": village.name,
        "kind": village.kind,
        "latitude": village.latitude,
        "longitude": village.longitude,
    }
    form = VillageForm(request.POST or None, initial=initial, communes=None, village=village)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_update(actor=request.user, village=village, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Village %(name)s was saved.") % {"name": village})
            return redirect("places:village-list")
    return render(request, "places/village_form.html", {"form": form, "village": village})


@login_required
@require_http_methods(["GET", "POST"])
def village_delete(request, pk: int):
    village = get_object_or_404(selectors.villages_for_user(request.user), pk=pk)
    if request.method == "POST":
        services.village_delete(actor=request.user, village=village)
        messages.success(request, _("Village %(name)s was removed.") % {"name": village})
        return redirect("places:village-list")
    return render(request, "places/village_delete.html", {"village": village})


@login_required
@require_http_methods(["GET", "POST"])
def village_import(request):
    if not request.user.has_perm("places.add_village"):
        raise PermissionDenied
    form = VillageImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            progress = import_start(
                name="places.villages",
                owner=request.user,
                title=_("Import villages"),
                upload=upload,
                limits=services.VILLAGE_IMPORT_LIMITS,
            )
            if progress is not None:
                return redirect("jobs:progress-detail", pk=progress.pk)
            result = services.villages_import(actor=request.user, upload=upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(request, services.villages_import_summary(result))
                return redirect("places:village-list")
    status = (
        400 if request.method == "POST" and (form.errors or (result and not result.ok)) else 200
    )
    return render(
        request, "places/village_import.html", {"form": form, "result": result}, status=status
    )


def village_import_template(request):
    """An empty workbook with the header row, to fill in."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Villages")[:31]
    sheet.append([_("Commune code"), _("Name"), _("Type"), _("Latitude"), _("Longitude")])
    sheet.append(["02761", "Sín Chải", "thôn", 22.6832, 104.1148])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="villages.xlsx"'
    return response

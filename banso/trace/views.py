"""Co-operative pages: products, lots and the steps of a lot, on a phone, without JavaScript.

Everything is looked up through the scoped selectors, so another organisation's product or lot
is a 404; the services check the permission again on every write.
"""

from collections.abc import Callable
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from banso.accounts.account_page import area_page_context
from banso.common.forms import PhotoForm, form_errors_add
from banso.jobs.imports import import_start
from banso.orgs.selectors import organisations_for_user, organisations_scope_is_own
from banso.trace import forms, imports
from banso.trace.models import Lot, Product
from banso.trace.selectors import products as selectors
from banso.trace.services import products as product_services
from banso.trace.services import steps as step_services
from banso.trace.wording import first_step_words

STEPS: dict[str, tuple[type[forms.StepForm], Callable[..., object]]] = {
    # kind: (form, service)
    "harvest": (forms.HarvestForm, step_services.step_harvest),
    "process": (forms.ProcessForm, step_services.step_process),
    "pack": (forms.PackForm, step_services.step_pack),
    "check": (forms.CheckForm, step_services.step_check),
    "ship": (forms.ShipForm, step_services.step_ship),
    "receive": (forms.ReceiveForm, step_services.step_receive),
    "correct": (forms.CorrectForm, step_services.step_correct),
}
STEP_BUTTONS = [
    ("harvest", gettext_lazy("Harvest")),
    ("process", gettext_lazy("Processing")),
    ("pack", gettext_lazy("Packing")),
    ("check", gettext_lazy("Check")),
    ("ship", gettext_lazy("Shipping")),
    ("receive", gettext_lazy("Receiving")),
    ("correct", gettext_lazy("Correct a mistake")),
]


def _step_buttons(lot: Lot) -> list[tuple[str, object]]:
    """The step buttons of a lot, the first named for what its product is."""
    words = first_step_words(lot.product.category)
    return [(kind, words.step if kind == "harvest" else label) for kind, label in STEP_BUTTONS]


def _product(request, pk: int) -> Product:
    try:
        return selectors.product_for_user(request.user, pk)
    except Product.DoesNotExist:
        raise Http404 from None


def _lot(request, pk: int) -> Lot:
    return get_object_or_404(selectors.lots_for_user(request.user), pk=pk)


@login_required
def product_list(request):
    products = list(selectors.products_for_user(request.user)[:500])
    organisations = list(organisations_for_user(request.user).order_by("name_sort")[:50])
    return render(
        request,
        "trace/coop/product_list.html",
        {
            "products": products,
            "organisations": organisations,
            "scope_is_own": organisations_scope_is_own(request.user),
        },
    )


AREA_TITLES = {
    "province": gettext_lazy("Products in the province"),
    "commune": gettext_lazy("Products in the commune"),
    "ward": gettext_lazy("Products in the ward"),
    "area": gettext_lazy("Products in your area"),
}


@login_required
def area_products(request):
    """The products of the organisations of the communes or province an officer serves,
    read-only."""
    context = area_page_context(request.user, titles=AREA_TITLES)
    products = selectors.products_for_user(request.user, action="oversee")
    context["products"] = list(products.select_related("organisation__unit")[:500])
    return render(request, "trace/area_products.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request, slug: str):
    organisation = get_object_or_404(organisations_for_user(request.user), slug=slug)
    form = forms.ProductForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        names=product_services.product_names_may_write(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            product = product_services.product_create(
                actor=request.user,
                organisation=organisation,
                certificates=list(form.cleaned_data["certificates"]),
                **data,
            )
            if form.cleaned_data.get("photo"):
                product_services.product_photo_add(
                    actor=request.user, product=product, image=form.cleaned_data["photo"]
                )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The product was saved."))
            return redirect("trace:product-detail", pk=product.pk)
    return render(
        request, "trace/coop/product_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def product_detail(request, pk: int):
    product = _product(request, pk)
    return render(
        request,
        "trace/coop/product_detail.html",
        {"product": product, "lots": list(selectors.lots_of_product(product)[:500])},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_update(request, pk: int):
    product = _product(request, pk)
    form = forms.ProductForm(
        request.POST or None,
        request.FILES or None,
        instance=Product.objects.get(pk=product.pk),
        organisation=product.organisation,
        names=product_services.product_names_may_write(request.user, product.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            product_services.product_update(
                actor=request.user,
                product=product,
                certificates=list(form.cleaned_data["certificates"]),
                **form.service_fields(),
            )
            if form.cleaned_data.get("photo"):
                product_services.product_photo_add(
                    actor=request.user, product=product, image=form.cleaned_data["photo"]
                )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The product was saved."))
            return redirect("trace:product-detail", pk=product.pk)
    return render(
        request,
        "trace/coop/product_form.html",
        {"form": form, "organisation": product.organisation, "product": product},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_photo_add(request, pk: int):
    product = _product(request, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            product_services.product_photo_add(
                actor=request.user,
                product=product,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("trace:product-detail", pk=product.pk)
    return render(request, "trace/coop/photo_form.html", {"form": form, "product": product})


@login_required
@require_http_methods(["GET", "POST"])
def lot_create(request, pk: int):
    product = _product(request, pk)
    form = forms.LotForm(
        request.POST or None, organisation=product.organisation, category=product.category
    )
    if request.method == "POST" and form.is_valid():
        try:
            lot = product_services.lot_create(
                actor=request.user, product=product, **form.service_fields()
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The lot was saved."))
            return redirect("trace:lot-detail", pk=lot.pk)
    return render(request, "trace/coop/lot_form.html", {"form": form, "product": product})


@login_required
@require_http_methods(["GET", "POST"])
def lot_update(request, pk: int):
    lot = _lot(request, pk)
    form = forms.LotForm(
        request.POST or None,
        instance=Lot.objects.get(pk=lot.pk),
        organisation=lot.product.organisation,
        category=lot.product.category,
    )
    if request.method == "POST" and form.is_valid():
        try:
            product_services.lot_update(actor=request.user, lot=lot, **form.service_fields())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The lot was saved."))
            return redirect("trace:lot-detail", pk=lot.pk)
    return render(
        request, "trace/coop/lot_form.html", {"form": form, "product": lot.product, "lot": lot}
    )


@login_required
def lot_detail(request, pk: int):
    lot = _lot(request, pk)
    events = selectors.lot_events(lot)
    declared = {e.event_id for e in events if e.is_error_declaration and e.event_id}
    journey = [
        {
            "event": event,
            "label": forms.step_label(event, category=lot.product.category),
            "is_declared_wrong": bool(event.event_id)
            and event.event_id in declared
            and not event.is_error_declaration,
        }
        for event in events
    ]
    return render(
        request,
        "trace/coop/lot_detail.html",
        {
            "lot": lot,
            "journey": journey,
            "buttons": _step_buttons(lot),
            "first_step": first_step_words(lot.product.category),
            "public_url": step_services.lot_digital_link(lot),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_step(request, pk: int, kind: str):
    lot = _lot(request, pk)
    if kind not in STEPS:
        raise Http404
    form_class, service = STEPS[kind]
    extra = {}
    if kind == "correct":
        extra["events"] = step_services.correctable_events(lot)
    form = form_class(request.POST or None, request.FILES or None, lot=lot, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, lot=lot, **form.service_fields())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The step was recorded."))
            return redirect("trace:lot-detail", pk=lot.pk)
        # An EPCIS refusal is a bug in our own event building: let it surface as a 500.
    title = dict(_step_buttons(lot))[kind]
    return render(
        request,
        "trace/coop/step_form.html",
        {"form": form, "lot": lot, "kind": kind, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_import(request):
    form = forms.LotImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            progress = import_start(
                name="trace.lots",
                owner=request.user,
                title=_("Import lots"),
                upload=upload,
                limits=imports.LOT_IMPORT_LIMITS,
            )
            if progress is not None:
                return redirect("jobs:progress-detail", pk=progress.pk)
            result = imports.lots_import(actor=request.user, upload=upload)
        except ValidationError as error:
            form.add_error("file", error)
            status = 400
        else:
            if result.ok:
                messages.success(request, imports.lots_import_summary(result))
                return redirect("trace:product-list")
            status = 400
    return render(
        request, "trace/coop/lot_import.html", {"form": form, "result": result}, status=status
    )


@login_required
def lot_import_template(request):
    buffer = BytesIO()
    imports.template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="lots.xlsx"'
    return response

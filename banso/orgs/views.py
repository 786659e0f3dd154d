from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from banso.accounts.account_page import area_page_context
from banso.common.forms import form_errors_add
from banso.common.page_cache import page_rendered
from banso.orgs import selectors, services
from banso.orgs.forms import CertificateForm, OrganisationForm
from banso.orgs.models import Organisation, OrganisationKind
from banso.orgs.page_cache import ORGS_PAGE_VERSIONS


def organisation_list(request):
    """The public list; the same page for every visitor without a session
    (``common.page_cache``), forgotten when an organisation or certificate changes."""

    def context() -> dict:
        query = request.GET.get("q", "").strip()[:100]
        kind = request.GET.get("kind", "")
        organisations = selectors.organisation_search(
            query=query, kind=kind if kind in OrganisationKind.values else None
        )
        page = Paginator(organisations, 30).get_page(request.GET.get("page"))
        return {"page": page, "query": query, "kind": kind, "kinds": OrganisationKind.choices}

    return page_rendered(
        request,
        "orgs/organisation_list.html",
        context,
        name="orgs-list",
        versions=ORGS_PAGE_VERSIONS,
    )


def organisation_detail(request, slug: str):
    try:
        organisation = selectors.organisation_detail(slug)
    except Organisation.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    return render(
        request,
        "orgs/organisation_detail.html",
        {
            "organisation": organisation,
            "certificates": selectors.certificates_valid(organisation),
            "can_edit": request.user.has_perm("orgs.change_organisation", organisation),
        },
    )


@login_required
def my_organisations(request):
    organisations = selectors.organisations_for_user(request.user)[:200]
    return render(request, "orgs/my_organisations.html", {"organisations": organisations})


AREA_TITLES = {
    "province": gettext_lazy("Co-ops and businesses in the province"),
    "commune": gettext_lazy("Co-ops and businesses in the commune"),
    "ward": gettext_lazy("Co-ops and businesses in the ward"),
    "area": gettext_lazy("Co-ops and businesses in your area"),
}


@login_required
def area_organisations(request):
    """The organisations of the communes or province an officer serves, read-only."""
    context = area_page_context(request.user, titles=AREA_TITLES)
    organisations = selectors.organisations_for_user(request.user, action="oversee")
    context["organisations"] = list(organisations.order_by("name_folded")[:500])
    return render(request, "orgs/area_organisations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_update(request, slug: str):
    organisation = get_object_or_404(selectors.organisations_for_user(request.user), slug=slug)
    form = OrganisationForm(
        request.POST or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("orgs:organisation-detail", slug=organisation.slug)
    return render(
        request, "orgs/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_create(request, slug: str):
    organisation = get_object_or_404(selectors.organisations_for_user(request.user), slug=slug)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        data["scan"] = data["scan"] or None
        try:
            services.certificate_add(actor=request.user, organisation=organisation, **data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The certificate was added."))
            return redirect("orgs:organisation-detail", slug=organisation.slug)
    return render(
        request, "orgs/certificate_form.html", {"form": form, "organisation": organisation}
    )

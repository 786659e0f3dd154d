from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from banso.accounts.account_page import area_page_context
from banso.common.client_identity import client_address_hash
from banso.common.forms import form_errors_add
from banso.common.page_cache import page_rendered
from banso.common.ratelimit import Limit, limit_exceeded, limit_hit
from banso.orgs import selectors, services
from banso.orgs.forms import CertificateForm, OrganisationForm, SignUpForm
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


HOUR = 3600
# Sign-ups from one address: a few organisations an hour (a commune office registering its
# co-operatives one after the other), and a bound on the attempts, each of which tells
# whether a phone number has an account.
SIGN_UP_PER_ADDRESS = Limit("signup-address", count=5, window_seconds=HOUR)
SIGN_UP_ATTEMPTS_PER_ADDRESS = Limit("signup-attempt-address", count=30, window_seconds=HOUR)


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """A co-operative or business registers itself and its person; it waits for an officer
    of its commune or province before it may sell or print stamps."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        address = client_address_hash(request)
        if limit_exceeded(SIGN_UP_PER_ADDRESS, address) or limit_exceeded(
            SIGN_UP_ATTEMPTS_PER_ADDRESS, address
        ):
            form.is_valid()
            form.add_error(
                None, _("Too many registrations from this connection. Try again in an hour.")
            )
            status = 429
        else:
            limit_hit(SIGN_UP_ATTEMPTS_PER_ADDRESS, address)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    organisation = services.organisation_sign_up(
                        phone=data["phone"],
                        email=data["email"] or None,
                        full_name=data["full_name"],
                        password=data["password1"],
                        organisation_name=data["organisation_name"],
                        kind=data["kind"],
                        unit=data["unit"],
                        village=data["village"],
                    )
                except ValidationError as error:
                    form_errors_add(form, error)
                else:
                    limit_hit(SIGN_UP_PER_ADDRESS, address)
                    owner = organisation.memberships.get().user
                    login(request, owner, backend="banso.accounts.backends.PhoneOrEmailBackend")
                    messages.success(
                        request,
                        _(
                            "%(name)s is registered. An officer of your commune or province "
                            "will approve it; until then you can record your products, but "
                            "not open a shop or print stamps."
                        )
                        % {"name": organisation.name},
                    )
                    return redirect("orgs:organisation-detail", slug=organisation.slug)
    return render(request, "orgs/sign_up.html", {"form": form}, status=status)


@login_required
def organisations_waiting(request):
    """The organisations that wait for this officer's approval."""
    waiting = selectors.organisations_waiting_for_user(request.user).select_related("village")[:200]
    return render(request, "orgs/waiting.html", {"organisations": waiting})


@login_required
@require_POST
def organisation_review(request, slug: str):
    organisation = get_object_or_404(
        selectors.organisations_waiting_for_user(request.user), slug=slug
    )
    approve = request.POST.get("decision") == "approve"
    try:
        services.organisation_review(actor=request.user, organisation=organisation, approve=approve)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = (
            _("%(name)s is approved: it can now open a shop and print stamps.")
            if approve
            else _("The registration of %(name)s was refused.")
        )
        messages.success(request, message % {"name": organisation.name})
    return redirect("orgs:organisations-waiting")

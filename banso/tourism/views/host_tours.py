"""The host's tours in the back office (``/tourism/host/tours/``): the list with each tour's
status and the province's note, a tour's page and terms, its photos, and its departures with
their seats (one at a time, or every week at the same hour).

As in the rest of the back office, every read goes through ``banso.tourism.selectors.host``:
another organisation's tour, departure or photo is a 404. Every write calls a service of
``services/listings.py`` or ``services/photos.py``; a refusal comes back on the same page with
what was typed kept, a success redirects (POST, redirect, GET) with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.forms import PhotoForm, form_errors_add
from banso.orgs.models import Organisation
from banso.tourism.forms.host_tours import (
    DepartureCapacityForm,
    DepartureForm,
    DepartureSeriesForm,
    TourForm,
)
from banso.tourism.models import ListingStatus, Tour, TourDeparture, TourPhoto
from banso.tourism.selectors.host import (
    departure_for_host,
    organisations_for_new_listing,
    tour_departures_coming,
    tour_for_host,
    tour_photo_for_host,
    tours_for_host_list,
)
from banso.tourism.services.listings import (
    departure_create,
    departure_remove,
    departure_series_create,
    departure_update,
    tour_create,
    tour_update,
)
from banso.tourism.services.photos import photo_delete, tour_photo_add


def _has_bank_account(organisation: Organisation) -> bool:
    return bool(organisation.bank_bin and organisation.bank_account_number)


def _tour(request, pk: int) -> Tour:
    try:
        return tour_for_host(request.user, pk=pk)
    except Tour.DoesNotExist:
        raise Http404 from None


def _departure(request, pk: int) -> TourDeparture:
    try:
        return departure_for_host(request.user, pk=pk)
    except TourDeparture.DoesNotExist:
        raise Http404 from None


@login_required
def host_tour_list(request):
    """The person's tours with their status, and the organisations that may add one."""
    return render(
        request,
        "tourism/host/tours/list.html",
        {
            "tours": list(tours_for_host_list(request.user)),
            "organisations": list(organisations_for_new_listing(request.user)),
        },
    )


# A tour's page and terms ---------------------------------------------------------------------


def _tour_form(organisation: Organisation, *args, **kwargs) -> TourForm:
    return TourForm(
        *args,
        organisation=organisation,
        has_bank_account=_has_bank_account(organisation),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def host_tour_create(request, organisation: str):
    try:
        found = organisations_for_new_listing(request.user).get(slug=organisation)
    except Organisation.DoesNotExist:
        raise Http404 from None
    form = _tour_form(found, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tour = tour_create(actor=request.user, organisation=found, **form.tour_data())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _(
                    "The tour is saved and waits for the province's approval. Add its photos "
                    "and departures meanwhile."
                ),
            )
            return redirect("tourism_host:tour", pk=tour.pk)
    return render(
        request,
        "tourism/host/tours/form.html",
        {
            "form": form,
            "organisation": found,
            "tour": None,
            "has_bank_account": _has_bank_account(found),
        },
        status=400 if form.is_bound else 200,
    )


def _tour_page(
    request, tour: Tour, *, form=None, photo_form=None, status: int = 200
) -> HttpResponse:
    organisation = tour.organisation
    return render(
        request,
        "tourism/host/tours/form.html",
        {
            "tour": tour,
            "organisation": organisation,
            "form": form or _tour_form(organisation, instance=tour),
            "photo_form": photo_form or PhotoForm(),
            "photos": list(tour.photos.all()),
            "has_bank_account": _has_bank_account(organisation),
            "is_refused": tour.status == ListingStatus.REJECTED,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def host_tour(request, pk: int):
    tour = _tour(request, pk)
    if request.method != "POST":
        return _tour_page(request, tour)
    was_refused = tour.status == ListingStatus.REJECTED
    form = _tour_form(tour.organisation, request.POST, instance=tour)
    if form.is_valid():
        try:
            tour_update(actor=request.user, tour=tour, **form.tour_data())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            if was_refused:
                message = _("The tour is saved and sent to the province again for approval.")
            else:
                message = _("The tour is saved.")
            messages.success(request, message)
            return redirect("tourism_host:tour", pk=tour.pk)
    # The form wrote what was typed onto the tour: show the page of the tour as saved.
    return _tour_page(request, _tour(request, pk), form=form, status=400)


@login_required
@require_POST
def host_tour_photo_add(request, pk: int):
    tour = _tour(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            tour_photo_add(actor=request.user, tour=tour, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect(reverse("tourism_host:tour", kwargs={"pk": tour.pk}) + "#photos")
    return _tour_page(request, tour, photo_form=form, status=400)


@login_required
@require_POST
def host_tour_photo_remove(request, pk: int):
    try:
        photo = tour_photo_for_host(request.user, pk=pk)
    except TourPhoto.DoesNotExist:
        raise Http404 from None
    tour_pk = photo.tour_id
    photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect(reverse("tourism_host:tour", kwargs={"pk": tour_pk}) + "#photos")


# Departures ----------------------------------------------------------------------------------


def _departures_page(
    request,
    tour: Tour,
    *,
    form: DepartureForm | None = None,
    series_form: DepartureSeriesForm | None = None,
    capacity_form: tuple[int, DepartureCapacityForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    departures = []
    for departure in tour_departures_coming(tour):
        if capacity_form is not None and capacity_form[0] == departure.pk:
            change = capacity_form[1]
        else:
            change = DepartureCapacityForm(
                initial={"capacity": departure.capacity, "price_vnd": departure.price_vnd},
                prefix=f"d{departure.pk}",
            )
        departures.append({"departure": departure, "form": change})
    return render(
        request,
        "tourism/host/tours/departures.html",
        {
            "tour": tour,
            "departures": departures,
            "form": form or DepartureForm(initial={"capacity": tour.group_size}),
            "series_form": series_form
            or DepartureSeriesForm(initial={"capacity": tour.group_size}, prefix="weekly"),
        },
        status=status,
    )


def _departures_url(tour_pk: int) -> str:
    return reverse("tourism_host:tour-departures", kwargs={"pk": tour_pk})


@login_required
@require_http_methods(["GET", "POST"])
def host_tour_departures(request, pk: int):
    """The coming departures with their seats; the POST adds one."""
    tour = _tour(request, pk)
    if request.method != "POST":
        return _departures_page(request, tour)
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            departure = departure_create(
                actor=request.user,
                tour=tour,
                starts_at=form.starts_at(),
                capacity=form.cleaned_data["capacity"],
                price_vnd=form.cleaned_data["price_vnd"],
            )
        except ValidationError as error:
            form_errors_add(form, _starts_at_on_date(error))
        else:
            messages.success(request, _("The departure is added."))
            return redirect(_departures_url(tour.pk) + f"#departure-{departure.pk}")
    return _departures_page(request, tour, form=form, status=400)


def _starts_at_on_date(error: ValidationError) -> ValidationError:
    """The service speaks of ``starts_at``; the form has a day and an hour: show it by the
    day."""
    if hasattr(error, "error_dict") and "starts_at" in error.error_dict:
        errors = dict(error.error_dict)
        errors["date"] = errors.pop("starts_at")
        return ValidationError(errors)
    return error


@login_required
@require_POST
def host_tour_departure_series(request, pk: int):
    """Add a departure every week at the same hour."""
    tour = _tour(request, pk)
    form = DepartureSeriesForm(request.POST, prefix="weekly")
    if form.is_valid():
        try:
            made = departure_series_create(
                actor=request.user,
                tour=tour,
                first_starts_at=form.first_starts_at(),
                weeks=form.cleaned_data["weeks"],
                capacity=form.cleaned_data["capacity"],
                price_vnd=form.cleaned_data["price_vnd"],
            )
        except ValidationError as error:
            form_errors_add(form, _starts_at_on_date(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s departure is added.", "%(count)s departures are added.", len(made)
                )
                % {"count": len(made)},
            )
            return redirect(_departures_url(tour.pk))
    return _departures_page(request, tour, series_form=form, status=400)


@login_required
@require_POST
def host_departure_update(request, pk: int):
    """Change a departure's seats and price."""
    departure = _departure(request, pk)
    form = DepartureCapacityForm(request.POST, prefix=f"d{departure.pk}")
    if form.is_valid():
        try:
            departure_update(actor=request.user, departure=departure, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The departure is saved."))
            return redirect(_departures_url(departure.tour_id) + f"#departure-{departure.pk}")
    return _departures_page(request, departure.tour, capacity_form=(departure.pk, form), status=400)


@login_required
@require_POST
def host_departure_remove(request, pk: int):
    departure = _departure(request, pk)
    try:
        departure_remove(actor=request.user, departure=departure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_departures_url(departure.tour_id) + f"#departure-{departure.pk}")
    messages.success(request, _("The departure is removed."))
    return redirect(_departures_url(departure.tour_id))

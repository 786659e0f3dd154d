"""The officers' telecom support pages: a household's enrolment and its months (on the
household's page, ``views.household_detail_render``), and the coverage by commune.

As every household page: a sign-in, households read through ``households_for_user`` (a
household outside it is "not found"), every write through ``telecom_services``, which check
the actor again. Errors are shown on the household's page, beside the form that caused them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banso.common.forms import form_errors_add
from banso.households import telecom_services
from banso.households.forms import (
    CoverageYearForm,
    TelecomActivityForm,
    TelecomEndForm,
    TelecomEnrolmentForm,
)
from banso.households.models import Assessment, Household, LivingStandard, TelecomEnrolment
from banso.households.selectors import households_for_user, officer_units_for_user
from banso.households.telecom_selectors import (
    coverage_by_commune,
    coverage_of_former_district,
    former_districts_under,
)
from banso.households.views import household_detail_render, household_or_404


def _managed(request, code: str) -> Household:
    household = household_or_404(request, code)
    if not request.user.has_perm("households.change_telecomenrolment", household):
        raise PermissionDenied
    return household


def _enrolment(household: Household, pk: int) -> TelecomEnrolment:
    return get_object_or_404(TelecomEnrolment, household=household, pk=pk)


@login_required
@require_POST
def telecom_enrol(request, code: str):
    household = _managed(request, code)
    form = TelecomEnrolmentForm(request.POST)
    if form.is_valid():
        try:
            telecom_services.enrolment_create(
                actor=request.user, household=household, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The household is enrolled in telecom support."))
            return redirect("households:household-detail", code=household.code)
    return household_detail_render(request, household, forms={"enrol_form": form}, status=400)


@login_required
@require_POST
def telecom_activity(request, code: str, pk: int):
    household = _managed(request, code)
    enrolment = _enrolment(household, pk)
    form = TelecomActivityForm(request.POST)
    if form.is_valid():
        try:
            activity = telecom_services.activity_record(
                actor=request.user,
                enrolment=enrolment,
                month=form.cleaned_data["month"],
                has_traffic=form.cleaned_data["has_traffic"] == "yes",
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The month %(month)s was recorded; support from the next month: %(status)s.")
                % {
                    "month": activity.month.strftime("%m/%Y"),
                    "status": activity.get_status_after_display(),
                },
            )
            return redirect("households:household-detail", code=household.code)
    return household_detail_render(
        request, household, forms={"activity_form": form, "enrolment": enrolment}, status=400
    )


@login_required
@require_POST
def telecom_end(request, code: str, pk: int):
    household = _managed(request, code)
    enrolment = _enrolment(household, pk)
    form = TelecomEndForm(request.POST)
    if form.is_valid():
        try:
            telecom_services.enrolment_end(
                actor=request.user, enrolment=enrolment, ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The telecom support was ended."))
            return redirect("households:household-detail", code=household.code)
    return household_detail_render(
        request, household, forms={"end_form": form, "enrolment": enrolment}, status=400
    )


def _latest_year(user) -> int:
    """The latest year with a poor household the officer reads, else this year."""
    latest = Assessment.objects.filter(
        household__in=households_for_user(user), living_standard=LivingStandard.POOR
    ).aggregate(year=Max("year"))["year"]
    return latest or timezone.localdate().year


@login_required
def telecom_coverage(request):
    """Poor households and those the programme supports, by commune of the officer's area
    (a superuser's: each province with households), and by former district (as the communes
    that took it over count them)."""
    units = officer_units_for_user(request.user)
    if not units:
        raise PermissionDenied
    form = CoverageYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else _latest_year(request.user)
    sections = [
        {
            "unit": unit,
            "communes": coverage_by_commune(unit=unit, year=year),
            "districts": [
                coverage_of_former_district(district=district, year=year)
                for district in former_districts_under(unit)
            ],
        }
        for unit in units
    ]
    if not form.is_bound:
        form = CoverageYearForm(initial={"year": year})
    return render(
        request,
        "households/telecom_coverage.html",
        {"form": form, "year": year, "sections": sections},
    )

"""The officers' household pages: find a household by its code, the commune's list, a
household's page, its forms, the import of a review list and the logged export.

Households are personal data: every page needs a sign-in, every read goes through
``households_for_user`` (a household outside it is "not found"), every write through the
services, which check the actor again. The public has no page here.
"""

from io import BytesIO
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from banso.accounts.account_page import area_page_context
from banso.common.exports import sheet_append
from banso.common.forms import form_errors_add
from banso.households import imports, services, standards
from banso.households.forms import (
    AssessmentForm,
    AssessmentYearForm,
    HouseholdExportForm,
    HouseholdFilterForm,
    HouseholdForm,
    HouseholdImportForm,
    MemberForm,
    TelecomActivityForm,
    TelecomEndForm,
    TelecomEnrolmentForm,
)
from banso.households.models import (
    Assessment,
    ExportKind,
    Household,
    IndicatorCode,
    LivingStandard,
    Member,
    PovertyStandard,
    TelecomStatus,
)
from banso.households.selectors import (
    household_by_code,
    households_for_user,
    officer_units_for_user,
    standard_for,
)
from banso.households.services import HouseholdData
from banso.households.telecom_selectors import enrolments_of_household
from banso.households.telecom_services import ELIGIBLE
from banso.jobs.imports import import_start
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.places.selectors import (
    communes_for_user,
    communes_of_province,
    unit_predecessors,
    villages_for_user,
)

AREA_TITLES = {
    "province": gettext_lazy("Households in the province"),
    "commune": gettext_lazy("Households in the commune"),
    "ward": gettext_lazy("Households in the ward"),
    "area": gettext_lazy("Households in your area"),
}
PER_PAGE = 50


def _with_latest_review(households: QuerySet[Household]) -> QuerySet[Household]:
    latest = Assessment.objects.filter(household=OuterRef("pk")).order_by("-year")
    return households.annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_class=Subquery(latest.values("living_standard")[:1]),
    )


def _household(request, code: str) -> Household:
    household = household_by_code(request.user, code)
    if household is None:
        raise Http404
    return household


@login_required
def household_list(request):
    """Find a household by its code, or page through the officer's own households."""
    context = area_page_context(request.user, titles=AREA_TITLES)
    villages = villages_for_user(request.user)
    form = HouseholdFilterForm(request.GET or None, villages=villages)
    households = _with_latest_review(households_for_user(request.user))
    if form.is_valid():
        code = form.cleaned_data["code"].strip()
        if code:
            found = household_by_code(request.user, code)
            if found is not None:
                return redirect("households:household-detail", code=found.code)
            messages.error(
                request, _("No household of yours has the code %(code)s.") % {"code": code}
            )
        if form.cleaned_data["village"] is not None:
            households = households.filter(village=form.cleaned_data["village"])
        if form.cleaned_data["living_standard"]:
            households = households.filter(latest_class=form.cleaned_data["living_standard"])
    page = Paginator(households.order_by("village__name_sort", "code"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "classes": dict(LivingStandard.choices),
        }
    )
    return render(request, "households/household_list.html", context)


def _indicator_labels(codes: list[str]) -> list[str]:
    return [str(IndicatorCode(code).label) for code in codes if code in IndicatorCode.values]


@login_required
def household_detail(request, code: str):
    return household_detail_render(request, _household(request, code))


def household_or_404(request, code: str) -> Household:
    """The household of ``code`` if the signed-in person reads it; 404 otherwise."""
    return _household(request, code)


def _telecom_context(request, household: Household, assessments: list[Assessment], forms: dict):
    enrolments = enrolments_of_household(household)
    running = next((e for e in enrolments if e.status != TelecomStatus.ENDED), None)
    may_manage = request.user.has_perm("households.change_telecomenrolment", household)
    eligible = bool(assessments) and assessments[0].living_standard in ELIGIBLE
    context: dict = {
        "enrolments": enrolments,
        "running_enrolment": running,
        "may_manage_telecom": may_manage,
        "telecom_eligible": eligible,
    }
    # A bound form posted back with its errors is shown whatever the state.
    if "enrol_form" in forms or (may_manage and running is None and eligible):
        context["enrol_form"] = forms.get("enrol_form") or TelecomEnrolmentForm(
            initial={"started_on": timezone.localdate()}
        )
    form_enrolment = forms.get("enrolment") or running
    if form_enrolment is not None and ("enrolment" in forms or may_manage):
        context["form_enrolment"] = form_enrolment
        context["activity_form"] = forms.get("activity_form") or TelecomActivityForm()
        context["end_form"] = forms.get("end_form") or TelecomEndForm(
            initial={"ended_on": timezone.localdate()}
        )
    return context


def household_detail_render(
    request, household: Household, *, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    """The household's page; ``forms`` are bound telecom forms to show with their errors."""
    assessments = list(
        Assessment.objects.filter(household=household).select_related("standard").order_by("-year")
    )
    for assessment in assessments:
        assessment.deprived_labels = _indicator_labels(assessment.deprived_indicators)  # type: ignore[attr-defined]
    context = {
        "household": household,
        "members": list(Member.objects.filter(household=household)),
        "assessments": assessments,
        "may_change": request.user.has_perm("households.change_household", household),
        **_telecom_context(request, household, assessments, forms or {}),
    }
    return render(request, "households/household_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request):
    villages = villages_for_user(request.user)
    if not villages.exists():
        raise PermissionDenied
    form = HouseholdForm(request.POST or None, villages=villages, is_new=True)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Household %(code)s was added.") % {"code": household.code})
            return redirect("households:household-detail", code=household.code)
    return render(
        request, "households/household_form.html", {"form": form}, status=_status(request, form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_update(request, code: str):
    household = _household(request, code)
    if not request.user.has_perm("households.change_household", household):
        raise PermissionDenied
    initial = {
        "village": household.village_id,
        "head_name": household.head_name,
        "ethnicity": household.ethnicity,
        "area": household.area,
        "phone": household.phone,
    }
    form = HouseholdForm(
        request.POST or None,
        initial=initial,
        villages=villages_for_user(request.user),
        is_new=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(
                actor=request.user, household=household, data=cast(HouseholdData, form.cleaned_data)
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The household was saved."))
            return redirect("households:household-detail", code=household.code)
    return render(
        request,
        "households/household_form.html",
        {"form": form, "household": household},
        status=_status(request, form),
    )


def _status(request, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, code: str):
    household = _household(request, code)
    if not request.user.has_perm("households.change_household", household):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect("households:household-detail", code=household.code)
    return render(
        request,
        "households/member_form.html",
        {"form": form, "household": household},
        status=_status(request, form),
    )


@login_required
@require_POST
def member_remove(request, code: str, pk: int):
    household = _household(request, code)
    member = get_object_or_404(Member, household=household, pk=pk)
    services.member_remove(actor=request.user, member=member)
    messages.success(request, _("%(name)s was removed from the household.") % {"name": member})
    return redirect("households:household-detail", code=household.code)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_record(request, code: str):
    """Record a year's review: the year first (GET), then the questions of the standard in
    force that year."""
    household = _household(request, code)
    if not request.user.has_perm("households.add_assessment", household):
        raise PermissionDenied
    year_form = AssessmentYearForm(request.GET or {"year": timezone.localdate().year})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else timezone.localdate().year
    province = household.unit.parent
    try:
        standard = standard_for(year=year, province=province)
    except PovertyStandard.DoesNotExist:
        raise Http404 from None
    questions = standards.questions_for(i.code for i in standard.indicators.all())
    previous = Assessment.objects.filter(household=household, year=year).first()
    initial: dict[str, object] = {}
    if previous is not None:
        initial["income_per_capita_vnd"] = previous.income_per_capita_vnd
        for key, value in previous.answers.items():
            initial[key] = ("yes" if value else "no") if isinstance(value, bool) else value
    old_communes = None
    if year < services.REFORM_YEAR:
        old_communes = unit_predecessors(household.unit).select_related("parent")
        if previous is not None and previous.unit_id != household.unit_id:
            initial["unit"] = previous.unit_id
    form = AssessmentForm(
        request.POST or None,
        initial=initial,
        questions=questions,
        old_communes=old_communes,
        today=household.unit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_record(
                actor=request.user,
                household=household,
                year=year,
                answers=form.answers(),
                income_per_capita_vnd=form.cleaned_data["income_per_capita_vnd"],
                unit=form.cleaned_data.get("unit") or household.unit,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The review of %(year)s was recorded: %(class)s, %(count)d deprivations.")
                % {
                    "year": year,
                    "class": assessment.get_living_standard_display(),
                    "count": assessment.deprivation_count,
                },
            )
            return redirect("households:household-detail", code=household.code)
    return render(
        request,
        "households/assessment_form.html",
        {
            "form": form,
            "year_form": year_form,
            "year": year,
            "standard": standard,
            "household": household,
        },
        status=_status(request, form),
    )


def _import_communes(user) -> QuerySet[AdministrativeUnit]:
    return communes_for_user(user).order_by("name_sort")


@login_required
@require_http_methods(["GET", "POST"])
def household_import(request):
    communes = _import_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    form = HouseholdImportForm(request.POST or None, request.FILES or None, communes=communes)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        commune = form.cleaned_data["commune"]
        old = form.cleaned_data["review_unit"]
        options = {"commune_id": commune.pk, "review_unit_id": old.pk if old else None}
        try:
            progress = import_start(
                name="households.review_list",
                owner=request.user,
                title=_("Import a review list"),
                upload=upload,
                limits=imports.HOUSEHOLD_IMPORT_LIMITS,
                options=options,
            )
            if progress is not None:
                return redirect("jobs:progress-detail", pk=progress.pk)
            result = imports.households_import(actor=request.user, upload=upload, **options)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(request, imports.households_import_summary(result))
                return redirect("households:household-list")
    status = (
        400 if request.method == "POST" and (form.errors or (result and not result.ok)) else 200
    )
    return render(
        request, "households/household_import.html", {"form": form, "result": result}, status=status
    )


@login_required
def household_import_template(request):
    """An empty review list with its header row, to fill in."""
    buffer = BytesIO()
    imports.template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="ra-soat-ho.xlsx"'
    return response


def _export_units(user) -> list[AdministrativeUnit]:
    """The officer's units, and each province's communes (a superuser's: see
    ``officer_units_for_user``)."""
    units = officer_units_for_user(user)
    known = {unit.pk for unit in units}
    for province in [unit for unit in units if unit.level == UnitLevel.PROVINCE]:
        units += [c for c in communes_of_province(province) if c.pk not in known]
    return units


@login_required
@require_http_methods(["GET", "POST"])
def household_export(request):
    """The households of a commune or province as a workbook; asks why, and logs who, when,
    why and what (``export_log_record``) before the file is made."""
    units = _export_units(request.user)
    if not units:
        raise PermissionDenied
    form = HouseholdExportForm(
        request.POST or None,
        units=AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path"),
    )
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        households = _with_latest_review(
            households_for_user(request.user).filter(unit__path__startswith=unit.path)
        ).order_by("unit__path", "village__name_sort", "code")
        try:
            services.export_log_record(
                actor=request.user,
                unit=unit,
                kind=ExportKind.HOUSEHOLDS,
                purpose=form.cleaned_data["purpose"],
                row_count=households.count(),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            return _export_response(households)
    return render(
        request, "households/household_export.html", {"form": form}, status=_status(request, form)
    )


def _export_response(households: QuerySet[Household]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Households")[:31])
    classes = dict(LivingStandard.choices)
    sheet_append(
        sheet,
        [
            _("Household code"),
            _("Commune or ward"),
            _("Village"),
            _("Head of household"),
            _("Ethnicity"),
            _("Area"),
            _("Phone number"),
            _("Year of the latest review"),
            _("Classification"),
        ],
    )
    for household in households.iterator(chunk_size=2000):
        sheet_append(
            sheet,
            [
                household.code,
                household.unit.name,
                str(household.village),
                household.head_name,
                household.get_ethnicity_display(),
                household.get_area_display(),
                household.phone,
                household.latest_year,  # type: ignore[attr-defined]
                str(classes.get(household.latest_class, "")),  # type: ignore[attr-defined]
            ],
        )
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="ho-gia-dinh.xlsx"'
    return response

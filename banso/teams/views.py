"""The team register's pages: the officers' list of their teams, a team's page (its
members, past and present, and its latest help given), founding a team, adding a member and
recording one leaving, the Excel import, and a member's own team."""

import uuid
from functools import lru_cache
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.accounts.account_page import area_page_context
from banso.common.forms import form_errors_add
from banso.common.pictures import rendition_name
from banso.jobs.imports import import_start
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.places.selectors import communes_for_user, officer_area_for_user, villages_for_user
from banso.teams import imports
from banso.teams.conflict_selectors import help_conflicts_open_count
from banso.teams.followup_selectors import help_requests_for_user
from banso.teams.forms import (
    HelpRecordForm,
    MemberForm,
    MemberLeaveForm,
    TeamFilterForm,
    TeamFoundForm,
    TeamImportForm,
)
from banso.teams.models import HelpPhoto, Team
from banso.teams.offline import offline_strings
from banso.teams.selectors import (
    help_kinds_active,
    help_records_for_user,
    offline_bundle,
    team_for_user,
    team_help_latest,
    team_list_for_user,
    team_members,
    team_successor,
    team_village_history,
    teams_of_member,
)
from banso.teams.services.help import HelpData, help_record
from banso.teams.services.register import member_add, member_leave, team_found

AREA_TITLES = {
    "province": gettext_lazy("Digital technology teams in the province"),
    "commune": gettext_lazy("Digital technology teams in the commune"),
    "ward": gettext_lazy("Digital technology teams in the ward"),
    "area": gettext_lazy("Digital technology teams in your area"),
}
PER_PAGE = 50


@login_required
def team_list(request):
    """The teams of the officer's commune or province, with their leader and members."""
    context = area_page_context(request.user, titles=AREA_TITLES)
    communes = communes_for_user(request.user).order_by("name_sort")
    form = TeamFilterForm(request.GET or None, communes=communes)
    show_dissolved = form.is_valid() and form.cleaned_data["dissolved"]
    teams = team_list_for_user(request.user, active_only=not show_dissolved)
    if form.is_valid() and form.cleaned_data["commune"] is not None:
        teams = teams.filter(unit=form.cleaned_data["commune"])
    page = Paginator(teams, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "conflicts_open": help_conflicts_open_count(request.user),
            "requests_open": help_requests_for_user(request.user)
            .filter(answered_on__isnull=True)
            .count(),
        }
    )
    return render(request, "teams/team_list.html", context)


def _team(request, pk: int) -> Team:
    team = team_for_user(request.user, pk)
    if team is None:
        raise Http404
    return team


@login_required
def team_detail(request, pk: int):
    return team_detail_render(request, _team(request, pk))


def team_detail_render(
    request, team: Team, *, member_form=None, record_form=None, status: int = 200
):
    may_change = request.user.has_perm("teams.change_team", team) and team.is_active
    context = {
        "team": team,
        "members": team_members(team),
        "successor": team_successor(team),
        "history": team_village_history(request.user, team),
        "conflicts_open": help_conflicts_open_count(request.user, team=team),
        "help_records": team_help_latest(team),
        "may_change": may_change,
        "member_form": member_form or (MemberForm() if may_change else None),
        "leave_form": MemberLeaveForm() if may_change else None,
        **_offline_context(request, team, record_form),
    }
    return render(request, "teams/team_detail.html", context, status=status)


@login_required
@require_POST
def member_create(request, pk: int):
    team = _team(request, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member_add(
                actor=request.user,
                team=team,
                full_name=data["full_name"],
                phone=data["phone"],
                position=data["position"],
                background=data["background"],
                training=data["training"],
                joined_on=data["joined_on"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("%(name)s joined the team.") % {"name": data["full_name"]})
            return redirect("teams:team-detail", pk=team.pk)
    return team_detail_render(request, team, member_form=form, status=400)


@login_required
@require_POST
def member_leave_view(request, pk: int, member_pk: int):
    team = _team(request, pk)
    member = get_object_or_404(team.members.all(), pk=member_pk)
    form = MemberLeaveForm(request.POST)
    if form.is_valid():
        try:
            member_leave(
                actor=request.user,
                member=member,
                on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s left the team.") % {"name": member.full_name})
    else:
        messages.error(request, _("Write the day as day/month/year."))
    return redirect("teams:team-detail", pk=team.pk)


def _villages_without_team(user) -> QuerySet[Village]:
    return (
        villages_for_user(user)
        .exclude(pk__in=Team.objects.filter(dissolved_on__isnull=True).values("village_id"))
        .order_by("commune__name_sort", "name_sort")
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request):
    villages = _villages_without_team(request.user)
    if not communes_for_user(request.user).exists():
        raise PermissionDenied
    form = TeamFoundForm(request.POST or None, request.FILES or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = team_found(
                actor=request.user,
                village=data["village"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                founded_on=data["founded_on"],
                decision_scan=data["decision_scan"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The team was founded."))
            return redirect("teams:team-detail", pk=team.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "teams/team_form.html", {"form": form}, status=status)


@login_required
def my_team(request):
    """A member's own team: its page when they serve on one, the list when on several."""
    teams = list(teams_of_member(request.user))
    if len(teams) == 1:
        return redirect("teams:team-detail", pk=teams[0].pk)
    if not teams:
        raise Http404
    return render(request, "teams/my_teams.html", {"teams": teams})


def _import_units(user) -> QuerySet[AdministrativeUnit]:
    """The communes the person serves, and the provinces they serve as a province officer."""
    provinces = [u.pk for u in officer_area_for_user(user).units if u.level == UnitLevel.PROVINCE]
    if getattr(user, "is_superuser", False):
        provinces += list(
            AdministrativeUnit.objects.filter(
                level=UnitLevel.PROVINCE, is_current=True
            ).values_list("pk", flat=True)
        )
    return AdministrativeUnit.objects.filter(
        Q(pk__in=communes_for_user(user).values("pk")) | Q(pk__in=provinces)
    ).order_by("level", "name_sort")


@login_required
@require_http_methods(["GET", "POST"])
def team_import(request):
    units = _import_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = TeamImportForm(request.POST or None, request.FILES or None, units=units)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        unit = form.cleaned_data["unit"]
        try:
            progress = import_start(
                name="teams.register",
                owner=request.user,
                title=_("Import teams and their members"),
                upload=upload,
                limits=imports.TEAM_IMPORT_LIMITS,
                options={"unit_id": unit.pk},
            )
            if progress is not None:
                return redirect("jobs:progress-detail", pk=progress.pk)
            result = imports.teams_import(actor=request.user, upload=upload, unit_id=unit.pk)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(request, imports.teams_import_summary(result))
                return redirect("teams:team-list")
    status = (
        400 if request.method == "POST" and (form.errors or (result and not result.ok)) else 200
    )
    context = {"form": form, "result": result}
    return render(request, "teams/team_import.html", context, status=status)


@login_required
def team_import_template(request):
    """An empty register of teams and members with its header row, to fill in."""
    buffer = BytesIO()
    imports.template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="to-cong-nghe-so.xlsx"'
    return response


@login_required
def help_photo(request, pk: int, width: int):
    """A resized copy of a visit's photo, to those who read the record (the files are kept
    where the media view never serves them)."""
    photo = get_object_or_404(
        HelpPhoto.objects.filter(record__in=help_records_for_user(request.user).values("pk")),
        pk=pk,
    )
    if width not in {rendition["width"] for rendition in photo.renditions} or not photo.image:
        raise Http404
    name = rendition_name(str(photo.image.name), width)
    response = FileResponse(photo.image.storage.open(name, "rb"), content_type="image/webp")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _record_form(request, team: Team, data=None) -> HelpRecordForm | None:
    """The form a serving member records a visit with, from what their phone keeps (the team's
    serving members, its village's households); None to anyone else."""
    part = next((p for p in offline_bundle(request.user) if p["team"].pk == team.pk), None)
    if part is None:
        return None
    return HelpRecordForm(
        data,
        members=part["members"],
        households=part["households"],
        kinds=help_kinds_active(),
        initial={"client_id": uuid.uuid4(), "helped_on": timezone.localdate()},
    )


def _offline_context(request, team: Team, record_form) -> dict:
    form = record_form or _record_form(request, team)
    if form is None:
        return {}
    return {"record_form": form, "offline_strings": offline_strings()}


@login_required
@require_POST
def help_create(request, pk: int):
    """A visit recorded by the page without JavaScript (the same checks as the phone's sync)."""
    team = _team(request, pk)
    form = _record_form(request, team, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            help_record(
                actor=request.user,
                data=HelpData(
                    client_id=data["client_id"],
                    helper_id=data["helper"],
                    village_id=team.village_id,
                    household_code=data["household"] or None,
                    person_name="" if data["household"] else data["person_name"],
                    person_phone="" if data["household"] else data["person_phone"],
                    kinds=tuple(data["kinds"]),
                    helped_on=data["helped_on"],
                    outcome=data["outcome"],
                    note=data["note"],
                ),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The visit was recorded."))
            return redirect("teams:team-detail", pk=team.pk)
    return team_detail_render(request, team, record_form=form, status=400)


@lru_cache(maxsize=1)
def _service_worker_source() -> bytes:
    path = finders.find("teams/sw.js")
    assert isinstance(path, str), "teams/sw.js is missing from the static files"
    with open(path, "rb") as source:
        return source.read()


def service_worker(request):
    """The offline app's service worker. Served from the teams' own address (not /static/) so
    that its scope is the teams' pages of the language it is registered from; never cached by
    the browser's HTTP cache, so a new version is picked up on the next visit."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = request.path.rsplit("/", 1)[0] + "/"
    return response


def web_manifest(request):
    """What makes the team's pages an app a phone installs: its name in the person's
    language, where it opens (the member's own team) and the pages it covers."""
    scope = reverse("teams:team-list")
    body = {
        "name": _("My digital technology team"),
        "short_name": _("Digital team"),
        "start_url": reverse("teams:my-team"),
        "scope": scope,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f6f4a",
        "lang": get_language(),
        "icons": [
            {"src": static("teams/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("teams/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("teams/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response

"""The officers' pages that change a team's register beyond adding a member: correcting a
serving member's details, dissolving a team, replacing it by a new decision. Each is a page of
its own that says what follows, with a box to tick to confirm; the services decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.common.forms import form_errors_add
from banso.teams.forms import MemberEditForm, MemberLeaveForm, TeamDissolveForm, TeamReplaceForm
from banso.teams.models import Team, TeamMember
from banso.teams.selectors import team_for_user
from banso.teams.services.register import (
    MemberData,
    member_update,
    team_dissolve,
    team_replace,
)


def _team_to_change(request, pk: int) -> Team:
    """The active team, if the person reads it ("not found" otherwise) and may change its
    register (refused otherwise: a member reads their team but does not change it)."""
    team = team_for_user(request.user, pk)
    if team is None or not team.is_active:
        raise Http404
    if not request.user.has_perm("teams.change_team", team):
        raise PermissionDenied
    return team


def _serving(team: Team) -> list[TeamMember]:
    return list(team.members.filter(left_on__isnull=True).order_by("full_name"))


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, member_pk: int):
    team = _team_to_change(request, pk)
    member = get_object_or_404(team.members.filter(left_on__isnull=True), pk=member_pk)
    initial = {field: getattr(member, field) for field in MemberEditForm.base_fields}
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member_update(
                actor=request.user,
                member=member,
                data=MemberData(
                    full_name=data["full_name"],
                    phone=data["phone"],
                    position=data["position"],
                    background=data["background"],
                    training=data["training"],
                ),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The member's details were saved."))
            return redirect("teams:team-detail", pk=team.pk)
    status = 400 if request.method == "POST" else 200
    context = {"team": team, "member": member, "form": form, "leave_form": MemberLeaveForm()}
    return render(request, "teams/member_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def team_dissolve_view(request, pk: int):
    team = _team_to_change(request, pk)
    form = TeamDissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team_dissolve(
                actor=request.user,
                team=team,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The team was dissolved."))
            return redirect("teams:team-detail", pk=team.pk)
    status = 400 if request.method == "POST" else 200
    context = {"team": team, "form": form, "serving": _serving(team)}
    return render(request, "teams/team_dissolve.html", context, status=status)


def _replace_errors(error: ValidationError) -> ValidationError:
    """The old team's dissolution falls on the new one's first day: its refusals about that
    day go beside the field that sets it."""
    if not hasattr(error, "error_dict"):
        return error
    errors = dict(error.error_dict)
    if "on" in errors:
        errors["founded_on"] = errors.pop("on")
    return ValidationError(errors)


@login_required
@require_http_methods(["GET", "POST"])
def team_replace_view(request, pk: int):
    team = _team_to_change(request, pk)
    form = TeamReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = team_replace(
                actor=request.user,
                team=team,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                founded_on=data["founded_on"],
                decision_scan=data["decision_scan"],
                members_carried=data["members_carried"],
            )
        except ValidationError as error:
            form_errors_add(form, _replace_errors(error))
        else:
            messages.success(request, _("The new team replaces the former one."))
            return redirect("teams:team-detail", pk=new.pk)
    status = 400 if request.method == "POST" else 200
    context = {"team": team, "form": form, "serving": _serving(team)}
    return render(request, "teams/team_replace.html", context, status=status)

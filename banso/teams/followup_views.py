"""A team's to-do list, for its active members and the officers over it; recording help from
it (one visit, through the sync's checks); and marking a request sent through the public page
answered."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.forms import form_errors_add
from banso.teams.followup_selectors import help_requests_for_user, team_followup
from banso.teams.forms import FollowUpRecordForm
from banso.teams.models import HelpKind
from banso.teams.selectors import team_for_user
from banso.teams.services.help import HelpData, help_record
from banso.teams.services.requests import help_request_answer


@login_required
def team_followup_view(request, pk: int):
    team = team_for_user(request.user, pk)
    if team is None or not team.is_active:
        raise Http404
    followup = team_followup(request.user, team, today=timezone.localdate())
    context = {"team": team, "followup": followup, "counts": followup.counts()}
    return render(request, "teams/team_followup.html", context)


@login_required
@require_POST
def help_request_answer_view(request, pk: int):
    help_request = get_object_or_404(help_requests_for_user(request.user), pk=pk)
    try:
        help_request_answer(actor=request.user, help_request=help_request)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The request was marked answered."))
    team_pk = request.POST.get("team", "")
    if team_pk.isdigit():
        return redirect("teams:team-followup", pk=int(team_pk))
    return redirect("teams:team-list")


def _record_initial(request, team) -> dict:
    """The form as the to-do list's link fills it: the household or the caller's phone number,
    the request being answered, the person signed in as the helper when they serve."""
    query = request.GET
    initial = {
        "client_id": uuid.uuid4(),
        "helped_on": timezone.localdate(),
        "household": query.get("household", "")[:24],
        "person_name": query.get("person_name", "")[:120],
        "person_phone": query.get("person_phone", "")[:20],
        "outcome": "done",
    }
    if query.get("request", "").isdigit():
        initial["request"] = int(query["request"])
    mine = team.members.filter(user=request.user, left_on__isnull=True).first()
    if mine is not None:
        initial["helper"] = mine.pk
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def help_record_create(request, pk: int):
    team = team_for_user(request.user, pk)
    if team is None or not team.is_active:
        raise Http404
    if not request.user.has_perm("teams.add_helprecord", team):
        raise PermissionDenied
    form = FollowUpRecordForm(
        request.POST or None,
        initial=_record_initial(request, team),
        helpers=team.members.filter(left_on__isnull=True).order_by("full_name"),
        kinds=HelpKind.objects.filter(is_active=True).order_by("position", "code"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            help_record(
                actor=request.user,
                data=HelpData(
                    client_id=data["client_id"],
                    helper_id=data["helper"].pk,
                    village_id=team.village_id,
                    helped_on=data["helped_on"],
                    outcome=data["outcome"],
                    kinds=tuple(kind.code for kind in data["kinds"]),
                    household_code=data["household"] or None,
                    person_name=data["person_name"],
                    person_phone=data["person_phone"],
                    note=data["note"],
                ),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            answered = help_requests_for_user(request.user).filter(pk=data["request"]).first()
            if data["request"] and answered is not None:
                help_request_answer(actor=request.user, help_request=answered)
            messages.success(request, _("The help was recorded."))
            return redirect("teams:team-followup", pk=team.pk)
    status = 400 if request.method == "POST" else 200
    context = {"team": team, "form": form}
    return render(request, "teams/help_record_form.html", context, status=status)

"""A team's to-do list, for its active members and the officers over it, and marking a
request sent through the public page answered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banso.teams.followup_selectors import help_requests_for_user, team_followup
from banso.teams.selectors import team_for_user
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

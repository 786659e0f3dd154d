"""A team's to-do list, for its active members and the officers over it; recording help from
it (one visit, through the sync's checks); the requests sent through the public page, listed
for a commune (or a province, or a team's village) by village and state, each given to a
member of the village's team and marked answered."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.forms import form_errors_add
from banso.teams.followup_selectors import (
    help_requests_by_village,
    help_requests_for_user,
    request_assignees,
    team_followup,
)
from banso.teams.forms import FollowUpRecordForm, HelpRequestFilterForm
from banso.teams.models import HelpKind, TeamMember
from banso.teams.selectors import team_for_user
from banso.teams.services.help import HelpData, help_record
from banso.teams.services.requests import help_request_answer, help_request_assign


@login_required
def team_followup_view(request, pk: int):
    team = team_for_user(request.user, pk)
    if team is None or not team.is_active:
        raise Http404
    followup = team_followup(request.user, team, today=timezone.localdate())
    context = {"team": team, "followup": followup, "counts": followup.counts()}
    return render(request, "teams/team_followup.html", context)


REQUESTS_PER_PAGE = 50


@login_required
def help_request_list(request):
    """The requests the person reads (an officer: their commune's or province's; a team: its
    village's), counted by village and state, then listed: open ones oldest first, answered
    ones latest first; each may be given to a member of the village's team and answered."""
    requests = help_requests_for_user(request.user)
    summary = help_requests_by_village(requests)
    form = HelpRequestFilterForm(request.GET or None, summary=summary)
    choice = form.cleaned_data if form.is_valid() else {}
    state = choice.get("state") or "open"
    shown = requests.select_related("answered_by").prefetch_related("kinds")
    if choice.get("commune"):
        shown = shown.filter(unit_id=choice["commune"])
    if choice.get("village"):
        shown = shown.filter(village_id=choice["village"])
    if state == "open":
        shown = shown.filter(answered_on__isnull=True).order_by("created_at", "pk")
    elif state == "answered":
        shown = shown.filter(answered_on__isnull=False).order_by("-answered_on", "-pk")
    else:
        shown = shown.order_by(F("answered_on").desc(nulls_first=True), "-created_at", "-pk")
    page = Paginator(shown, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    assignees = request_assignees(list(page))
    rows = [
        {
            "request": help_request,
            "members": assignees.get(help_request.village_id, []),
            "team_id": next((m.team_id for m in assignees.get(help_request.village_id, [])), None),
        }
        for help_request in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "summary": summary,
        "page": page,
        "rows": rows,
        "state": state,
        "query": query.urlencode(),
        "here": request.get_full_path(),
    }
    return render(request, "teams/help_requests.html", context)


def _back(request, default):
    """Where a request's button sends the person back: the list of requests they came from,
    else ``default``."""
    target = request.POST.get("next", "")
    if target.startswith(reverse("teams:help-request-list")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return default


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
    return _back(request, redirect("teams:team-list"))


@login_required
@require_POST
def help_request_assign_view(request, pk: int):
    help_request = get_object_or_404(help_requests_for_user(request.user), pk=pk)
    chosen = request.POST.get("member", "")
    member = (
        TeamMember.objects.select_related("team").filter(pk=int(chosen)).first()
        if chosen.isdigit()
        else None
    )
    try:
        if chosen and member is None:
            raise ValidationError(_("Choose a serving member of the village's team."))
        help_request_assign(actor=request.user, help_request=help_request, member=member)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if member is None:
            messages.success(request, _("Nobody is named to call back now."))
        else:
            messages.success(
                request,
                _("%(name)s is to call back.") % {"name": member.full_name},
            )
    return _back(request, redirect("teams:help-request-list"))


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

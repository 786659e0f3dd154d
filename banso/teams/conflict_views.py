"""The conflicting copies of the help given, side by side with the records they clash with,
for the team (``/teams/<id>/conflicts/``) and for the officers' whole area
(``/teams/conflicts/``); settling one (``help_conflict_resolve``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banso.teams.conflict_selectors import conflicts_compared, help_conflicts_for_user
from banso.teams.models import ConflictResolution
from banso.teams.selectors import team_for_user
from banso.teams.services.help import help_conflict_resolve

PER_PAGE = 20
SETTLED_SHOWN = 20


@login_required
def conflict_list(request, pk: int | None = None):
    """The open conflicts the person reads (a team's, or all of their area), each beside its
    record; then the latest settled, with what was chosen."""
    conflicts = help_conflicts_for_user(request.user)
    team = None
    if pk is not None:
        team = team_for_user(request.user, pk)
        if team is None:
            raise Http404
        conflicts = conflicts.filter(record__team=team)
    page = Paginator(
        conflicts.filter(resolution="").order_by("created_at", "pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    settled = list(conflicts.exclude(resolution="").order_by("-resolved_at", "-pk")[:SETTLED_SHOWN])
    context = {
        "team": team,
        "page": page,
        "comparisons": conflicts_compared(request.user, list(page)),
        "settled": settled,
        "choices": ConflictResolution,
    }
    return render(request, "teams/conflicts.html", context)


@login_required
@require_POST
def conflict_settle(request, pk: int):
    conflict = get_object_or_404(help_conflicts_for_user(request.user), pk=pk)
    team = conflict.record.team
    try:
        help_conflict_resolve(
            actor=request.user, conflict=conflict, resolution=request.POST.get("resolution", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conflict was settled."))
    if request.POST.get("back") == "team":
        return redirect("teams:team-conflicts", pk=team.pk)
    return redirect("teams:conflict-list")

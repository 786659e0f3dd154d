"""The teams' public pages: "ask the village team for help" (no account) and each commune's
recognition page (aggregates only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.common.client_identity import client_address_hash
from banso.common.forms import form_errors_add
from banso.common.page_cache import page_rendered
from banso.common.ratelimit import Limit, limit_exceeded, limit_hit
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.teams.forms import CommuneChooseForm, HelpRequestForm
from banso.teams.models import HelpKind, Team
from banso.teams.page_cache import TEAMS_PAGE_VERSIONS
from banso.teams.recognition_selectors import commune_recognition
from banso.teams.services.requests import help_request_submit

# Requests from one address: enough for a family and its neighbours on one shared phone or
# wifi, too few to flood a team's to-do list.
HELP_REQUEST_LIMIT = Limit("teams-help-request", count=10, window_seconds=3600, lockout_seconds=600)


def _communes_with_teams() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        level=UnitLevel.COMMUNE,
        is_current=True,
        pk__in=Team.objects.filter(dissolved_on__isnull=True).values("unit_id"),
    ).order_by("name_sort")


def _villages_with_teams(commune: AdministrativeUnit) -> QuerySet[Village]:
    return Village.objects.filter(
        commune=commune,
        pk__in=Team.objects.filter(dissolved_on__isnull=True).values("village_id"),
    ).order_by("name_sort")


@require_http_methods(["GET", "POST"])
def help_request_create(request: HttpRequest) -> HttpResponse:
    """Step one chooses the commune (GET ``?commune=``), step two the village and the rest."""
    communes = _communes_with_teams()
    choose = CommuneChooseForm(request.GET or None, communes=communes)
    commune = choose.cleaned_data["commune"] if choose.is_valid() else None
    form = None
    status = 200
    if commune is not None:
        form = HelpRequestForm(
            request.POST or None,
            villages=_villages_with_teams(commune),
            kinds=HelpKind.objects.filter(is_active=True).order_by("position", "code"),
        )
        if request.method == "POST":
            status = 400
            client = client_address_hash(request)
            if limit_exceeded(HELP_REQUEST_LIMIT, client):
                form.add_error(None, _("Too many requests from here. Wait a while and try again."))
                status = 429
            else:
                limit_hit(HELP_REQUEST_LIMIT, client)
                if form.is_valid():
                    data = form.cleaned_data
                    try:
                        help_request_submit(
                            village=data["village"],
                            kinds=list(data["kinds"]),
                            phone=data["phone"],
                            name=data["name"],
                            note=data["note"],
                        )
                    except ValidationError as error:
                        form_errors_add(form, error)
                    else:
                        messages.success(
                            request,
                            _("Your request was sent. The village team will call you back."),
                        )
                        return redirect("teams:help-request-sent")
    elif request.method == "POST":
        status = 400
    context = {"choose": choose, "commune": commune, "form": form}
    return render(request, "teams/help_request_form.html", context, status=status)


def help_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "teams/help_request_sent.html")


def commune_recognition_view(request: HttpRequest, code: str) -> HttpResponse:
    """What the commune's teams achieved this year: aggregates only, the same for everyone,
    kept rendered like the other public pages."""
    commune = AdministrativeUnit.objects.filter(
        code=code, level=UnitLevel.COMMUNE, is_current=True
    ).first()
    if commune is None:
        raise Http404
    year = timezone.localdate().year
    return page_rendered(
        request,
        "teams/recognition.html",
        lambda: {"recognition": commune_recognition(commune, year=year)},
        name="teams-recognition",
        versions=TEAMS_PAGE_VERSIONS,
    )

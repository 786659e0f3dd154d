"""Proof of broadcast: what the speakers reported they played, by bulletin
(``/broadcast/<id>/plays/``) and by commune over a period
(``/broadcast/communes/<code>/plays/?from=&to=``), each as a page and as an Excel workbook.
Scoped like the other pages: a bulletin the person may read, the speakers of the communes
they cover, a commune they run."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from banso.broadcast.exports import (
    XLSX_CONTENT_TYPE,
    bulletin_plays_workbook,
    commune_plays_workbook,
)
from banso.broadcast.models import Bulletin
from banso.broadcast.report_forms import PlayPeriodForm
from banso.broadcast.selectors.bulletins import bulletin_for_user
from banso.broadcast.selectors.playlist import LOCAL
from banso.broadcast.selectors.reports import (
    PLAY_ROWS_LIMIT,
    bulletin_play_rows,
    bulletin_plays,
    commune_play_rows,
    commune_plays,
)
from banso.broadcast.selectors.speakers import communes_for_broadcast
from banso.places.models import AdministrativeUnit


def _bulletin(request, pk: int) -> Bulletin:
    bulletin = bulletin_for_user(request.user, pk)
    if bulletin is None:
        raise Http404
    return bulletin


def _commune(request, code: str) -> AdministrativeUnit:
    commune = communes_for_broadcast(request.user).filter(code=code).first()
    if commune is None:
        raise Http404
    return commune


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _today() -> str:
    return timezone.localdate(timezone=LOCAL).strftime("%Y%m%d")


@login_required
def bulletin_plays_view(request, pk: int):
    """Each commune and village the bulletin reaches: which speakers played it, when and in
    which languages, which failed, which reported nothing."""
    bulletin = _bulletin(request, pk)
    report = bulletin_plays(request.user, bulletin)
    return render(
        request, "broadcast/bulletin_plays.html", {"bulletin": bulletin, "report": report}
    )


@login_required
def bulletin_plays_xlsx(request, pk: int):
    bulletin = _bulletin(request, pk)
    report = bulletin_plays(request.user, bulletin)
    plays = bulletin_play_rows(request.user, bulletin)[:PLAY_ROWS_LIMIT].iterator(chunk_size=2000)
    content = bulletin_plays_workbook(report, plays)
    return _xlsx(content, f"phat-thanh-ban-tin-{bulletin.pk}-{_today()}.xlsx")


def _period(request) -> PlayPeriodForm:
    """The period asked for (``?from=&to=``), the last seven days when none is."""
    asked = "from" in request.GET or "to" in request.GET
    return PlayPeriodForm(request.GET if asked else {})


@login_required
def commune_plays_view(request, code: str):
    """What the commune's speakers played in a period, bulletin by bulletin."""
    commune = _commune(request, code)
    form = _period(request)
    if not form.is_valid():
        context = {"commune": commune, "form": form, "report": None}
        return render(request, "broadcast/commune_plays.html", context, status=400)
    start, end = form.window()
    first, last = form.cleaned_data["start"], form.cleaned_data["end"]
    context = {
        "commune": commune,
        # The period shown in the form, also when it was the default.
        "form": PlayPeriodForm(initial={"start": first, "end": last}),
        "report": commune_plays(commune, start, end),
        "first_day": first,
        "last_day": last,
    }
    return render(request, "broadcast/commune_plays.html", context)


@login_required
def commune_plays_xlsx(request, code: str):
    commune = _commune(request, code)
    form = _period(request)
    if not form.is_valid():
        return commune_plays_view(request, code)
    start, end = form.window()
    report = commune_plays(commune, start, end)
    plays = commune_play_rows(commune, start, end)[:PLAY_ROWS_LIMIT].iterator(chunk_size=2000)
    content = commune_plays_workbook(report, plays)
    first, last = form.cleaned_data["start"], form.cleaned_data["end"]
    return _xlsx(content, f"phat-thanh-{commune.code}-{first:%Y%m%d}-{last:%Y%m%d}.xlsx")

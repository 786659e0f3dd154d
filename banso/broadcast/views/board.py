"""The status board: a commune's speakers by village (online, faulty, silent, out of service,
last heartbeat, last play, open alerts) and the communes of the person's grants with their
counts. No map and no script: the page reloads itself every minute, and is never kept by a
shared cache (``Cache-Control: private``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control

from banso.broadcast.selectors.board import (
    FAILURE_WINDOW,
    HOT_CELSIUS,
    LOW_BATTERY_PERCENT,
    SILENT_AFTER,
    commune_board,
    province_board,
)
from banso.broadcast.selectors.speakers import communes_for_broadcast
from banso.broadcast.services.alerts import alert_language_remember

REFRESH_SECONDS = 60


def _rules() -> dict:
    return {
        "silent_minutes": int(SILENT_AFTER.total_seconds() // 60),
        "failure_hours": int(FAILURE_WINDOW.total_seconds() // 3600),
        "low_battery": LOW_BATTERY_PERCENT,
        "hot": int(HOT_CELSIUS),
        "refresh_seconds": REFRESH_SECONDS,
    }


@login_required
@cache_control(private=True, no_cache=True)
def commune_status(request, code: str):
    """A commune's speakers by village, with their state and open alerts."""
    commune = communes_for_broadcast(request.user).filter(code=code).first()
    if commune is None:
        raise Http404
    alert_language_remember(user=request.user, language=request.LANGUAGE_CODE)
    context = {"commune": commune, "board": commune_board(commune), **_rules()}
    return render(request, "broadcast/status_commune.html", context)


@login_required
@cache_control(private=True, no_cache=True)
def status_overview(request):
    """The communes the person runs with their speakers' counts by state; a person who runs
    one commune goes straight to its board."""
    communes = list(communes_for_broadcast(request.user)[:2])
    if len(communes) == 1:
        return redirect("broadcast:commune-status", code=communes[0].code)
    alert_language_remember(user=request.user, language=request.LANGUAGE_CODE)
    context = {"board": province_board(request.user), **_rules()}
    return render(request, "broadcast/status_overview.html", context)

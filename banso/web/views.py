from pathlib import Path

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

FAVICON = Path(__file__).resolve().parent.parent / "common" / "static" / "common" / "favicon.png"

# What each kind of person can do here, shown on the home page.
AUDIENCES = [
    {
        "key": "coop",
        "title": _("Co-operatives and businesses"),
        "points": [
            _("Record each lot from harvest through processing to packing"),
            _("Print QR stamps that buyers scan to see the whole journey"),
            _("Open a shop, sell OCOP products and take VietQR payments"),
        ],
    },
    {
        "key": "buyer",
        "title": _("Buyers"),
        "points": [
            _("Scan a stamp to see where and how a product was made"),
            _("Buy from the province's co-operatives, paying on delivery or by VietQR"),
        ],
    },
    {
        "key": "tourist",
        "title": _("Visitors"),
        "points": [
            _("Find places, homestays, tours and festivals"),
            _("Book and read everything in Vietnamese, English or Chinese"),
        ],
    },
    {
        "key": "team",
        "title": _("Village digital-technology teams"),
        "points": [
            _("Record the help you give, even offline on a phone"),
            _("Help people use public services online, pay without cash and sell online"),
        ],
    },
    {
        "key": "officer",
        "title": _("Commune and province officers"),
        "points": [
            _("Manage villages and write bulletins for the village loudspeakers"),
            _("Follow poverty indicators against the year's targets and export them to Excel"),
        ],
    },
]


@require_safe
def home(request):
    return render(request, "web/home.html", {"audiences": AUDIENCES})


@never_cache
@require_safe
def healthz(request):
    """Liveness and readiness: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means not ready
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@require_safe
def favicon(request):
    """The site icon at the address browsers ask for without reading any page."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=604800"
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)

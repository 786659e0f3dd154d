import logging
from pathlib import Path
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

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


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    """The site's 403 page, in the visitor's language. A refusal that says why (the services'
    ``PermissionDenied(message)``, already translated) shows its reason; a visitor who has not
    signed in is offered the sign-in page."""
    reason = str(exception) if exception is not None else ""
    user = getattr(request, "user", None)
    sign_in_url = ""
    if not getattr(user, "is_authenticated", False):
        sign_in_url = f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
    context = {"reason": reason, "sign_in_url": sign_in_url}
    return render(request, "403.html", context, status=403)


def csrf_failure(request, reason=""):
    """A form sent without its CSRF token, or after the token changed (an old tab, a session
    that ended): the site's 403 page, saying what to do, instead of Django's English one."""
    message = _(
        "This form has expired or was sent from another page. Go back, reload the page and "
        "send the form again."
    )
    return permission_denied(request, PermissionDenied(message))


def server_error(request):
    """The 500 page in the site's layout, rendered without the context processors: the failure
    may be the database's, and the shell's navigation would query it (the signed-in person).
    Should the layout itself fail, a page that stands alone is sent."""
    context = {
        "request": request,
        "site_nav": [],
        "csrf_token": get_token(request),
        "LANGUAGE_CODE": get_language(),
    }
    try:
        body = loader.get_template("500.html").render(context)
    except Exception:  # the layout failed too: the page that needs nothing
        logger.exception("The 500 page could not be rendered in the site's layout.")
        body = loader.get_template("500_plain.html").render({"LANGUAGE_CODE": get_language()})
    return HttpResponseServerError(body)

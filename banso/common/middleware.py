import logging
import re
import time

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from banso.common.navigation import nav_is_personal

logger = logging.getLogger("banso.request")


class RequestLogMiddleware:
    """One structured log line per request: method, path, status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        return response


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's compression of pages, except for an answer that serves byte ranges (it says
    ``Accept-Ranges`` or ``Content-Range``): its bytes must be the file's own, as a client
    resuming a download with ``Range`` counts them. Such files are audio, already compressed."""

    def process_response(self, request, response):
        if response.has_header("Accept-Ranges") or response.has_header("Content-Range"):
            return response
        return super().process_response(request, response)


# A JSON string's escaped NUL: "\u0000" after an even number of backslashes (an odd number
# would make it the text "\u0000"). A raw NUL byte is not JSON at all, and its parser refuses it.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class RejectNulBytesMiddleware:
    """Refuse a request whose address, query or JSON body carries a NUL character.

    No text of ours can hold one, and PostgreSQL refuses it in any text column, so such a value
    reaching a query would fail with a server error instead of a clear 400. Form fields refuse
    it themselves (Django's ``ProhibitNullCharactersValidator``); the JSON of the APIs and the
    devices is checked here once, for every endpoint, instead of in each schema.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            return HttpResponseBadRequest(
                _("The address contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        if _json_holds_nul(request):
            # A 400, which every API documents for a refused input (EPCIS's capture among
            # them), with a body in the shape of the APIs' refusals.
            message = _("The request contains a character that is not allowed (NUL).")
            return JsonResponse(
                {"detail": [{"type": "nul_character", "loc": ["body"], "msg": message}]},
                status=400,
            )
        return self.get_response(request)


# The EPCIS interface answers its refusals as RFC 9457 problems, in its own words and checks.
_OWN_ERROR_FORMAT = ("/epcis/",)


def _json_holds_nul(request) -> bool:
    if request.path.startswith(_OWN_ERROR_FORMAT):
        return False
    content_type = request.content_type or ""
    if not (content_type == "application/json" or content_type.endswith("+json")):
        return False
    try:
        body = request.body
    except RequestDataTooBig:
        return False  # the view answers that in its own words (EPCIS: 413)
    return json_holds_nul(body)


def json_holds_nul(body: bytes) -> bool:
    """Whether a JSON text holds a string with a NUL character (escaped, as JSON writes it)."""
    return _JSON_NUL.search(body) is not None


class PersonalPageMiddleware:
    """A page whose navigation showed a number of the visitor's own (the cart's count) is
    answered ``Cache-Control: private`` and ``Vary: Cookie``, whatever the view said, so that
    no shared cache (nor the page cache) serves it to another visitor. Pages of visitors without
    such a number stay as public as their view made them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if nav_is_personal(request):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response

import logging
import time

from django.http import HttpResponseBadRequest
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


class RejectNulBytesMiddleware:
    """Refuse a request whose address or form values carry a NUL character.

    No text of ours can hold one, and PostgreSQL refuses it in any text column, so such a value
    reaching a query would fail with a server error instead of a clear 400.
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
        return self.get_response(request)


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

"""The HTTP API at /api/: session sign-in for the browser, bearer tokens for scripts and
devices (both from `banso.accounts.api_auth`). Each app brings its own router; this module only
assembles them, like `banso/urls.py`, and no app imports it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from banso.accounts.api import router as accounts_router
from banso.accounts.api_auth import BearerToken, SessionAuth
from banso.broadcast.api import router as broadcast_router
from banso.common.openapi import DocumentedErrorsAPI
from banso.market.api import router as market_router
from banso.orgs.api import router as orgs_router
from banso.places.api import router as places_router
from banso.teams.api import router as teams_router

api = DocumentedErrorsAPI(
    title="Bản Số API",
    version="1",
    description=_("Places, organisations and the platform's systems."),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    detail = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(Http404)
def not_found(request, error: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error: PermissionDenied):
    return api.create_response(
        request, {"detail": str(error) or _("You may not do this.")}, status=403
    )


api.add_router("/places/", places_router)
api.add_router("/orgs/", orgs_router)
api.add_router("/accounts/", accounts_router)
api.add_router("/market/", market_router)
api.add_router("/teams/", teams_router)
api.add_router("/broadcast/", broadcast_router)

"""The HTTP API at /api/: session sign-in for the browser, bearer tokens for scripts and
devices. Each app brings its own router."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from banso.accounts.selectors import api_token_user
from banso.accounts.services import api_token_touch


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = api_token_user(token)
        if found is None:
            return None
        api_token, user = found
        api_token_touch(token=api_token)
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session, with Django's CSRF check on writes."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


def optional_auth(request):
    """For public reads: lets a signed-in caller through as themselves, anyone else anonymous."""
    return request.user if request.user.is_authenticated else True


api = NinjaAPI(
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


def _mount() -> None:
    from banso.accounts.api import router as accounts_router
    from banso.market.api import router as market_router
    from banso.orgs.api import router as orgs_router
    from banso.places.api import router as places_router

    api.add_router("/places/", places_router)
    api.add_router("/orgs/", orgs_router)
    api.add_router("/accounts/", accounts_router)
    api.add_router("/market/", market_router)


_mount()

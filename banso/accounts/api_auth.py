"""How API callers prove who they are: bearer tokens for scripts and devices, the signed-in
session for the browser. Every router (the project's `/api/` and trace's `/epcis/`) takes its
auth from here (public reads take `banso.common.api_auth.optional_auth`), so an app never imports
the project-level `banso/api.py`."""

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

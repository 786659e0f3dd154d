from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.accounts.account_page import account_page_context
from banso.accounts.forms import PasswordResetCodeForm, PasswordResetRequestForm, SignInForm
from banso.accounts.password_reset import (
    CODE_MINUTES,
    ResetThrottled,
    identifier_normalize,
    reset_code_confirm,
    reset_code_request,
)
from banso.accounts.phone import phone_display
from banso.accounts.selectors import role_grants_for_user
from banso.common.client_identity import client_address_hash

RESET_SESSION_KEY = "banso_password_reset_identifier"


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        """The form again; 429 while the sign-in is throttled, so scripts see it too."""
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response


# Everything the site keeps in the browser: its HTTP cache, and its storage (local storage,
# the Cache API, service workers, IndexedDB). Cookies other than the session's (the language
# chosen, the CSRF token) stay.
CLEAR_SITE_DATA = '"cache", "storage"'


class SignOutView(auth_views.LogoutView):
    """Signing out empties what the site keeps in this browser (``Clear-Site-Data``), whoever
    signs out and whatever app kept it: on a shared phone nothing of the person stays readable
    (a village team's offline copy of its households, for one). What an app keeps there and
    has not yet sent goes with it: the account page, whose form signs out, warns first
    (``accounts/sign-out.js``)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


@login_required
def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        account_page_context(
            user,
            {
                "phone": phone_display(user.phone) if user.phone else "",
                "grants": role_grants_for_user(user),
            },
        ),
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


def _throttled_message() -> str:
    return _("Too many tries from this connection or for this account. Try again in an hour.")


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Step 1: the person types their phone number or email; a code is sent if an account
    matches, and the next page is the same either way."""
    form = PasswordResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            reset_code_request(identifier=identifier, address=client_address_hash(request))
        except ResetThrottled:
            form.add_error(None, _throttled_message())
            status = 429
        else:
            request.session[RESET_SESSION_KEY] = identifier_normalize(identifier)
            return redirect("accounts:password-reset-code")
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def password_reset_code(request):
    """Step 2: the code and the new password."""
    identifier = request.session.get(RESET_SESSION_KEY)
    if not identifier:
        return redirect("accounts:password-reset")
    form = PasswordResetCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            reset_code_confirm(
                identifier=identifier,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["new_password1"],
                address=client_address_hash(request),
            )
        except ResetThrottled:
            form.add_error(None, _throttled_message())
            status = 429
        except ValidationError as error:
            field = None if getattr(error, "code", None) == "invalid_code" else "new_password1"
            form.add_error(field, error)
        else:
            del request.session[RESET_SESSION_KEY]
            messages.success(request, _("Your password was changed. Sign in with it."))
            return redirect("accounts:login")
    return render(
        request,
        "accounts/password_reset_code.html",
        {"form": form, "identifier": identifier, "minutes": CODE_MINUTES},
        status=status,
    )

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import render

from banso.accounts.account_page import account_page_context
from banso.accounts.forms import SignInForm
from banso.accounts.phone import phone_display
from banso.accounts.selectors import role_grants_for_user


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


class SignOutView(auth_views.LogoutView):
    pass


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

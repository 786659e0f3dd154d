from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Sign in with a phone number or an email address."""

    username = forms.CharField(
        label=_("Phone number or email"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "email"}
        ),
    )
    error_messages = {
        "invalid_login": _(
            "The phone number or email and the password do not match. Please try again."
        ),
        "inactive": _("This account has been switched off."),
    }

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from banso.accounts.models import User
from banso.accounts.phone import phone_normalize
from banso.accounts.signin_throttle import ThrottledSignInMixin


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm limits the field to the phone column's length; emails are longer.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        self.fields["username"].label = _("Phone number or email")


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's sign-in, by phone number or email like the site's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        self.fields["username"].label = _("Phone number or email")


class PhoneEmailFormMixin:
    """Stores phone numbers in E.164 and emails in lower case, as the services do."""

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        return phone_normalize(phone) if phone else None

    def clean_email(self):
        email = self.cleaned_data.get("email")
        return email.strip().lower() if email else None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email"):
            raise forms.ValidationError(_("A person needs a phone number or an email address."))
        return cleaned


class UserAdminCreationForm(PhoneEmailFormMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("phone", "email", "full_name")


class UserAdminChangeForm(PhoneEmailFormMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("Phone number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class PasswordResetCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "maxlength": 6,
            }
        ),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("new_password1")
            and cleaned.get("new_password2")
            and cleaned["new_password1"] != cleaned["new_password2"]
        ):
            self.add_error("new_password2", _("The two passwords differ."))
        return cleaned

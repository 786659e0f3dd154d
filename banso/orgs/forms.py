from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from banso.accounts.models import User
from banso.accounts.phone import phone_normalize
from banso.orgs.models import Certificate, Organisation, OrganisationKind
from banso.orgs.services import CERTIFICATE_FIELDS, SIGN_UP_KINDS
from banso.places.models import AdministrativeUnit, UnitLevel, Village


class HttpsURLField(forms.URLField):
    """A web address typed without its scheme is read as https://."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class OrganisationForm(forms.ModelForm):
    """Edits an organisation; the service does the saving, this only reads and checks input."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "tax_code",
            "street_address",
            "description",
            "representative",
            "phone",
            "email",
            "website",
            "bank_bin",
            "bank_account_number",
            "bank_account_name",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"website": HttpsURLField}

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("bank_bin")) != bool(cleaned.get("bank_account_number")):
            raise forms.ValidationError(
                _("Choose the bank and enter the account number, or leave both empty.")
            )
        return cleaned


class CertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = list(CERTIFICATE_FIELDS)
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "ocop" and not (
            cleaned.get("ocop_stars") and cleaned.get("ocop_year")
        ):
            self.add_error("ocop_stars", _("An OCOP certificate has 3 to 5 stars and a year."))
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("The end date is before the start date."))
        return cleaned


class SignUpForm(forms.Form):
    """A co-operative or business registers itself: its person and the organisation."""

    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        help_text=_("You sign in with this number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Where we can send a code if you forget your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    organisation_name = forms.CharField(
        label=_("Name of the co-operative or business"), max_length=200
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[(kind.value, kind.label) for kind in OrganisationKind if kind in SIGN_UP_KINDS],
    )
    unit = forms.ModelChoiceField(
        label=_("Commune or ward"), queryset=AdministrativeUnit.objects.none()
    )
    village = forms.ModelChoiceField(
        label=_("Village (optional)"), queryset=Village.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communes = AdministrativeUnit.objects.filter(
            is_current=True,
            level=UnitLevel.COMMUNE,
            parent__code=settings.HOME_PROVINCE_CODE,
            parent__is_current=True,
        ).order_by("name_folded")
        self.fields["unit"].queryset = communes  # type: ignore[attr-defined]
        self.fields["village"].queryset = (  # type: ignore[attr-defined]
            Village.objects.filter(commune__in=communes)
            .select_related("commune")
            .order_by("commune__name_folded", "name_folded")
        )

    def clean_phone(self) -> str:
        phone = phone_normalize(self.cleaned_data["phone"])
        if User.objects.filter(phone=phone).exists():
            raise ValidationError(
                _("This phone number already has an account. Sign in, or reset its password.")
            )
        return phone

    def clean_email(self) -> str:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and User.objects.filter(email=email).exists():
            raise ValidationError(_("This email address already has an account."))
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            person = User(
                phone=cleaned.get("phone"),
                email=cleaned.get("email") or None,
                full_name=cleaned.get("full_name", ""),
            )
            try:
                password_validation.validate_password(password1, person)
            except ValidationError as error:
                self.add_error("password1", error)
        village, unit = cleaned.get("village"), cleaned.get("unit")
        if village is not None and unit is not None and village.commune_id != unit.pk:
            self.add_error("village", _("This village is not in that commune."))
        return cleaned

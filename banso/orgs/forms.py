from django import forms
from django.utils.translation import gettext_lazy as _

from banso.orgs.models import Certificate, Organisation
from banso.orgs.services import CERTIFICATE_FIELDS


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

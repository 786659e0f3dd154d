"""The guest's forms: the dates and party of a stay, and the booking itself."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.common.forms import form_errors_add
from banso.tourism.models import PaymentChoice
from banso.tourism.stay_dates import stay_dates_check


class StaySearchForm(forms.Form):
    """Dates and party size; GET, so a search is a link to share and works without JavaScript."""

    check_in = forms.DateField(label=_("Check-in"), widget=forms.DateInput(attrs={"type": "date"}))
    check_out = forms.DateField(
        label=_("Check-out"), widget=forms.DateInput(attrs={"type": "date"})
    )
    guests = forms.IntegerField(label=_("Guests"), min_value=1, max_value=40, initial=2)

    def clean(self):
        cleaned = super().clean()
        check_in, check_out = cleaned.get("check_in"), cleaned.get("check_out")
        if check_in and check_out:
            try:
                stay_dates_check(check_in, check_out)
            except ValidationError as error:
                form_errors_add(self, error)
        return cleaned

    @classmethod
    def initial_for_today(cls) -> dict:
        today = timezone.localdate()
        return {
            "check_in": today + datetime.timedelta(days=1),
            "check_out": today + datetime.timedelta(days=3),
            "guests": 2,
        }


class GuestForm(forms.Form):
    """Who books and how they pay; the choices of payment are the host's."""

    adults = forms.IntegerField(label=_("Adults"), min_value=1, max_value=99, initial=2)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=99, initial=0)
    guest_name = forms.CharField(label=_("Your name"), max_length=150)
    guest_phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        help_text=_("With the country code if it is not Vietnamese, e.g. +44 7911 123456."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    guest_email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("To receive the booking and its changes."),
    )
    guest_note = forms.CharField(
        label=_("Message to the host"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)

    def __init__(self, *args, payment_choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PaymentChoice.choices)
        field = self.fields["payment"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(choice, labels[choice]) for choice in payment_choices]
        if payment_choices:
            field.initial = payment_choices[0]


class StayBookingForm(GuestForm):
    room_type = forms.IntegerField(widget=forms.HiddenInput)
    check_in = forms.DateField(widget=forms.HiddenInput)
    check_out = forms.DateField(widget=forms.HiddenInput)
    rooms = forms.IntegerField(label=_("Rooms"), min_value=1, max_value=40, initial=1)

    def clean(self):
        cleaned = super().clean()
        check_in, check_out = cleaned.get("check_in"), cleaned.get("check_out")
        if check_in and check_out and check_out <= check_in:
            raise ValidationError(_("Check-out must be after check-in."))
        return cleaned


class TourRequestForm(GuestForm):
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["date"]

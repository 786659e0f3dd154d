"""The plain POST forms of the hosts' back office: they parse, the services decide."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A range of nights closed or opened at once: a year, so one mistaken date cannot run long.
LONGEST_RANGE_NIGHTS = 366


class AmountForm(forms.Form):
    """Confirm (the amount received by VietQR) or complete (all the guest paid)."""

    paid_vnd = forms.IntegerField(label=_("Amount received (₫)"), min_value=0)


class NoteForm(forms.Form):
    """Decline or cancel, with a word to the guest."""

    note = forms.CharField(label=_("Note to the guest"), max_length=300, required=False)


class EmptyForm(forms.Form):
    """Check in, no-show: the button is all."""


class NightsForm(forms.Form):
    OPERATIONS = [("close", _("Close")), ("open", _("Open again"))]

    operation = forms.ChoiceField(label=_("What to do"), choices=OPERATIONS)
    start = forms.DateField(label=_("First night"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last night"), widget=forms.DateInput(attrs={"type": "date"}))
    rooms = forms.IntegerField(
        label=_("Rooms to close"),
        min_value=1,
        required=False,
        help_text=_("Empty: every free room."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise ValidationError(_("The last night cannot be before the first."))
            if (end - start).days >= LONGEST_RANGE_NIGHTS:
                raise ValidationError(
                    _("Close or open at most %(nights)s nights at once.")
                    % {"nights": LONGEST_RANGE_NIGHTS}
                )
        return cleaned

    def dates(self) -> list[datetime.date]:
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


class RatesForm(forms.Form):
    rate_vnd = forms.IntegerField(label=_("Price a night (₫)"), min_value=1)
    weekend_rate_vnd = forms.IntegerField(
        label=_("Price on Friday and Saturday nights (₫)"),
        min_value=1,
        required=False,
        help_text=_("Empty: the same as other nights."),
    )
    min_nights = forms.IntegerField(label=_("Minimum stay (nights)"), min_value=1)
    quantity = forms.IntegerField(label=_("Number of such rooms"), min_value=1, max_value=32767)


class FeedForm(forms.Form):
    """Another channel's calendar address, as Booking.com or Airbnb give it."""

    name = forms.CharField(label=_("Channel"), max_length=80, initial="Airbnb")
    url = forms.URLField(
        label=_("Calendar address (iCal)"),
        assume_scheme="https",
        max_length=1000,
        help_text=_("In Airbnb: Calendar → Availability → Connect calendars → Export calendar."),
    )


class StartForm(forms.Form):
    """When a private tour the host takes leaves."""

    starts_at = forms.DateTimeField(
        label=_("Leaves at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

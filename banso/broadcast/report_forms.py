"""The period of a commune's proof-of-broadcast report: from and to, local dates, both
included; the last seven days when none is given."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.broadcast.selectors.playlist import LOCAL

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_DAYS = 7
LONGEST_DAYS = 366


class PlayPeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("To"), required=False, widget=_DATE)

    def add_prefix(self, field_name: str) -> str:
        """The fields are read from (and named in) the address as ``from`` and ``to``."""
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self):
        data = super().clean()
        today = timezone.localdate(timezone=LOCAL)
        end = data.get("end") or today
        start = data.get("start") or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if "start" in self.errors or "end" in self.errors:
            return data
        if end < start:
            raise forms.ValidationError(_("The period ends on or after the day it starts."))
        if (end - start).days >= LONGEST_DAYS:
            raise forms.ValidationError(
                _("A report covers at most %(days)s days.") % {"days": LONGEST_DAYS}
            )
        data["start"], data["end"] = start, end
        return data

    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as [first day's midnight, the day after the last's midnight), local."""
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return (
            datetime.datetime.combine(start, datetime.time(), tzinfo=LOCAL),
            datetime.datetime.combine(
                end + datetime.timedelta(days=1), datetime.time(), tzinfo=LOCAL
            ),
        )

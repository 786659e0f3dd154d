"""The host's forms for their tours, departures and tour photos. They parse and check what was
typed; the services (``services/listings.py``, ``services/photos.py``) decide and save."""

import datetime
from typing import Any, cast

from django import forms
from django.conf.locale import LANG_INFO
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.tourism.models import Tour
from banso.tourism.selectors.host import places_for_tours
from banso.tourism.services.listings import SERIES_MAX_WEEKS

# The languages a guide of Lào Cai is most often asked for, offered as checkboxes; the service
# accepts any code Django knows (``LANG_INFO``).
GUIDE_LANGUAGES = ("vi", "en", "zh-hans", "fr", "de", "ko", "ja", "ru", "es", "th")

# A tour lasts at least this long (the model's own floor), and at most ten days.
SHORTEST_MINUTES = 30
LONGEST_HOURS = 240

NUMBER = {"inputmode": "numeric"}


def language_choices(extra: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The guide languages as (code, name in the page's language), with ``extra`` codes a tour
    already has (set in the admin) kept so that saving the form does not drop them."""
    codes = list(dict.fromkeys([*GUIDE_LANGUAGES, *(c for c in extra if c in LANG_INFO)]))
    return [(code, _(LANG_INFO[code]["name"])) for code in codes]


class TourForm(forms.ModelForm):
    """A tour's page and terms. The duration is typed as hours and minutes; the places it
    visits and the languages its guide speaks are checkboxes."""

    duration_hours = forms.IntegerField(
        label=gettext_lazy("Duration: hours"),
        min_value=0,
        max_value=LONGEST_HOURS,
        initial=4,
        widget=forms.NumberInput(attrs=NUMBER),
        help_text=gettext_lazy("A two-day trek is 48 hours."),
    )
    duration_rest_minutes = forms.IntegerField(
        label=gettext_lazy("and minutes"),
        min_value=0,
        max_value=59,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={**NUMBER, "step": 5}),
    )
    guide_languages = forms.MultipleChoiceField(
        label=gettext_lazy("The guide speaks"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one language.")},
    )

    class Meta:
        model = Tour
        fields = [
            "name",
            "slug",
            "kind",
            "story",
            "included",
            "meeting_point",
            "meeting_latitude",
            "meeting_longitude",
            "unit",
            "places",
            "difficulty",
            "distance_km",
            "guide_languages",
            "price_vnd",
            "child_price_vnd",
            "group_size",
            "private_on_request",
            "private_price_vnd",
            "cancellation_policy",
            "accepts_pay_at_property",
            "accepts_vietqr",
            "deposit_percent",
            "phone",
            "notify_email",
        ]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 5}),
            "included": forms.Textarea(attrs={"rows": 3}),
            "places": forms.CheckboxSelectMultiple,
            "price_vnd": forms.NumberInput(attrs=NUMBER),
            "child_price_vnd": forms.NumberInput(attrs=NUMBER),
            "private_price_vnd": forms.NumberInput(attrs=NUMBER),
            "group_size": forms.NumberInput(attrs=NUMBER),
            "deposit_percent": forms.NumberInput(attrs=NUMBER),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    field_order = [
        "name",
        "kind",
        "story",
        "included",
        "meeting_point",
        "duration_hours",
        "duration_rest_minutes",
    ]

    def __init__(self, *args, organisation: Organisation, has_bank_account: bool, **kwargs):
        super().__init__(*args, **kwargs)
        tour = self.instance
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = AdministrativeUnit.objects.filter(
            is_current=True, level=UnitLevel.COMMUNE, parent_id=organisation.unit.parent_id
        ).order_by("name_sort")
        places = cast(forms.ModelMultipleChoiceField, self.fields["places"])
        places.queryset = places_for_tours(organisation, tour=tour if tour.pk else None)
        languages = cast(forms.MultipleChoiceField, self.fields["guide_languages"])
        languages.choices = language_choices(tour.guide_languages if tour.pk else ())
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Empty: made from the name.")
        if tour.pk:
            hours, minutes = divmod(tour.duration_minutes, 60)
            self.initial.update(duration_hours=hours, duration_rest_minutes=minutes)
        elif not self.is_bound:
            self.initial.setdefault("unit", organisation.unit_id)
            self.initial.setdefault("phone", organisation.phone)
            self.initial.setdefault("notify_email", organisation.email)
            self.initial.setdefault("guide_languages", ["vi"])
            self.initial.setdefault("accepts_vietqr", has_bank_account)

    def clean_slug(self) -> str:
        """Left empty, a new tour's short address is made from its name; a tour keeps its own."""
        slug = self.cleaned_data.get("slug") or ""
        if not slug and self.instance.pk:
            return self.instance.slug
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        hours = cleaned.get("duration_hours")
        if hours is not None:
            minutes = hours * 60 + (cleaned.get("duration_rest_minutes") or 0)
            if minutes < SHORTEST_MINUTES:
                self.add_error(
                    "duration_hours",
                    _("A tour lasts at least %(minutes)s minutes.") % {"minutes": SHORTEST_MINUTES},
                )
            cleaned["duration_minutes"] = minutes
        return cleaned

    def validate_unique(self) -> None:
        """The service reports a taken short address (slug) in its own words."""

    def tour_data(self) -> dict[str, Any]:
        """What ``tour_create`` / ``tour_update`` take: the model's fields, the duration in
        minutes and the places as a list."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        data["places"] = list(data["places"])
        data["duration_minutes"] = self.cleaned_data["duration_minutes"]
        return data


class TimeOfDayField(forms.TimeField):
    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DepartureForm(forms.Form):
    """A new departure: its day and hour (two inputs every phone has), its seats (the tour's
    group size when empty) and its price a person (the tour's when empty)."""

    date = forms.DateField(
        label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    time = TimeOfDayField(label=gettext_lazy("Leaves at"))
    capacity = forms.IntegerField(
        label=gettext_lazy("Seats"),
        min_value=1,
        max_value=32767,
        required=False,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    price_vnd = forms.IntegerField(
        label=gettext_lazy("Price a person (₫)"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Empty: the tour's price."),
        widget=forms.NumberInput(attrs=NUMBER),
    )

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )


class DepartureSeriesForm(forms.Form):
    """Several departures at once: every chosen weekday at one hour, for some weeks."""

    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Every"), choices=list(WEEKDAYS.items()), coerce=int, initial=5
    )
    time = TimeOfDayField(label=gettext_lazy("Leaves at"))
    weeks = forms.IntegerField(
        label=gettext_lazy("For the next … weeks"),
        min_value=1,
        max_value=SERIES_MAX_WEEKS,
        initial=8,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Seats"),
        min_value=1,
        max_value=32767,
        required=False,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    price_vnd = forms.IntegerField(
        label=gettext_lazy("Price a person (₫)"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Empty: the tour's price."),
        widget=forms.NumberInput(attrs=NUMBER),
    )

    def first_starts_at(self, *, now: datetime.datetime | None = None) -> datetime.datetime:
        """The first of the chosen weekdays at the chosen hour that is still to come."""
        now = timezone.localtime(now)
        day = now.date() + datetime.timedelta(
            days=(self.cleaned_data["weekday"] - now.weekday()) % 7
        )
        starts = timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["time"]))
        if starts <= now:
            starts = timezone.make_aware(
                datetime.datetime.combine(
                    day + datetime.timedelta(weeks=1), self.cleaned_data["time"]
                )
            )
        return starts


class DepartureCapacityForm(forms.Form):
    """A departure's seats and price, changed from the list of departures."""

    capacity = forms.IntegerField(
        label=gettext_lazy("Seats"),
        min_value=1,
        max_value=32767,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    price_vnd = forms.IntegerField(
        label=gettext_lazy("Price a person (₫)"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Empty: the tour's price."),
        widget=forms.NumberInput(attrs=NUMBER),
    )

"""Forms of the hosts' own stays, room types, price rules and photos. They only read and check
input; the services (``banso.tourism.services.listings``, ``.host``, ``.photos``) decide and
save, and their refusals come back on these forms."""

from typing import cast

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.tourism.models import Amenity, Lodging, RateRule, RateRuleKind, RoomType

# A phone opens its camera for the file input (the gallery stays a choice).
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LodgingForm(forms.ModelForm):
    """A stay, with its commune and village among those of its organisation's province."""

    class Meta:
        model = Lodging
        fields = [
            "name",
            "kind",
            "story",
            "house_rules",
            "unit",
            "village",
            "street_address",
            "latitude",
            "longitude",
            "phone",
            "notify_email",
            "check_in_from",
            "check_out_until",
            "cancellation_policy",
            "accepts_pay_at_property",
            "accepts_vietqr",
            "deposit_percent",
            "slug",
        ]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 5}),
            "house_rules": forms.Textarea(attrs={"rows": 3}),
            "check_in_from": _TIME,
            "check_out_until": _TIME,
        }
        help_texts = {
            "latitude": _(
                "In your phone's map app, touch and hold the house: the two numbers shown are "
                "its latitude and longitude."
            ),
            "slug": _("Empty: made from the name."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        province = organisation.unit.parent_id
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = AdministrativeUnit.objects.filter(
            is_current=True, level=UnitLevel.COMMUNE, parent_id=province
        ).order_by("name_sort")
        village = cast(forms.ModelChoiceField, self.fields["village"])
        village.queryset = Village.objects.filter(commune__parent_id=province).order_by("name_sort")
        self.fields["slug"].required = False
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("unit", organisation.unit_id)
            self.initial.setdefault("village", organisation.village_id)
            self.initial.setdefault("street_address", organisation.street_address)
            self.initial.setdefault("phone", organisation.phone)
            self.initial.setdefault("notify_email", organisation.email)
            # VietQR pays into the organisation's account: none yet, no VietQR by default.
            has_account = organisation.bank_bin and organisation.bank_account_number
            self.initial.setdefault("accepts_vietqr", bool(has_account))

    def validate_unique(self):
        """The service reports a taken short address (slug) in its own words."""


class RoomTypeForm(forms.ModelForm):
    amenities = forms.MultipleChoiceField(
        label=_("Amenities"),
        choices=Amenity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RoomType
        fields = [
            "name",
            "description",
            "quantity",
            "max_guests",
            "double_beds",
            "single_beds",
            "floor_mattresses",
            "amenities",
            "rate_vnd",
            "weekend_rate_vnd",
            "min_nights",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]


class _RateRuleForm(forms.ModelForm):
    """A price rule of one kind: each kind has its own form, asking only its own fields (and
    all of them), so the page works without a script that hides fields."""

    kind: str = ""
    kind_fields: tuple[str, ...] = ()

    class Meta:
        model = RateRule
        fields = ["name", "rate_vnd", "weekend_rate_vnd", "min_nights"]
        help_texts = {
            "weekend_rate_vnd": _("Empty: the same as other nights."),
            "min_nights": _("Empty: the room's own minimum stay."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.kind)
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        for name in self.kind_fields:
            self.fields[name].required = True


class SeasonRuleForm(_RateRuleForm):
    kind = RateRuleKind.SEASON
    kind_fields = ("start_day", "start_month", "end_day", "end_month")
    start_month = forms.TypedChoiceField(label=_("From month"), choices=MONTH_CHOICES, coerce=int)
    end_month = forms.TypedChoiceField(label=_("To month"), choices=MONTH_CHOICES, coerce=int)

    class Meta(_RateRuleForm.Meta):
        fields = [
            "name",
            "start_day",
            "start_month",
            "end_day",
            "end_month",
            "rate_vnd",
            "weekend_rate_vnd",
            "min_nights",
        ]


class DatesRuleForm(_RateRuleForm):
    kind = RateRuleKind.DATES
    kind_fields = ("start_date", "end_date")

    class Meta(_RateRuleForm.Meta):
        fields = ["name", "start_date", "end_date", "rate_vnd", "weekend_rate_vnd", "min_nights"]
        widgets = {"start_date": _DATE, "end_date": _DATE}


class TetRuleForm(_RateRuleForm):
    kind = RateRuleKind.TET
    kind_fields = ("days_before", "days_after")

    class Meta(_RateRuleForm.Meta):
        fields = ["name", "days_before", "days_after", "rate_vnd", "weekend_rate_vnd", "min_nights"]
        help_texts = {
            **_RateRuleForm.Meta.help_texts,
            "days_after": _("Counting the first day of Tết."),
        }


RATE_RULE_FORMS: dict[str, type[_RateRuleForm]] = {
    RateRuleKind.TET: TetRuleForm,
    RateRuleKind.SEASON: SeasonRuleForm,
    RateRuleKind.DATES: DatesRuleForm,
}

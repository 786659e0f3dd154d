"""Forms of the shop pages. They only read and check input; the services save."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from banso.market.models import Shop
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, UnitLevel, Village


class ShopForm(forms.ModelForm):
    class Meta:
        model = Shop
        fields = [
            "name",
            "slug",
            "story",
            "unit",
            "village",
            "street_address",
            "phone",
            "notify_email",
            "offers_delivery",
            "offers_pickup",
            "delivery_fee_vnd",
            "free_delivery_above_vnd",
            "delivers_nationwide",
            "accepts_cod",
            "accepts_vietqr",
        ]
        widgets = {"story": forms.Textarea(attrs={"rows": 5})}

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
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("name", organisation.name)
            self.initial.setdefault("unit", organisation.unit_id)
            self.initial.setdefault("village", organisation.village_id)
            self.initial.setdefault("street_address", organisation.street_address)
            self.initial.setdefault("phone", organisation.phone)
            self.initial.setdefault("notify_email", organisation.email)

    def validate_unique(self):
        """The service reports a taken short address (slug) in its own words."""


class DeliveryRateForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=AdministrativeUnit.objects.filter(
            is_current=True, level=UnitLevel.PROVINCE
        ).order_by("name_sort"),
    )
    fee_vnd = forms.IntegerField(label=_("Delivery fee (₫)"), min_value=0)


class ShopReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", _("Approve")),
            ("reject", _("Refuse")),
            ("suspend", _("Suspend")),
        ]
    )
    note = forms.CharField(label=_("Note to the shop"), max_length=300, required=False)

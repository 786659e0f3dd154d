"""Forms of the co-op stamp pages. They only read input; the services decide what may change."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.numbers import LocaleDecimalField
from banso.common.uploads import validate_image
from banso.stamps.models import MAX_RUN_SIZE, LabelTemplate, StampRun
from banso.stamps.serials import PIN_LENGTHS
from banso.stamps.services.lifecycle import MAX_SERIALS, VoidReason, serials_from_text
from banso.trace.models import Lot, Product
from banso.trace.selectors.products import lots_for_user, products_for_user

CUSTOM_SIZES = ["label_width_mm", "label_height_mm", "margin_mm", "gap_mm", "bleed_mm"]


def _model_field(name: str, **overrides) -> forms.Field:
    # Only the run's own (editable, concrete) fields are asked for.
    field = cast(models.Field, StampRun._meta.get_field(name))
    return cast(forms.Field, field.formfield(**overrides))


class StampRunForm(forms.Form):
    """Order a run: product (and lot), how many, PINs, and the label sheet."""

    product: "forms.ModelChoiceField[Product]" = forms.ModelChoiceField(
        queryset=None, label=_("Product")
    )
    lot: "forms.ModelChoiceField[Lot]" = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Lot (optional)"),
        help_text=_("Leave empty to choose the lot at packing, when the stamps are activated."),
    )
    quantity = forms.IntegerField(
        label=_("Number of stamps"),
        min_value=1,
        max_value=MAX_RUN_SIZE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    with_pin = forms.BooleanField(
        label=_("Scratch PIN under each QR code"),
        required=False,
        help_text=_("The buyer scratches it off to confirm the stamp is genuine."),
    )
    pin_length = forms.TypedChoiceField(
        label=_("PIN digits"),
        choices=[(n, str(n)) for n in PIN_LENGTHS],
        coerce=int,
        initial=PIN_LENGTHS[0],
    )
    template = forms.ChoiceField(
        label=_("Label sheet"), choices=LabelTemplate.choices, initial=LabelTemplate.A4_30MM
    )
    label_text = forms.CharField(label=_("Short text on each label"), max_length=40, required=False)
    logo = forms.ImageField(label=_("Logo"), required=False, validators=[validate_image])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products_for_user(user).filter(is_active=True)
        self.fields["lot"].queryset = lots_for_user(user).order_by("-harvest_date", "code")
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.product.name} · {lot.code}"
        for name in CUSTOM_SIZES:
            # Shown and read in the page's language: "12,5" in Vietnamese, never "12.5" (125).
            self.fields[name] = _model_field(name, required=False, form_class=LocaleDecimalField)
        self.order_fields(["product", "lot", "quantity", "with_pin", "pin_length", "template"])

    def clean(self):
        data = super().clean()
        product, lot = data.get("product"), data.get("lot")
        if product and lot and lot.product_id != product.pk:
            self.add_error("lot", _("This lot is not a lot of the product."))
        if data.get("template") == LabelTemplate.CUSTOM:
            for name in ("label_width_mm", "label_height_mm"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("A custom label needs its width and height."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in ("product", "lot", "quantity", "with_pin", "pin_length", "template")
        }
        fields["label_text"] = data.get("label_text", "")
        fields["logo"] = data.get("logo") or None
        if data["template"] == LabelTemplate.CUSTOM:
            fields.update({name: data.get(name) for name in CUSTOM_SIZES})
        return fields


class RangeForm(forms.Form):
    number_from = forms.IntegerField(
        label=_("From number"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    number_to = forms.IntegerField(
        label=_("To number"), min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("number_from"), data.get("number_to")
        if first is not None and last is not None and first > last:
            self.add_error("number_to", _("The last number comes after the first."))
        return data


class ActivateRangeForm(RangeForm):
    """Activate the stamps numbered from–to of one run on a lot."""

    lot: "forms.ModelChoiceField[Lot]" = forms.ModelChoiceField(
        queryset=None, label=_("Lot the stamps are stuck on")
    )

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots
        self.order_fields(["lot", "number_from", "number_to"])


class VoidRangeForm(RangeForm):
    reason = forms.ChoiceField(label=_("Why"), choices=VoidReason.choices)


class SerialsField(forms.CharField):
    """Scanned or pasted stamps: one a line, bare serials or their full Digital Link URIs."""

    widget = forms.Textarea(
        attrs={"rows": 6, "autocapitalize": "characters", "spellcheck": "false"}
    )

    def to_python(self, value):
        return serials_from_text(super().to_python(value) or "")

    def validate(self, value):
        if not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_SERIALS:
            raise ValidationError(
                _("At most %(count)d stamps at a time; use a number range for more."),
                code="too_many",
                params={"count": MAX_SERIALS},
            )


class ActivateSerialsForm(forms.Form):
    lot: "forms.ModelChoiceField[Lot]" = forms.ModelChoiceField(
        queryset=None, label=_("Lot the stamps are stuck on")
    )
    serials = SerialsField(
        label=_("Stamps"),
        help_text=_("Scan each stamp, or paste its serial or link; one a line."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots_for_user(user).order_by("-harvest_date", "code")
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.product.name} · {lot.code}"


class VoidSerialsForm(forms.Form):
    serials = SerialsField(
        label=_("Stamps"),
        help_text=_("Scan each stamp, or paste its serial or link; one a line."),
    )
    reason = forms.ChoiceField(label=_("Why"), choices=VoidReason.choices)

"""Forms of a shop's live sessions. They read and check input; the services decide and save."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from banso.market.models import LiveSession, Shop, StreamPlatform
from banso.market.templatetags.market import format_vnd

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_INPUTS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class LiveSessionForm(forms.Form):
    """Title, times (in the site's time zone, Asia/Ho_Chi_Minh), platform and link. ``shop`` is
    asked only of people who manage more than one shop."""

    shop: "forms.ModelChoiceField[Shop]" = forms.ModelChoiceField(queryset=None, label=_("Shop"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Quýt Mường Khương straight from the orchard."),
    )
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    platform = forms.ChoiceField(label=_("Streamed on"), choices=StreamPlatform.choices)
    stream_url = forms.URLField(
        label=_("Link to the stream"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of your live video or your page on that platform."),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )

    def __init__(self, *args, shops=None, session: LiveSession | None = None, **kwargs):
        if session is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": session.title,
                    "starts_at": session.starts_at,
                    "ends_at": session.ends_at,
                    "platform": session.platform,
                    "stream_url": session.stream_url,
                },
            )
        super().__init__(*args, **kwargs)
        self.only_shop = None
        if session is not None or shops is None:
            del self.fields["shop"]
        elif len(shops) == 1:
            self.only_shop = shops[0]
            del self.fields["shop"]
        else:
            cast(forms.ModelChoiceField, self.fields["shop"]).queryset = shops

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The session ends after it starts."))
        return data

    def chosen_shop(self):
        return self.only_shop or self.cleaned_data["shop"]

    def service_fields(self) -> dict:
        names = ["title", "starts_at", "ends_at", "platform", "stream_url"]
        return {name: self.cleaned_data[name] for name in names}


class VariantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, variant):
        return f"{variant.listing.title} · {variant.label} · {format_vnd(variant.price_vnd)}"


class LivePinForm(forms.Form):
    """A product of the shop and its live price, in whole đồng."""

    variant = VariantChoiceField(queryset=None, label=_("Product"))
    live_price_vnd = forms.IntegerField(
        label=_("Live price (₫)"),
        min_value=1,
        max_value=10**12,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )

    def __init__(self, *args, variants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variant"].queryset = variants

"""Forms of the officers' indicator pages: they parse and check values in the reader's
language; the services decide who may write and write."""

import re
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.common.numbers import LocaleDecimalField
from banso.indicators.models import Indicator
from banso.indicators.ranking_indexes import RankingIndex
from banso.places.models import AdministrativeUnit

FIRST_YEAR, LAST_YEAR = 2000, 2100
PERIOD = re.compile(r"^([0-9]{4})([0-9]{2})?$")
# The largest count a recorded figure may hold: far above any province's households.
MOST_RECORDED = 100_000_000
# As ``RankingEdition.score`` stores a score: 0.7167 (DTI), 68.56 (PCI).
SCORE_DIGITS, SCORE_DECIMALS = 9, 4


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric"})


class UnitPickForm(forms.Form):
    """Which of the person's units the page is about (a GET form, by the unit's code)."""

    unit = forms.ChoiceField(label=_("Commune, ward or province"))

    def __init__(self, *args, units: list[AdministrativeUnit], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            (unit.code, unit.name) for unit in units
        ]


class TargetUnitForm(UnitPickForm):
    """Which unit's targets of which year the page shows."""

    year = YearField()


class TargetsForm(forms.Form):
    """One field per active indicator, named by its code: the unit's target of the year, in
    the indicator's unit (a percentage up to 100) and with its decimals. Empty clears it."""

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[indicator.code] = LocaleDecimalField(
                label=indicator.display_name,
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100) if indicator.is_percentage else None,
                decimal_places=indicator.decimals,
                help_text=_("In %, from 0 to 100. Empty: no target.")
                if indicator.is_percentage
                else _("Empty: no target."),
            )

    def values(self) -> dict[Indicator, float | None]:
        return {
            indicator: None
            if self.cleaned_data[indicator.code] is None
            else float(self.cleaned_data[indicator.code])
            for indicator in self.indicators
        }


class RecordedFactForm(forms.Form):
    """A figure counted outside the platform, for a unit of the page (today's or one it took
    over on 1 July 2025)."""

    code = forms.ChoiceField(label=_("Kind of figure"))
    unit: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Unit counted"), empty_label=None
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=6,
        help_text=_("A year (2023) or a month (202306)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    value = forms.IntegerField(
        label=_("Number counted"),
        min_value=0,
        max_value=MOST_RECORDED,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    source = forms.CharField(
        label=pgettext_lazy("where a figure comes from", "Source"),
        max_length=200,
        help_text=_("Where the figure comes from: the report, its number and date."),
    )

    def __init__(self, *args, codes: dict[str, str], units: list[AdministrativeUnit], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["code"]).choices = [
            (code, label) for code, label in sorted(codes.items())
        ]
        cast(
            forms.ModelChoiceField, self.fields["unit"]
        ).queryset = AdministrativeUnit.objects.filter(pk__in=[unit.pk for unit in units]).order_by(
            "-is_current", "path"
        )

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        found = PERIOD.match(period)
        if found is None:
            raise ValidationError(
                _("Write a year (2023) or a year and a month (202306)."), code="period"
            )
        year, month = int(found[1]), found[2]
        if not FIRST_YEAR <= year <= LAST_YEAR or (month is not None and not 1 <= int(month) <= 12):
            raise ValidationError(
                _("Write a year (2023) or a year and a month (202306)."), code="period"
            )
        return period

    def clean_source(self) -> str:
        return self.cleaned_data["source"].strip()


class RankingEditionForm(forms.Form):
    """An edition of an index as its publisher announced it."""

    index = forms.ChoiceField(label=_("Index"), choices=RankingIndex.choices)
    edition = YearField(label=_("Edition (year)"))
    unit: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Province ranked"), empty_label=None
    )
    score = LocaleDecimalField(
        label=_("Score"),
        min_value=Decimal(0),
        max_digits=SCORE_DIGITS,
        decimal_places=SCORE_DECIMALS,
    )
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=1000)
    out_of = forms.IntegerField(label=_("Provinces ranked"), min_value=1, max_value=1000)
    source = forms.CharField(
        label=pgettext_lazy("where a figure comes from", "Source"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who published it, where, and its address."),
    )

    def __init__(self, *args, units: list[AdministrativeUnit], **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["unit"]
        ).queryset = AdministrativeUnit.objects.filter(pk__in=[unit.pk for unit in units]).order_by(
            "-is_current", "path"
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        rank, out_of = data.get("rank"), data.get("out_of")
        if rank is not None and out_of is not None and rank > out_of:
            self.add_error(
                "rank",
                ValidationError(
                    _("The rank cannot exceed the number of provinces ranked."), code="rank"
                ),
            )
        return data

    def clean_source(self) -> str:
        return self.cleaned_data["source"].strip()

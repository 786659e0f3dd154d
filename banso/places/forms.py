from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from banso.places.models import AdministrativeUnit, Village, VillageKind


class VillageForm(forms.Form):
    commune: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Commune or ward")
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=VillageKind.choices)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )

    def __init__(self, *args, communes, village: Village | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes
        if village is not None:
            del self.fields["commune"]


class VillageImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Columns: commune or ward code, village name, type (thôn, bản, tổ dân phố), "
            "latitude, longitude. The first row is the header."
        ),
    )

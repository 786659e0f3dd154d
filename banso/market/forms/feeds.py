"""Forms of the feeds pages: the category mapping table and a shop's choice of listings."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from banso.market.models import Marketplace
from banso.trace.models import ProductCategory


class CategoryMappingForm(forms.Form):
    """One row of the table: a marketplace's category for one of ours (empty id: none)."""

    marketplace = forms.ChoiceField(choices=Marketplace.choices, widget=forms.HiddenInput)
    category = forms.ChoiceField(choices=ProductCategory.choices, widget=forms.HiddenInput)
    external_id = forms.CharField(label=_("their category code"), max_length=60, required=False)
    external_name = forms.CharField(label=_("their category name"), max_length=200, required=False)


CategoryMappingFormSet = forms.formset_factory(
    CategoryMappingForm, extra=0, max_num=len(Marketplace) * len(ProductCategory)
)


def category_mapping_initial(mappings: dict) -> list[dict]:
    """Every (marketplace, category) pair, filled in where a mapping exists."""
    rows = []
    for marketplace in Marketplace.values:
        for category in ProductCategory.values:
            mapping = mappings.get((marketplace, category))
            rows.append(
                {
                    "marketplace": marketplace,
                    "category": category,
                    "external_id": mapping.external_id if mapping else "",
                    "external_name": mapping.external_name if mapping else "",
                }
            )
    return rows


class FeedListingsForm(forms.Form):
    """The listings a shop sends to the national marketplaces (ticked) and keeps home."""

    listings = forms.TypedMultipleChoiceField(
        label=_("Send to national marketplaces"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, listings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["listings"])
        field.choices = [(listing.pk, listing.title) for listing in listings]

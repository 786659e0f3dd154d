"""Forms of the listing pages. They only read and check input; the services save."""

from typing import cast

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from banso.market.models import Listing, ListingVariant
from banso.market.selectors.listings import listing_lots_choosable
from banso.orgs.models import CertificateKind, Organisation


class ListingForm(forms.ModelForm):
    """A listing of one of the organisation's own products, with its own OCOP certificates."""

    class Meta:
        model = Listing
        fields = [
            "product",
            "title",
            "description",
            "category",
            "ocop_certificate",
            "ocop_group",
            "push_to_feeds",
            "lot_on_sale",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        product = cast(forms.ModelChoiceField, self.fields["product"])
        product.queryset = organisation.products.filter(is_active=True).order_by("name_sort")
        ocop_certificate = cast(forms.ModelChoiceField, self.fields["ocop_certificate"])
        ocop_certificate.queryset = organisation.certificates.filter(kind=CertificateKind.OCOP)
        self.fields["title"].required = False
        self.fields["category"].required = False
        self.fields["title"].help_text = _("Empty: the product's name.")
        lot = cast(forms.ModelChoiceField, self.fields["lot_on_sale"])
        lot.queryset = listing_lots_choosable(self.instance, organisation=organisation)
        lot.empty_label = _("None chosen: show the product's page")
        if self.instance.pk:
            self.fields["product"].disabled = True
            ocop_certificate.queryset = ocop_certificate.queryset.filter(
                products=self.instance.product_id
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ocop_certificate") and not cleaned.get("ocop_group"):
            self.add_error("ocop_group", _("Choose the OCOP product group of the certificate."))
        return cleaned

    def _post_clean(self):
        """The service builds and checks the listing (its shop and commune are not fields)."""


class VariantForm(forms.ModelForm):
    class Meta:
        model = ListingVariant
        fields = ["label", "price_vnd", "stock", "weight_grams", "pack_size", "sku", "is_active"]


VariantFormSet = inlineformset_factory(
    Listing,
    ListingVariant,
    form=VariantForm,
    extra=1,
    min_num=1,
    validate_min=True,
    can_delete=True,
)


class ListingImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "One row a variant: product GTIN or name, title, category, variant, price (₫), "
            "stock, weight (g), pieces per pack, your code. Rows of the same product make one "
            "product on sale. The first row is the header."
        ),
    )


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Stars"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your review"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    author_name = forms.CharField(label=_("Shown as"), max_length=150)

"""Forms of the cart, the checkout and the order pages: they read what was typed; the rules are
in the services."""

import json
import uuid
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from banso.market.models import DeliveryMethod, PaymentMethod
from banso.places.models import VILLAGE_PREFIX, AdministrativeUnit, UnitLevel, Village


class CartAddForm(forms.Form):
    variant = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)
    pin = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class CheckoutForm(forms.Form):
    # Made when the form is shown and sent back with it, so that sending the form twice (a
    # retry after a dropped connection, a double tap) places the orders once.
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    buyer_name = forms.CharField(label=_("Full name"), max_length=150)
    buyer_phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    buyer_email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("We send your receipt and the order's news here."),
    )
    delivery_method = forms.ChoiceField(
        label=_("Delivery"),
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.DELIVERY,
        widget=forms.RadioSelect,
    )
    province = forms.ModelChoiceField(
        label=_("Province or city"),
        queryset=AdministrativeUnit.objects.filter(
            is_current=True, level=UnitLevel.PROVINCE
        ).order_by("name_sort", "code"),
        to_field_name="code",
        required=False,
    )
    # Where the checkout's script finds a province's communes (``CODE`` stands for the code).
    province.widget.attrs["data-children-url"] = reverse_lazy(
        "api:unit_children", kwargs={"code": "CODE"}
    )
    commune = forms.ModelChoiceField(
        label=_("Commune or ward"),
        queryset=AdministrativeUnit.objects.none(),
        to_field_name="code",
        required=False,
    )
    village = forms.ModelChoiceField(
        label=_("Village (optional)"),
        queryset=Village.objects.none(),
        required=False,
        # For the script that lists a commune's villages: their names as the server writes them.
        widget=forms.Select(
            attrs={
                "data-prefixes": json.dumps(VILLAGE_PREFIX),
                "data-villages-url": reverse_lazy("api:village_list"),
            }
        ),
    )
    street_address = forms.CharField(
        label=_("House number, street or village"), max_length=200, required=False
    )
    note = forms.CharField(
        label=_("Note for the shop (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment"),
        choices=PaymentMethod.choices,
        initial=PaymentMethod.VIETQR,
        widget=forms.RadioSelect,
        help_text=_(
            "Your choice applies to every shop in the cart. A shop that does not take it gets "
            "the way it takes: each order below shows how it is paid."
        ),
    )

    def __init__(
        self,
        *args,
        delivery_methods: list[str] | None = None,
        payment_methods: list[str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if payment_methods:
            payment = cast(forms.ChoiceField, self.fields["payment_method"])
            payment.choices = [
                (value, label) for value, label in PaymentMethod.choices if value in payment_methods
            ]
            if self.initial.get("payment_method") not in payment_methods:
                self.initial["payment_method"] = (
                    PaymentMethod.VIETQR
                    if PaymentMethod.VIETQR in payment_methods
                    else payment_methods[0]
                )
        if delivery_methods is not None:
            # Only what the shops of the cart offer, so that no choice is refused at the end.
            field = cast(forms.ChoiceField, self.fields["delivery_method"])
            field.choices = [
                (value, label)
                for value, label in DeliveryMethod.choices
                if value in delivery_methods
            ]
            if delivery_methods and self.initial.get("delivery_method") not in delivery_methods:
                self.initial["delivery_method"] = delivery_methods[0]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4()
        province, commune = self._place_field("province")[0], self._place_field("commune")[0]
        province_code = self.selected_value("province")
        if province_code:
            commune.queryset = AdministrativeUnit.objects.filter(
                is_current=True,
                level=UnitLevel.COMMUNE,
                parent__in=cast(QuerySet, province.queryset).filter(code=province_code),
            ).order_by("name_sort", "code")
        commune_code = self.selected_value("commune")
        if commune_code:
            self._place_field("village")[0].queryset = Village.objects.filter(
                commune__in=cast(QuerySet, commune.queryset).filter(code=commune_code)
            ).order_by("name_sort")

    def _place_field(self, name: str) -> tuple[forms.ModelChoiceField, str]:
        field = cast(forms.ModelChoiceField, self.fields[name])
        return field, field.to_field_name or "pk"

    def selected_value(self, name: str) -> str:
        """The value chosen (or given as initial) for ``name``, before validation: the lists of
        communes and villages depend on it. Units are chosen by their official code, as the
        places API names them; villages by their id."""
        _field, key = self._place_field(name)
        raw = self.data.get(name) if self.is_bound else self.initial.get(name)
        raw = getattr(raw, key, raw)
        return str(raw).strip() if raw else ""

    def selected_id(self, name: str) -> int | None:
        """The primary key of the place chosen for ``name``, if it is one of the field's
        choices."""
        value = self.selected_value(name)
        if not value:
            return None
        field, key = self._place_field(name)
        try:
            places = cast(QuerySet, field.queryset)
            return places.filter(**{key: value}).values_list("pk", flat=True).first()
        except (TypeError, ValueError):
            return None


class OrderLookupForm(forms.Form):
    buyer_phone = forms.CharField(
        label=_("Phone number used for the order"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("Order code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "placeholder": "DH…"}),
    )


class OrderTransitionForm(forms.Form):
    to = forms.CharField(max_length=10, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    reference = forms.CharField(
        label=_("Bank reference (optional)"), max_length=100, required=False
    )

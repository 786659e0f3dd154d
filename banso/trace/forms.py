"""Forms of the co-operative pages. They only read and check input; the services save."""

from typing import cast

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.common.forms import PHOTO_ATTRS
from banso.common.numbers import LocaleDecimalField
from banso.lingo.selectors import translated
from banso.orgs.models import Certificate, Organisation
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.trace.models import Lot, MeasureUnit, Product, TraceEvent
from banso.trace.wording import HARVEST, first_step_words

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def communes_near(organisation: Organisation):
    """The current communes of the organisation's province, for place menus on a phone."""
    return (
        AdministrativeUnit.objects.filter(
            is_current=True, level=UnitLevel.COMMUNE, parent_id=organisation.unit.parent_id
        )
        .select_related("parent")
        .order_by("name_sort")
    )


def villages_near(organisation: Organisation):
    return (
        Village.objects.filter(commune__parent_id=organisation.unit.parent_id)
        .select_related("commune")
        .order_by("commune__name_sort", "name_sort")
    )


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, village):
        return f"{village} ({village.commune.name})"


# The product's name in other languages, asked for beside the Vietnamese one: form field and
# language. Written as reviewed translations (banso.lingo) by the people who may review them.
NAME_FIELDS = {"name_en": "en", "name_zh": "zh-hans"}


class ProductForm(forms.ModelForm):
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name in Chinese"), max_length=200, required=False)
    photo = forms.ImageField(
        label=_("Add a photo"), required=False, widget=forms.ClearableFileInput(attrs=PHOTO_ATTRS)
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "unit",
            "net_content",
            "net_content_unit",
            "gtin",
            "description",
            "certificates",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "certificates": forms.CheckboxSelectMultiple,
            "gtin": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        field_classes = {"net_content": LocaleDecimalField}

    def __init__(self, *args, organisation: Organisation, names: bool = True, **kwargs):
        """``names``: whether the form asks for the name in other languages (only people who
        review the organisation's translations may write them)."""
        super().__init__(*args, **kwargs)
        self.fields["gtin"].required = False
        self.fields["gtin"].validators = []  # the service normalises and checks it
        certificates = cast(forms.ModelMultipleChoiceField, self.fields["certificates"])
        certificates.queryset = Certificate.objects.filter(organisation=organisation)
        for field, language in NAME_FIELDS.items():
            if not names:
                del self.fields[field]
            elif self.instance.pk:
                name = translated(self.instance, "name", language=language)
                self.fields[field].initial = name.text if name.language == language else ""

    def _post_clean(self):
        """Model validation is the service's: it generates the GTIN and checks uniqueness."""

    def service_fields(self) -> dict:
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name != "certificates"
        }
        data["net_content_unit"] = data["net_content_unit"] or ""
        # Only the names the person typed: one left as it was is not approved again for a
        # Vietnamese name that changed (it stays marked out of date for the translators).
        data["translated_names"] = {
            language: self.cleaned_data[field].strip()
            for field, language in NAME_FIELDS.items()
            if field in self.fields and field in self.changed_data
        }
        return data


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = [
            "code",
            "harvest_date",
            "harvest_unit",
            "harvest_village",
            "quantity",
            "quantity_unit",
            "latitude",
            "longitude",
            "producer_households",
            "notes",
            "public_notes",
        ]
        widgets = {
            "harvest_date": forms.DateInput(attrs={"type": "date"}),
            "producer_households": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "public_notes": forms.Textarea(attrs={"rows": 2}),
            "code": forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        }
        field_classes = {"harvest_village": VillageChoiceField, "quantity": LocaleDecimalField}

    def __init__(self, *args, organisation: Organisation, category: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        words = first_step_words(category)
        if words is not HARVEST:  # a handicraft is made where and when, not harvested
            self.fields["harvest_date"].label = words.date
            self.fields["harvest_unit"].label = words.place
            self.fields["harvest_village"].label = _("Village")
            self.fields["quantity"].label = words.quantity
        harvest_unit = cast(forms.ModelChoiceField, self.fields["harvest_unit"])
        harvest_unit.queryset = communes_near(organisation)
        harvest_village = cast(forms.ModelChoiceField, self.fields["harvest_village"])
        harvest_village.queryset = villages_near(organisation)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("harvest_unit", organisation.unit_id)
            self.initial.setdefault("harvest_date", timezone.localdate())

    def _post_clean(self):
        """Model validation is the service's (lot code rules, place, uniqueness)."""

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StepForm(forms.Form):
    """What every step asks: when, where, a photo and a short note."""

    time = forms.DateTimeField(
        label=_("When"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    unit: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Where (commune or ward)")
    )
    village = VillageChoiceField(queryset=None, label=_("Village"), required=False)
    photo = forms.ImageField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs=PHOTO_ATTRS)
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = lot.product.organisation
        self.lot = lot
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = communes_near(organisation)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages_near(organisation)
        if not self.is_bound:
            self.initial.setdefault("time", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("unit", lot.harvest_unit_id)
            self.initial.setdefault("village", lot.harvest_village_id)

    def common(self) -> dict:
        photo = self.cleaned_data.get("photo")
        return {
            "time": self.cleaned_data["time"],
            "unit": self.cleaned_data["unit"],
            "village": self.cleaned_data.get("village"),
            "photos": [photo] if photo else [],
            "note": self.cleaned_data.get("note", ""),
        }

    def service_fields(self) -> dict:
        """The keyword arguments of the step's service; each step's form says."""
        raise NotImplementedError


class HarvestForm(StepForm):
    quantity = LocaleDecimalField(label=_("Quantity harvested"), min_value=0, required=False)
    field_order = ["time", "quantity", "unit", "village", "photo", "note"]

    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, lot=lot, **kwargs)
        self.fields["quantity"].label = first_step_words(lot.product.category).quantity
        self.fields["quantity"].initial = lot.quantity
        self.fields["quantity"].help_text = lot.get_quantity_unit_display()

    def service_fields(self) -> dict:
        return {**self.common(), "quantity": self.cleaned_data.get("quantity")}


class ProcessForm(StepForm):
    input_quantity = LocaleDecimalField(label=_("Quantity put in"), min_value=0, required=False)
    output_quantity = LocaleDecimalField(label=_("Quantity after processing"), min_value=0)
    output_unit = forms.ChoiceField(label=_("Unit"), choices=MeasureUnit.choices)
    output_product: "forms.ModelChoiceField[Product]" = forms.ModelChoiceField(
        queryset=None,
        label=_("Becomes the product"),
        required=False,
        help_text=_("Leave empty when the product stays the same."),
    )
    output_code = forms.CharField(
        label=_("New lot code"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to keep this lot."),
    )
    field_order = [
        "time",
        "input_quantity",
        "output_quantity",
        "output_unit",
        "output_product",
        "output_code",
        "unit",
        "village",
        "photo",
        "note",
    ]

    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, lot=lot, **kwargs)
        self.fields["input_quantity"].initial = lot.quantity
        self.fields["input_quantity"].help_text = lot.get_quantity_unit_display()
        self.fields["output_unit"].initial = lot.quantity_unit
        output_product = cast(forms.ModelChoiceField, self.fields["output_product"])
        output_product.queryset = Product.objects.filter(
            organisation_id=lot.product.organisation_id, is_active=True
        )

    def service_fields(self) -> dict:
        data = self.common()
        for name in ("input_quantity", "output_quantity", "output_unit", "output_product"):
            data[name] = self.cleaned_data.get(name)
        data["output_code"] = self.cleaned_data.get("output_code", "")
        return data


class PackForm(StepForm):
    packages = forms.IntegerField(label=_("Number of packages"), min_value=1)
    field_order = ["time", "packages", "unit", "village", "photo", "note"]

    def service_fields(self) -> dict:
        return {**self.common(), "packages": self.cleaned_data["packages"]}


class CheckForm(StepForm):
    RESULTS = [
        ("conformant", _("Passed")),
        ("non_conformant", pgettext_lazy("result of a check", "Failed")),
    ]
    result = forms.ChoiceField(
        label=_("Result"), choices=RESULTS, widget=forms.RadioSelect, initial="conformant"
    )
    certificate: "forms.ModelChoiceField[Certificate]" = forms.ModelChoiceField(
        queryset=None, label=_("Certificate"), required=False
    )
    field_order = ["time", "result", "certificate", "unit", "village", "photo", "note"]

    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, lot=lot, **kwargs)
        certificate = cast(forms.ModelChoiceField, self.fields["certificate"])
        certificate.queryset = lot.product.certificates.all()
        self.fields["photo"].label = _("Photo (lab report)")

    def service_fields(self) -> dict:
        return {
            **self.common(),
            "conformant": self.cleaned_data["result"] == "conformant",
            "certificate": self.cleaned_data.get("certificate"),
        }


class ShipForm(StepForm):
    other_unit: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("To (commune or ward)"), required=False
    )
    quantity = LocaleDecimalField(label=_("Quantity sent"), min_value=0, required=False)
    field_order = ["time", "quantity", "other_unit", "unit", "village", "photo", "note"]

    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, lot=lot, **kwargs)
        cast(forms.ModelChoiceField, self.fields["other_unit"]).queryset = (
            AdministrativeUnit.objects.filter(is_current=True, level=UnitLevel.COMMUNE)
            .filter(parent_id=lot.product.organisation.unit.parent_id)
            .order_by("name_sort")
        )
        self.fields["unit"].label = _("From (commune or ward)")

    def service_fields(self) -> dict:
        return {
            **self.common(),
            "destination_unit": self.cleaned_data.get("other_unit"),
            "quantity": self.cleaned_data.get("quantity"),
        }


class ReceiveForm(ShipForm):
    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, lot=lot, **kwargs)
        self.fields["other_unit"].label = _("From (commune or ward)")
        self.fields["unit"].label = _("Received at (commune or ward)")
        self.fields["quantity"].label = _("Quantity received")

    def service_fields(self) -> dict:
        data = super().service_fields()
        data["source_unit"] = data.pop("destination_unit")
        return data


class StepChoiceField(forms.ModelChoiceField):
    category = ""

    def label_from_instance(self, obj: TraceEvent) -> str:
        return _event_label(obj, category=self.category)


class CorrectForm(StepForm):
    wrong = StepChoiceField(queryset=None, label=_("The wrong step"), empty_label=None)
    quantity = LocaleDecimalField(label=_("Right quantity"), min_value=0, required=False)
    field_order = ["wrong", "time", "quantity", "unit", "village", "photo", "note"]

    def __init__(self, *args, lot: Lot, events: list[TraceEvent], **kwargs):
        super().__init__(*args, lot=lot, **kwargs)
        wrong = cast(StepChoiceField, self.fields["wrong"])
        wrong.queryset = TraceEvent.objects.filter(pk__in=[e.pk for e in events])
        wrong.category = lot.product.category
        self.fields["time"].label = _("Right time")
        self.fields["unit"].label = _("Right place (commune or ward)")
        for name in ("time", "unit"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty when it was right.")
            self.initial.pop(name, None)
        self.initial.pop("village", None)

    def service_fields(self) -> dict:
        return {
            **self.common(),
            "wrong": self.cleaned_data["wrong"],
            "quantity": self.cleaned_data.get("quantity"),
        }


STEP_LABELS = {
    "harvest": _("Harvest"),
    "process": _("Processing"),
    "pack": _("Packing"),
    "check": _("Check"),
    "ship": _("Shipping"),
    "receive": _("Receiving"),
    "other": _("Other step"),
}


def _vocabulary_word(value: str) -> str:
    """``commissioning`` from ``commissioning``, ``https://ref.gs1.org/cbv/BizStep-commissioning``
    or ``urn:epcglobal:cbv:bizstep:commissioning``."""
    word = value.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return word.split("-", 1)[1] if word.startswith(("BizStep-", "Disp-")) else word


def step_kind(event: TraceEvent) -> str:
    biz_step = _vocabulary_word(event.biz_step or "")
    if event.event_type == "TransformationEvent":
        return "process"
    return {
        "commissioning": "harvest",
        "packing": "pack",
        "inspecting": "check",
        "shipping": "ship",
        "receiving": "receive",
    }.get(biz_step, "other")


def step_label(event: TraceEvent, *, category: str = "") -> str:
    """The step's name; the first step is named for what the product (of ``category``) is."""
    kind = step_kind(event)
    if kind == "harvest":
        return str(first_step_words(category).step)
    return str(STEP_LABELS[kind])


def _event_label(event: TraceEvent, *, category: str = "") -> str:
    local = timezone.localtime(event.event_time)
    when = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    return f"{step_label(event, category=category)} · {when}"


class LotImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Columns: product GTIN, lot code, harvest date, commune code, village name "
            "(optional), quantity, unit, producer households (optional). The first row is "
            "the header."
        ),
    )

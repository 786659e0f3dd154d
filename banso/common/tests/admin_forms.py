"""Post an admin change page back as a person would: its own form and inlines, as rendered,
with the changes a test makes."""

from decimal import Decimal

from django.forms import FileField, MultiWidget
from django.forms.boundfield import BoundField


def _value(field: BoundField):
    value = field.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, Decimal):  # as the page shows it: "5", "12,5"
        return field.field.widget.format_value(value)
    return value


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        field = form[name]
        if isinstance(field.field, FileField):
            continue  # a browser sends no file unless one is chosen
        value = _value(field)
        if value == "" and isinstance(field.value(), bool):
            continue  # an unchecked box is not sent
        widget = field.field.widget
        if isinstance(widget, MultiWidget):  # a date and a time, each in its own box
            parts = widget.decompress(field.value()) or []
            names = [f"_{index}" for index in range(len(widget.widgets))]
            for suffix, part in zip(names, parts, strict=True):
                data[field.html_name + suffix] = "" if part is None else str(part)
            continue
        data[field.html_name] = value
    return data


def admin_form_data(response) -> dict:
    """The data a browser sends when the admin page in ``response`` is submitted unchanged."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = _value(management[name])
        for form in formset.initial_forms:
            data.update(_form_data(form))
    return data

"""Numbers, quantities and percentages written and read the way the page's language does.

A quantity stored as ``Decimal("50.000")`` is shown ``50``, never ``50.000`` (fifty thousand to a
Vietnamese reader) nor ``50,000``; ``Decimal("1200.000")`` is ``1.200`` in Vietnamese and
``1,200`` in English and Chinese; ``12.5`` is ``12,5`` in Vietnamese. Form inputs are prefilled
the same way without grouping (``1200``, ``12,5``) and accept the language's decimal separator.
The separators come from the format modules of :mod:`banso.common.formats`.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import formats, numberformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _separators() -> tuple[str, str]:
    return formats.get_format("DECIMAL_SEPARATOR"), formats.get_format("THOUSAND_SEPARATOR")


def _plain(value) -> str:
    """``value`` as a plain decimal string without useless trailing zeros: ``50``, ``12.5``."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


def number_text(value, *, grouped: bool = True) -> str:
    """``value`` (int, Decimal, float or its text) in the current language: ``1.200``, ``12,5``
    in Vietnamese; ``1,200``, ``12.5`` in English and Chinese. ``None`` and "" give ""."""
    if value is None or value == "":
        return ""
    try:
        plain = _plain(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    decimal_separator, thousand_separator = _separators()
    return numberformat.format(
        plain,
        decimal_separator,
        grouping=formats.get_format("NUMBER_GROUPING") if grouped else 0,
        thousand_sep=thousand_separator,
        force_grouping=grouped,
    )


def percent_text(value) -> str:
    """A percentage in the current language: ``80%``, ``12,5%`` (no space before the sign, the
    way Vietnamese, English and Chinese texts write it)."""
    if value is None or value == "":
        return ""
    return f"{number_text(value)}%"


def money_vnd_text(amount: int | None) -> str:
    """An amount of đồng the way the page's language writes money: ``1.250.000 ₫`` in
    Vietnamese, ``VND 1,250,000`` in English, ``1,250,000 越南盾`` in Chinese (the catalog gives
    each language its pattern; spaces are non-breaking, so the amount never wraps apart)."""
    if amount is None:
        return ""
    pattern = pgettext("money in đồng, %(amount)s is the grouped number", "%(amount)s ₫")
    text = pattern % {"amount": number_text(abs(int(amount)))}
    return ("-" if amount < 0 else "") + text.replace(" ", "\u00a0")


def decimal_parse(text: str) -> Decimal:
    """Read a number typed in the current language: the language's decimal separator, and the
    other one as a thousands separator when it groups digits by three (``1.200`` in
    Vietnamese); typed once elsewhere it is taken as the decimal point (``12.5``).

    Raises ValueError when the text is not a number.
    """
    decimal_separator, thousand_separator = _separators()
    text = _SPACES.sub("", str(text))
    if not text:
        raise ValueError(text)
    if decimal_separator in text:
        text = text.replace(thousand_separator, "").replace(decimal_separator, ".")
    elif thousand_separator in text:
        group = re.escape(thousand_separator)
        grouped = re.fullmatch(rf"[+-]?\d{{1,3}}({group}\d{{3}})+", text)
        if grouped:
            text = text.replace(thousand_separator, "")
        elif text.count(thousand_separator) == 1:
            text = text.replace(thousand_separator, ".")
        else:
            raise ValueError(text)
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(text)
    return Decimal(text)


class DecimalInput(forms.TextInput):
    """A text input for a decimal: prefilled ``50`` or ``12,5``, the phone's decimal keypad."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value  # what the person typed, shown back as typed
        return number_text(value, grouped=False)


class LocaleDecimalField(forms.DecimalField):
    """A decimal form field that shows and reads numbers in the page's language."""

    widget = DecimalInput
    default_error_messages = {"invalid": _("Enter a number, such as 50 or 12.5.")}

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to <input type="number">, which refuses the
        # Vietnamese decimal comma.
        return {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = decimal_parse(value)
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

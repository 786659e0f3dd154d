"""Numbers, quantities, percentages and place lines the same way on every page.

``{% load formats %}`` then ``{{ lot.quantity|number }}`` (``1.200``), ``{{ share|percent }}``
(``80%``), ``{{ price|vnd }}`` (``1.250.000 ₫``), ``{% joined village unit province %}``
(``Thôn Mã Tuyển, Xã Mường Khương, Tỉnh Lào Cai``). Dates use Django's
``|date:"SHORT_DATE_FORMAT"`` with :mod:`banso.common.formats`.
"""

from django import template

from banso.common.numbers import money_vnd_text, number_text, percent_text
from banso.common.text import names_join

register = template.Library()


@register.filter
def number(value) -> str:
    """A number in the page's language, without useless trailing zeros."""
    return number_text(value)


@register.filter
def vnd(amount: int | None) -> str:
    """An amount of đồng in the page's language: ``1.250.000 ₫``, ``VND 1,250,000``."""
    return money_vnd_text(amount)


@register.filter
def percent(value) -> str:
    """A percentage in the page's language: ``80%``, ``12,5%``."""
    return percent_text(value)


@register.simple_tag
def joined(*parts) -> str:
    """Names joined by ", ", the empty ones left out, never a space before the comma."""
    return names_join(*parts)

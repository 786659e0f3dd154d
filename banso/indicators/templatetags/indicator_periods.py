"""``{% load indicator_periods %}`` then ``{{ period|period_label }}``: "2023", or a month in
the page's language ("tháng 3/2023", "March 2023", "2023年3月"); and
``{{ value|indicator_figure:indicator }}``: a value as its indicator writes it."""

from django import template
from django.template.defaultfilters import floatformat

from banso.common.numbers import number_text
from banso.indicators.periods import period_label as _period_label

register = template.Library()


@register.filter
def period_label(period: str) -> str:
    return _period_label(str(period))


@register.filter
def indicator_figure(value, indicator) -> str:
    """A value as its indicator writes it: a share with its decimals, always ("75,0", beside
    "96,7" in the same column), a count as a whole number ("7", never "7,0"); "" for none."""
    if value is None:
        return ""
    if indicator.denominator.strip():
        return floatformat(value, indicator.decimals)
    return number_text(value)

"""``{% load indicator_periods %}`` then ``{{ period|period_label }}``: "2023", or a month in
the page's language ("tháng 3/2023", "March 2023", "2023年3月")."""

from django import template

from banso.indicators.periods import period_label as _period_label

register = template.Library()


@register.filter
def period_label(period: str) -> str:
    return _period_label(str(period))

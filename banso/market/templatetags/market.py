"""Money in the page's language: ``1250000|vnd`` → ``1.250.000 ₫`` in Vietnamese, ``VND
1,250,000`` in English (see :func:`banso.common.numbers.money_vnd_text`)."""

from django import template

from banso.common.numbers import money_vnd_text

register = template.Library()


def format_vnd(amount: int | None) -> str:
    return money_vnd_text(amount)


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)

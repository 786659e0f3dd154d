"""Money the Vietnamese way: ``1250000|vnd`` → ``1.250.000 ₫`` (dots between thousands, the
đồng sign after a non-breaking space), whatever the page's language."""

from django import template

register = template.Library()


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + "\u00a0₫"


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)

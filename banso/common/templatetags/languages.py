"""``{% language_alternates %}``: the page's addresses in the other languages, for the ``<head>``.

    {% load languages %}
    {% language_alternates %}

renders one ``<link rel="alternate" hreflang=…>`` per language plus ``x-default`` (the Vietnamese
address), absolute as search engines want them, and the Open Graph locales that link previews
read. Only pages whose address carries their language have any (see ``banso.common.locale``): a
stamp's page or the admin has one address for every language, and renders nothing.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from banso.common.locale import OG_LOCALES, url_translate

register = template.Library()


def _hreflang(language: str) -> str:
    """``zh-hans`` → ``zh-Hans``: the BCP 47 spelling hreflang expects."""
    return translation.to_locale(language).replace("_", "-")


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> SafeString | str:
    request = context.get("request")
    if request is None or not getattr(request, "language_from_path", False):
        return ""
    if getattr(request, "resolver_match", None) is None:  # an address that names no page
        return ""
    full_path = request.get_full_path()
    current = translation.get_language()
    addresses = {
        code: request.build_absolute_uri(url_translate(full_path, code))
        for code, _name in settings.LANGUAGES
    }
    links = format_html_join(
        "\n",
        '<link rel="alternate" hreflang="{}" href="{}">',
        [(_hreflang(code), url) for code, url in addresses.items()]
        + [("x-default", addresses[settings.LANGUAGE_CODE])],
    )
    locales = format_html_join(
        "\n",
        '<meta property="og:locale:alternate" content="{}">',
        [(OG_LOCALES[code],) for code in addresses if code != current],
    )
    return format_html(
        '{}\n<meta property="og:locale" content="{}">\n{}', links, OG_LOCALES[current], locales
    )

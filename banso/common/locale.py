"""One address per page and language, and the language of the addresses that cannot have one.

The site's pages live under ``i18n_patterns(prefix_default_language=False)``: Vietnamese at
``/market/…``, English at ``/en/market/…``, Chinese at ``/zh-hans/market/…``, so that a search
engine indexes each language and a shared link opens in the language it was shared in. Such a
page's language is its address's, whatever the visitor's cookie or browser says.

The addresses printed on stamps (the GS1 Digital Link resolver, ``/s/…``, ``/t/…``) and the
machine doors (``/api/``, ``/epcis/``, the admin …) stay outside the prefixes: a QR code cannot
change once printed, and a Chinese phone scanning a Vietnamese stamp still reads Chinese. Their
language comes, as before, from the language cookie, then the browser's Accept-Language, then
Vietnamese. Django's own LocaleMiddleware would force Vietnamese on every unprefixed address once
the prefixes exist; :class:`LocaleMiddleware` tells the two kinds apart.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import URLResolver, get_resolver, translate_url
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import i18n

# The Open Graph locale of each language (a language and a territory, as Facebook reads them).
OG_LOCALES = {"vi": "vi_VN", "en": "en_US", "zh-hans": "zh_CN"}


@functools.lru_cache(maxsize=8)
def _resolvers(urlconf: str) -> tuple[URLResolver, URLResolver]:
    """The URLconf's patterns outside the language prefixes, and those inside them (without
    the prefix), each as one resolver. Read once per URLconf."""
    fixed: list = []
    localized: list = []
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            localized.extend(pattern.url_patterns)
        else:
            fixed.append(pattern)
    return URLResolver(RegexPattern(r"^/"), fixed), URLResolver(RegexPattern(r"^/"), localized)


def _resolves(resolver: URLResolver, path_info: str) -> bool:
    try:
        resolver.resolve(path_info)
    except Resolver404:
        return False
    return True


def path_has_language(path_info: str, urlconf: str | None = None) -> bool:
    """Whether the page at ``path_info`` takes its language from its address: a prefixed path,
    or an unprefixed one of the site's pages (which is Vietnamese). A stamp's address is tried
    first, against the few fixed patterns, so that a scan pays little; an address that names
    no page (a 404) follows the visitor, as the fixed ones do."""
    if translation.get_language_from_path(path_info):
        return True
    fixed, localized = _resolvers(urlconf or settings.ROOT_URLCONF)
    return not _resolves(fixed, path_info) and _resolves(localized, path_info)


def path_language(path: str) -> str:
    """The language an address shows: its prefix's, else the default (Vietnamese)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def url_translate(url: str, language: str) -> str:
    """``url`` in ``language``: the same object at that language's address. Django's
    ``translate_url`` resolves ``url`` in the active language, which is not the page's when the
    request came to an unprefixed address (the switch at ``/i18n/setlang/``), so the page's own
    language is activated for it."""
    with translation.override(path_language(urlsplit(url).path)):
        return translate_url(url, language)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that unprefixed addresses outside the language prefixes
    (stamps, the resolver, the API, the admin) and those that name no page keep following the
    cookie and Accept-Language.

    Sets ``request.language_from_path``: whether the page's language is its address's (such a
    page does not vary by Accept-Language, and has addresses in the other languages)."""

    def process_request(self, request: HttpRequest) -> None:
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        from_path = path_has_language(request.path_info, urlconf)
        request.language_from_path = from_path  # type: ignore[attr-defined]
        if from_path:
            language = path_language(request.path_info)
        else:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not getattr(request, "language_from_path", False):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (the language cookie, then back to ``next``), landing on
    ``next``'s address in the chosen language: the listing the visitor was reading, in English
    at ``/en/…``. Django translates ``next`` in the active language, the cookie's, which fails
    for a page whose address says another; here it is translated in the page's own."""
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    with translation.override(path_language(urlsplit(next_url).path)):
        return i18n.set_language(request)

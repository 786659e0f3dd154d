"""The public trace pages a buyer reaches by scanning a stamp: a lot's journey, a product.

They stand alone (no site-wide stylesheet or script) so that the whole page arrives in the first
round trip on a slow connection: inline CSS, no JavaScript, a language switcher made of links
(``?lang=en``) rather than a form, so that the page can be cached per lot and language.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from banso.common.page_cache import page_cached
from banso.trace.gs1 import gtin_normalize
from banso.trace.models import Lot, Product
from banso.trace.public import (
    lot_page_context,
    more_links,
    page_language,
    page_languages,
    product_json_ld,
    product_page_context,
)
from banso.trace.public_cache import PAGE_CACHE_SECONDS, page_cache_key
from banso.trace.resolver import DigitalLink
from banso.trace.selectors.journey import lot_public_get, product_public_get


def _gtin(value: str) -> str:
    try:
        return gtin_normalize(value)
    except ValidationError:
        raise Http404 from None


def _cached(request: HttpRequest, key: str, build) -> HttpResponse:
    """The page from the floor's page cache (``common.page_cache``): kept for visitors who are
    not signed in and have no session; signed-in people (the co-op checking the step it just
    recorded) always get a fresh one."""
    response = page_cached(request, key, build, seconds=PAGE_CACHE_SECONDS)
    response["Cache-Control"] = f"public, max-age={PAGE_CACHE_SECONDS}"
    return response


@require_safe
def lot_page(request: HttpRequest, gtin: str, lot: str) -> HttpResponse:
    """A lot's trace page: product, producer and the journey from harvest to packing."""
    language = page_language(request)
    gtin = _gtin(gtin)

    def build() -> str:
        try:
            found = lot_public_get(gtin=gtin, code=lot)
        except Lot.DoesNotExist:
            raise Http404 from None
        link = DigitalLink(gtin=gtin, lot=found.code)
        context = {
            **lot_page_context(request, found, language),
            "languages": page_languages(request, language),
            "digital_link": request.build_absolute_uri(link.path),
            "element_string": f"(01){gtin}(10){found.code}",
        }
        return render_to_string("trace/public/lot.html", context, request=request)

    return _cached(request, page_cache_key(gtin=gtin, code=lot, language=language), build)


@require_safe
def product_page(request: HttpRequest, gtin: str) -> HttpResponse:
    """A product's page: what it is, who makes it, and its latest lots."""
    language = page_language(request)
    gtin = _gtin(gtin)

    def build() -> str:
        try:
            product = product_public_get(gtin=gtin)
        except Product.DoesNotExist:
            raise Http404 from None
        context = product_page_context(request, product, language)
        context.update(
            languages=page_languages(request, language),
            digital_link=request.build_absolute_uri(DigitalLink(gtin=gtin).path),
            element_string=f"(01){gtin}",
            more_links=more_links(product, None),
            json_ld=product_json_ld(request, product, context["product_name"], None),
        )
        return render_to_string("trace/public/product.html", context, request=request)

    return _cached(request, page_cache_key(gtin=gtin, code=None, language=language), build)

"""The public trace pages a buyer reaches by scanning a stamp: a lot's journey, a product.

They stand alone (no site-wide stylesheet or script) so that the whole page arrives in the first
round trip on a slow connection: inline CSS, no JavaScript, a language switcher made of links
(``?lang=en``) rather than a form, so that the page can be cached per lot and language.
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from banso.trace.gs1 import gtin_normalize
from banso.trace.models import Lot, Product
from banso.trace.public_cache import PAGE_CACHE_SECONDS, page_cache_key
from banso.trace.resolver import DigitalLink, provided_links
from banso.trace.selectors.journey import (
    lot_journey,
    lot_public_get,
    product_certificates,
    product_public_get,
)

# Escapes that keep a JSON document inert inside <script> (as Django's json_script does).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# Link types the page shows itself; other providers' links are listed under "More".
_OWN_LINK_TYPES = {"gs1:pip", "gs1:traceability", "gs1:certificationInfo", "gs1:defaultLink"}


def _language(request: HttpRequest) -> str:
    """``?lang=`` when it names a language we have, else what LocaleMiddleware chose."""
    requested = request.GET.get("lang", "")
    if requested in dict(settings.LANGUAGES):
        translation.activate(requested)
        request.LANGUAGE_CODE = requested
    return translation.get_language()


def _languages(request: HttpRequest, current: str) -> list[dict]:
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": f"{request.path}?lang={code}",
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def _gtin(value: str) -> str:
    try:
        return gtin_normalize(value)
    except ValidationError:
        raise Http404 from None


def localized_name(product: Product, language: str) -> str:
    return product.name_translations.get(language) or product.name


def organisation_address(organisation) -> str:
    parts = [organisation.street_address, str(organisation.village or "")]
    parts += [
        organisation.unit.name,
        organisation.unit.parent.name if organisation.unit.parent else "",
    ]
    return ", ".join(part for part in parts if part)


def _json_ld(request: HttpRequest, product: Product, name: str, lot: Lot | None) -> str:
    organisation = product.organisation
    address = {
        "@type": "PostalAddress",
        "streetAddress": organisation.street_address or None,
        "addressLocality": organisation.unit.name,
        "addressRegion": organisation.unit.parent.name if organisation.unit.parent else None,
        "addressCountry": "VN",
    }
    producer = {
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(
            reverse("orgs:organisation-detail", args=[organisation.slug])
        ),
        "address": {key: value for key, value in address.items() if value},
    }
    link = DigitalLink(gtin=product.gtin, lot=lot.code if lot else None)
    document: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "gtin14": product.gtin,
        "brand": {"@type": "Brand", "name": organisation.name},
        "manufacturer": producer,
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
        "category": product.get_category_display(),
        "hasGS1DigitalLink": request.build_absolute_uri(link.path),
    }
    images = [request.build_absolute_uri(photo.image.url) for photo in product.photos.all()]
    if images:
        document["image"] = images
    if product.description:
        document["description"] = product.description
    return json.dumps(document, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)


def _cached(request: HttpRequest, key: str, build) -> HttpResponse:
    """Serve a rendered page from the cache for anonymous visitors; signed-in people (the
    co-op checking the step it just recorded) always get a fresh one."""
    anonymous = not request.user.is_authenticated
    html = cache.get(key) if anonymous else None
    if html is None:
        html = build()
        if anonymous:
            cache.set(key, html, PAGE_CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age={PAGE_CACHE_SECONDS}"
    return response


def _common_context(request: HttpRequest, product: Product, language: str) -> dict:
    name = localized_name(product, language)
    return {
        "product": product,
        "product_name": name,
        "organisation": product.organisation,
        "address": organisation_address(product.organisation),
        "certificates": product_certificates(product),
        "photos": product.photos.all()[:3],
        "languages": _languages(request, language),
    }


@require_GET
def lot_page(request: HttpRequest, gtin: str, lot: str) -> HttpResponse:
    """A lot's trace page: product, producer and the journey from harvest to packing."""
    language = _language(request)
    gtin = _gtin(gtin)

    def build() -> str:
        try:
            found = lot_public_get(gtin=gtin, code=lot)
        except Lot.DoesNotExist:
            raise Http404 from None
        product = found.product
        context = _common_context(request, product, language)
        link = DigitalLink(gtin=gtin, lot=found.code)
        context.update(
            lot=found,
            journey=lot_journey(found),
            digital_link=request.build_absolute_uri(link.path),
            element_string=f"(01){gtin}(10){found.code}",
            more_links=_more_links(product, found),
            json_ld=_json_ld(request, product, context["product_name"], found),
        )
        return render_to_string("trace/public/lot.html", context, request=request)

    return _cached(request, page_cache_key(gtin=gtin, code=lot, language=language), build)


@require_GET
def product_page(request: HttpRequest, gtin: str) -> HttpResponse:
    """A product's page: what it is, who makes it, and its latest lots."""
    language = _language(request)
    gtin = _gtin(gtin)

    def build() -> str:
        try:
            product = product_public_get(gtin=gtin)
        except Product.DoesNotExist:
            raise Http404 from None
        context = _common_context(request, product, language)
        context.update(
            digital_link=request.build_absolute_uri(DigitalLink(gtin=gtin).path),
            element_string=f"(01){gtin}",
            more_links=_more_links(product, None),
            json_ld=_json_ld(request, product, context["product_name"], None),
        )
        return render_to_string("trace/public/product.html", context, request=request)

    return _cached(request, page_cache_key(gtin=gtin, code=None, language=language), build)


def _more_links(product: Product, lot: Lot | None) -> list:
    return [
        link
        for link in provided_links(product=product, lot=lot)
        if link.link_type not in _OWN_LINK_TYPES
    ]

"""What ``trace`` offers the apps above it that show its public pages: the page language, the
language switcher and the context of a lot's trace page.

``stamps`` shows a lot's trace page under a stamp's panel (``/s/{serial}/``). It builds the
lot's part of its page with :func:`lot_page_context`, the same function the trace page itself
uses, so both pages say the same things the same way, and adds what depends on the address the
page was reached by (its language links, its Digital Link). Nothing here is private to
``trace.public_views``; apps use this module, never that one's functions.
"""

import json

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from banso.common.text import names_join
from banso.lingo.selectors import translated
from banso.trace.models import Lot, Product

# How long a public page may be kept by a cache (a page that wraps the lot's part keeps it as
# long as the trace page itself).
from banso.trace.public_cache import PAGE_CACHE_SECONDS as PAGE_CACHE_SECONDS
from banso.trace.resolver import DigitalLink, provided_links
from banso.trace.selectors.journey import lot_journey, product_certificates
from banso.trace.wording import first_step_words

# Escapes that keep a JSON document inert inside <script> (as Django's json_script does).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# Link types the page shows itself; other providers' links are listed under "More".
_OWN_LINK_TYPES = {"gs1:pip", "gs1:traceability", "gs1:certificationInfo", "gs1:defaultLink"}


def page_language(request: HttpRequest) -> str:
    """``?lang=`` when it names a language we have (activated for the rest of the request),
    else what LocaleMiddleware chose."""
    requested = request.GET.get("lang", "")
    if requested in dict(settings.LANGUAGES):
        translation.activate(requested)
        request.LANGUAGE_CODE = requested
    return translation.get_language()


def page_languages(request: HttpRequest, current: str) -> list[dict]:
    """The language switcher: one link (``?lang=``) to this page per language."""
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": f"{request.path}?lang={code}",
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def organisation_address(organisation) -> str:
    return names_join(
        organisation.street_address,
        organisation.village,
        organisation.unit.name,
        organisation.unit.parent.name if organisation.unit.parent else "",
    )


def product_json_ld(request: HttpRequest, product: Product, name: str, lot: Lot | None) -> str:
    """The schema.org Product of the page, as JSON safe inside ``<script>``."""
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
        document["description"] = translated(product, "description").text
    return json.dumps(document, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)


def more_links(product: Product, lot: Lot | None) -> list:
    """The other apps' links for the item (their providers'), except those the page shows
    itself."""
    return [
        link
        for link in provided_links(product=product, lot=lot)
        if link.link_type not in _OWN_LINK_TYPES
    ]


def product_page_context(request: HttpRequest, product: Product, language: str) -> dict:
    """What a product's and a lot's trace pages show of the product and its producer."""
    name = translated(product, "name", language=language)
    return {
        "product": product,
        "product_name": name.text,
        "product_name_translated": name,
        "organisation": product.organisation,
        "address": organisation_address(product.organisation),
        "certificates": product_certificates(product),
        "first_step": first_step_words(product.category).resolved(),
        "photos": list(product.photos.all()[:3]),
    }


def lot_page_context(request: HttpRequest, lot: Lot, language: str) -> dict:
    """The context of ``trace/public/lot.html`` for a lot read by
    :func:`banso.trace.selectors.journey.lot_public_get`: product, producer, certificates,
    photos, the journey, the other apps' links and the JSON-LD.

    It holds plain values only, so a caller may cache it (per lot, language and host). What
    depends on the address of the page is left to the caller: ``languages``
    (:func:`page_languages`), ``digital_link`` and ``element_string``.
    """
    product = lot.product
    context = product_page_context(request, product, language)
    context.update(
        lot=lot,
        journey=lot_journey(lot),
        more_links=more_links(product, lot),
        json_ld=product_json_ld(request, product, context["product_name"], lot),
    )
    return context

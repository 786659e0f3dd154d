"""The GS1 Digital Link resolver (GS1-Conformant Resolver standard 1.2) at the site's root.

A QR stamp carries ``https://{host}/01/{GTIN}/10/{lot}/21/{serial}``. Scanned by a phone, the URI
redirects (307) to the default link: the lot's trace page, or the product page when it names no
lot. ``?linkType=gs1:pip`` (or any GS1 link type we hold) asks for another link, and
``?linkType=linkset`` or ``Accept: application/linkset+json`` returns every link as an RFC 9264
linkset. A malformed URI or a wrong check digit is a 400 that says what is wrong; an unknown
product, lot or serial is a 404.

Apps above ``trace`` add their own links through the link-provider registry: ``market`` the
shop listing, ``tourism`` the producer's tourism page, ``stamps`` the serials it issued.
``trace`` never imports them; they call :func:`register_link_provider` from their
``AppConfig.ready()``.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banso.orgs.selectors import certificates_valid
from banso.trace.gs1 import CSET82, gtin_normalize, validate_lot_code
from banso.trace.models import Lot, Product

GS1_VOCABULARY = "https://gs1.org/voc/"
LINKSET_TYPE = "application/linkset+json"
LINKSET_CONTEXT = "https://ref.gs1.org/standards/resolver/linkset-context"
PAGE_LANGUAGES = ("vi", "en", "zh-Hans")

DEFAULT_LINK = "gs1:defaultLink"
PIP = "gs1:pip"
TRACEABILITY = "gs1:traceability"
CERTIFICATION_INFO = "gs1:certificationInfo"
# linkType values that ask for the whole linkset ("all" is the name resolvers 1.0 used).
LINKSET_REQUESTS = {"linkset", "all"}

SERIAL_MAX_LENGTH = 20
# How long a resolution is kept: a new certificate or provider link shows within this time.
RESOLUTION_CACHE_SECONDS = 60


def link_type_uri(link_type: str) -> str:
    """A link type as its full URI: ``gs1:pip`` → ``https://gs1.org/voc/pip``."""
    if link_type.startswith("gs1:"):
        return GS1_VOCABULARY + link_type.removeprefix("gs1:")
    return link_type


# Identifiers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigitalLink:
    """A GS1 Digital Link URI's identifiers: a GTIN-14, optionally a lot (AI 10) and a serial
    (AI 21). ``path`` is its canonical form, with the GTIN as 14 digits."""

    gtin: str
    lot: str | None = None
    serial: str | None = None

    @property
    def path(self) -> str:
        parts = ["", "01", self.gtin]
        if self.lot is not None:
            parts += ["10", quote(self.lot, safe="")]
        if self.serial is not None:
            parts += ["21", quote(self.serial, safe="")]
        return "/".join(parts)


class DigitalLinkError(Exception):
    """A Digital Link URI the resolver refuses (400), or one it does not know (404)."""

    def __init__(self, message: str, *, code: str, field: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status


def _serial_validate(serial: str) -> None:
    if not serial or len(serial) > SERIAL_MAX_LENGTH or not CSET82.match(serial):
        raise DigitalLinkError(
            _("A serial number is 1 to 20 letters, digits or the signs GS1 allows."),
            code="serial",
            field="serial",
        )


def digital_link_parse(path: str) -> DigitalLink:
    """Read ``/01/{gtin}[/10/{lot}][/21/{serial}]`` (already percent-decoded).

    GTIN-8, -12 and -13 are read as the GTIN-14 they stand for. Raises
    :class:`DigitalLinkError` naming the part that is wrong.
    """
    segments = path.strip("/").split("/")
    if len(segments) < 2 or segments[0] != "01" or not segments[1]:
        raise DigitalLinkError(
            _("A Digital Link starts with /01/ and a GTIN."), code="syntax", field="path"
        )
    try:
        gtin = gtin_normalize(segments[1])
    except ValidationError as error:
        raise DigitalLinkError(error.messages[0], code=error.code or "gtin", field="gtin") from None
    qualifiers = segments[2:]
    if len(qualifiers) % 2:
        raise DigitalLinkError(
            _("Each qualifier is a code and a value: /10/{lot}, /21/{serial}."),
            code="syntax",
            field="path",
        )
    values: dict[str, str] = {}
    order = ["10", "21"]
    for code, value in zip(qualifiers[::2], qualifiers[1::2], strict=True):
        if code not in order:
            raise DigitalLinkError(
                _("This resolver reads lots (10) and serials (21), in that order, after a GTIN."),
                code="qualifier",
                field="path",
            )
        order = order[order.index(code) + 1 :]
        values[code] = value
    if "10" in values:
        try:
            validate_lot_code(values["10"])
        except ValidationError as error:
            raise DigitalLinkError(error.messages[0], code="lot_code", field="lot") from None
    if "21" in values:
        _serial_validate(values["21"])
    return DigitalLink(gtin=gtin, lot=values.get("10"), serial=values.get("21"))


# Links and their providers --------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One link of a linkset: its GS1 link type (CURIE such as ``gs1:pip``, or a full URI),
    where it goes and what it is called."""

    link_type: str
    href: str
    title: str
    media_type: str = "text/html"
    hreflang: tuple[str, ...] = PAGE_LANGUAGES

    @property
    def relation(self) -> str:
        return link_type_uri(self.link_type)

    def as_target(self) -> dict:
        return {
            "href": self.href,
            "title": self.title,
            "type": self.media_type,
            "hreflang": list(self.hreflang),
        }


class LinkProvider(Protocol):
    """What an app registers to add links to its items.

    ``links`` returns the links it holds for a product, a lot and a serial (any may be absent);
    a link of type ``gs1:defaultLink`` replaces ours. ``knows_serial`` says whether a serial
    number is one it issued: a serial-level URI no provider knows is a 404.

    A provider whose serials cost a query may also define ``serial_links(*, product, lot,
    serial) -> list[Link] | None``: its links for a serial it issued, None for one it did not.
    The resolver then asks it that one question per request instead of ``knows_serial`` and
    ``links`` one after the other.
    """

    def links(self, *, product: Product, lot: Lot | None, serial: str | None) -> Iterable[Link]:
        """The provider's links for this item (may be empty)."""

    def knows_serial(self, *, product: Product, lot: Lot | None, serial: str) -> bool:
        """True when ``serial`` is one of this provider's serials for the product and lot."""


_providers: list[LinkProvider] = []


def register_link_provider(provider: LinkProvider) -> None:
    """Add a provider (once): call it from the providing app's ``AppConfig.ready()``."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_link_provider(provider: LinkProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def provided_links(*, product: Product, lot: Lot | None, serial: str | None = None) -> list[Link]:
    """Every registered provider's links for an item, in registration order."""
    links: list[Link] = []
    for provider in list(_providers):
        links.extend(provider.links(product=product, lot=lot, serial=serial))
    return links


def _serial_links(
    provider: LinkProvider, *, product: Product, lot: Lot | None, serial: str
) -> list[Link] | None:
    """One provider's links for a serial it issued, None when it did not issue it: one
    question when the provider can answer both at once (``serial_links``)."""
    ask = getattr(provider, "serial_links", None)
    if ask is not None:
        return ask(product=product, lot=lot, serial=serial)
    knows = getattr(provider, "knows_serial", None)
    if knows is None or not knows(product=product, lot=lot, serial=serial):
        return None
    return list(provider.links(product=product, lot=lot, serial=serial))


def serial_links(*, product: Product, lot: Lot | None, serial: str) -> list[Link] | None:
    """Every provider's links for a serial-level item, each provider asked once; None when no
    provider issued the serial. The providers that did not issue it give their links for the
    product and lot alone."""
    answers = [
        (provider, _serial_links(provider, product=product, lot=lot, serial=serial))
        for provider in list(_providers)
    ]
    if all(answer is None for _provider, answer in answers):
        return None
    links: list[Link] = []
    for provider, answer in answers:
        if answer is None:
            answer = list(provider.links(product=product, lot=lot, serial=None))
        links.extend(answer)
    return links


# Resolution -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """What a Digital Link resolves to: a description of its item, its default link and every
    link it has (plain values, so that it can be cached)."""

    link: DigitalLink
    description: str
    default: Link
    links: list[Link]

    def find(self, link_type: str) -> Link | None:
        wanted = link_type_uri(link_type)
        return next((link for link in self.links if link.relation == wanted), None)


def _unknown(message: str, field: str) -> DigitalLinkError:
    return DigitalLinkError(message, code="unknown", field=field, status=404)


def _own_links(product: Product, lot: Lot | None) -> list[Link]:
    product_page = reverse("trace_public:product", args=[product.gtin])
    links = [Link(PIP, product_page, _("Product information: %(name)s") % {"name": product.name})]
    if lot is not None:
        lot_page = reverse("trace_public:lot", args=[product.gtin, lot.code])
        links.insert(
            0,
            Link(
                TRACEABILITY,
                lot_page,
                _("Journey of lot %(lot)s: %(name)s") % {"lot": lot.code, "name": product.name},
            ),
        )
    organisation = product.organisation
    if certificates_valid(organisation):
        links.append(
            Link(
                CERTIFICATION_INFO,
                reverse("orgs:organisation-detail", args=[organisation.slug]) + "#certificates",
                _("Certificates of %(name)s") % {"name": organisation.name},
            )
        )
    return links


def digital_link_resolve(link: DigitalLink) -> Resolution:
    """Find the item a Digital Link names and gather its links (ours, then the providers').

    Raises :class:`DigitalLinkError` with status 404 naming the part that is unknown.
    """
    products = Product.objects.filter(gtin=link.gtin, is_active=True, organisation__is_active=True)
    lot = None
    if link.lot is not None:
        lot = (
            Lot.objects.select_related("product__organisation")
            .filter(product__in=products, code=link.lot)
            .first()
        )
        if lot is None and products.exists():
            raise _unknown(_("This product has no lot with this code."), "lot")
    product = lot.product if lot is not None else products.select_related("organisation").first()
    if product is None:
        raise _unknown(_("No product has this GTIN here."), "gtin")
    if link.serial is None:
        provided = provided_links(product=product, lot=lot)
    else:
        found = serial_links(product=product, lot=lot, serial=link.serial)
        if found is None:
            raise _unknown(_("No stamp with this serial number is known."), "serial")
        provided = found
    links = _own_links(product, lot) + provided
    default = next((item for item in links if item.link_type == DEFAULT_LINK), None)
    if default is None:
        first = links[0]
        default = Link(DEFAULT_LINK, first.href, first.title, first.media_type, first.hreflang)
        links.insert(0, default)
    description = product.name
    if lot is not None:
        description = _("%(product)s, lot %(lot)s") % {"product": product.name, "lot": lot.code}
    return Resolution(link=link, description=description, default=default, links=links)


def digital_link_resolve_cached(link: DigitalLink) -> Resolution:
    """:func:`digital_link_resolve` kept for ``RESOLUTION_CACHE_SECONDS`` per item and language:
    every scan of a stamp goes through the resolver. Serial-level URIs are never cached, so the
    provider that knows the serial sees every scan; unknown items are not cached either."""
    if link.serial is not None:
        return digital_link_resolve(link)
    key = f"trace:resolve:{link.gtin}:{link.lot or ''}:{get_language()}"
    resolution = cache.get(key)
    if resolution is None:
        resolution = digital_link_resolve(link)
        cache.set(key, resolution, RESOLUTION_CACHE_SECONDS)
    return resolution


def linkset_document(resolution: Resolution, *, absolute) -> dict:
    """The RFC 9264 linkset as GS1 resolvers shape it: one context object, anchored at the
    canonical Digital Link URI, each relation type a full GS1 vocabulary URI."""
    context: dict = {
        "anchor": absolute(resolution.link.path),
        "description": resolution.description,
    }
    for link in resolution.links:
        target = {**link.as_target(), "href": absolute(link.href)}
        context.setdefault(link.relation, []).append(target)
    return {"linkset": [context]}


# Views ----------------------------------------------------------------------------------------

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Link, Location, Content-Language",
}


def _cors(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def _wants(request: HttpRequest, media_type: str) -> bool:
    preferred = request.get_preferred_type(["text/html", LINKSET_TYPE, "application/json"])
    if media_type == "application/json":
        return preferred in (LINKSET_TYPE, "application/json")
    return preferred == media_type


def _problem(request: HttpRequest, error: DigitalLinkError) -> HttpResponse:
    response: HttpResponse
    if _wants(request, "application/json"):
        response = JsonResponse(
            {
                "status": error.status,
                "code": error.code,
                "field": error.field,
                "detail": error.message,
            },
            status=error.status,
        )
    else:
        response = render(
            request,
            "trace/public/resolver_error.html",
            {"error": error, "path": request.path},
            status=error.status,
        )
    response["Vary"] = "Accept, Accept-Language"
    return _cors(response)


def _link_header(resolution: Resolution, absolute) -> str:
    anchor = absolute(resolution.link.path)
    values = [f'<{anchor}?linkType=linkset>; rel="linkset"; type="{LINKSET_TYPE}"']
    for link in resolution.links:
        languages = "".join(f'; hreflang="{language}"' for language in link.hreflang)
        values.append(
            f'<{absolute(link.href)}>; rel="{link.relation}"; type="{link.media_type}"{languages}'
        )
    return ", ".join(values)


def _linkset_response(resolution: Resolution, absolute) -> HttpResponse:
    response = HttpResponse(
        json.dumps(linkset_document(resolution, absolute=absolute), ensure_ascii=False),
        content_type=LINKSET_TYPE,
    )
    response["Link"] = f'<{LINKSET_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"'
    return response


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def resolve(request: HttpRequest, rest: str = "") -> HttpResponse:
    """``/01/…``: redirect to the requested (or default) link, or answer the linkset."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
        response["Access-Control-Max-Age"] = "86400"
        return _cors(response)
    try:
        resolution = digital_link_resolve_cached(digital_link_parse("/01/" + rest))
    except DigitalLinkError as error:
        return _problem(request, error)
    absolute = request.build_absolute_uri
    link_type = request.GET.get("linkType", "")
    if link_type in LINKSET_REQUESTS or (not link_type and _wants(request, LINKSET_TYPE)):
        response = _linkset_response(resolution, absolute)
    else:
        # A link type we do not hold falls back to the default link, as the standard asks.
        target = (resolution.find(link_type) if link_type else None) or resolution.default
        response = HttpResponse(status=307)
        response["Location"] = absolute(target.href)
        response["Link"] = _link_header(resolution, absolute)
    response["Vary"] = "Accept, Accept-Language"
    return _cors(response)


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def resolver_description(request: HttpRequest) -> HttpResponse:
    """``/.well-known/gs1resolver``: what this resolver supports, as the standard's schema says."""
    if request.method == "OPTIONS":
        return _cors(HttpResponse(status=204))
    description = {
        "name": "Bản Số",
        "resolverRoot": request.build_absolute_uri("/").rstrip("/"),
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [{"namespace": GS1_VOCABULARY, "prefix": "gs1:"}],
        "linkTypeDefaultCanBeLinkset": True,
        "supportedContextValuesEnumerated": [],
    }
    return _cors(JsonResponse(description, json_dumps_params={"ensure_ascii": False}))

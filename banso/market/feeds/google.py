"""The Google Merchant Center / Meta (Facebook, Instagram) catalogue feed, as RSS 2.0 XML with
the ``g:`` namespace and as CSV with the same attributes as columns.

Attribute names and formats follow Google's product data specification (Merchant Center help,
"Product data specification", answer 7052112), which Meta's catalogue reads as well:

- ``price``: a number and an ISO 4217 currency code (``15.00 GBP`` in Google's example); the
  đồng has no minor unit in ISO 4217, so ``250000 VND``.
- ``availability``: ``in_stock`` or ``out_of_stock``; ``condition``: ``new``.
- ``gtin``: GTIN-8, -12, -13 or -14 (GTIN-14 with its leading zero is accepted). Numbers made
  from a restricted-circulation prefix (the platform's internal one) are not global, so such
  items carry no ``gtin`` and ``identifier_exists`` = ``no``.
- ``item_group_id``: the listing, so its variants (weights, pack sizes) show as one product.
- ``shipping``: ``country``, ``service`` and ``price``, nested in XML and written
  ``VN::service:30000 VND`` in text feeds; ``shipping_weight``: ``500 g``.
- ``title`` at most 150 characters, ``description`` at most 5,000, ``id`` at most 50.
"""

import io
from collections.abc import Iterable
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from django.utils.translation import gettext as _

from banso.common.exports import cell_text, csv_writer
from banso.market.feeds.items import FeedItem

NAMESPACE = "http://base.google.com/ns/1.0"
COUNTRY = "VN"
CURRENCY = "VND"
TITLE_MAX = 150
DESCRIPTION_MAX = 5000
BRAND_MAX = 70
# The attributes Google caps in length: a quote put in front in the CSV must not pass the cap.
LIMITS = {"title": TITLE_MAX, "description": DESCRIPTION_MAX, "brand": BRAND_MAX}
NO_ATTRIBUTES = AttributesImpl({})  # of an XML element

ATTRIBUTES = (
    "id",
    "item_group_id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "condition",
    "brand",
    "gtin",
    "identifier_exists",
    "google_product_category",
    "product_type",
    "shipping",
    "shipping_weight",
)


def price(amount_vnd: int) -> str:
    return f"{int(amount_vnd)} {CURRENCY}"


def item_attributes(item: FeedItem, categories: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The item's attributes as text; ``shipping`` is left out (each format writes it its own
    way) and empty attributes are dropped by the writers."""
    category_id = categories.get(item.category, ("", ""))[0]
    return {
        "id": item.item_id,
        "item_group_id": item.group_id,
        "title": item.full_title[:TITLE_MAX],
        "description": item.description[:DESCRIPTION_MAX],
        "link": item.link,
        "image_link": item.image_link,
        "availability": "in_stock" if item.in_stock else "out_of_stock",
        "price": price(item.price_vnd),
        "condition": "new",
        "brand": item.shop_name[:BRAND_MAX],
        "gtin": item.gtin if item.gtin_is_global else "",
        "identifier_exists": "yes" if item.gtin_is_global else "no",
        "google_product_category": category_id,
        "product_type": item.category_label,
        "shipping_weight": f"{item.weight_grams} g" if item.weight_grams else "",
    }


def _service() -> str:
    return _("Delivery")


def write_xml(
    items: Iterable[FeedItem],
    out: BinaryIO,
    *,
    categories: dict[str, tuple[str, str]],
    title: str,
    link: str,
    description: str = "",
) -> int:
    """Stream the RSS document to ``out`` item by item; returns the number of items."""
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("rss", AttributesImpl({"version": "2.0", "xmlns:g": NAMESPACE}))
    xml.startElement("channel", NO_ATTRIBUTES)
    for name, value in (("title", title), ("link", link), ("description", description or title)):
        _element(xml, name, value)
    service = _service()
    count = 0
    for item in items:
        xml.ignorableWhitespace("\n")
        xml.startElement("item", NO_ATTRIBUTES)
        for name, value in item_attributes(item, categories).items():
            if value:
                _element(xml, f"g:{name}", value)
        xml.startElement("g:shipping", NO_ATTRIBUTES)
        _element(xml, "g:country", COUNTRY)
        _element(xml, "g:service", service)
        _element(xml, "g:price", price(item.delivery_fee_vnd))
        xml.endElement("g:shipping")
        xml.endElement("item")
        count += 1
    xml.ignorableWhitespace("\n")
    xml.endElement("channel")
    xml.endElement("rss")
    xml.endDocument()
    return count


def _element(xml: XMLGenerator, name: str, value: str) -> None:
    xml.startElement(name, NO_ATTRIBUTES)
    xml.characters(value)
    xml.endElement(name)


def write_csv(
    items: Iterable[FeedItem], out: BinaryIO, *, categories: dict[str, tuple[str, str]], **_unused
) -> int:
    """The same attributes as columns (UTF-8, comma-separated, a header row). A value a
    spreadsheet would take for a formula gets a quote in front; the XML feed needs none (its
    text is escaped XML)."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv_writer(text)
    writer.writerow(ATTRIBUTES)
    service = _service()
    count = 0
    for item in items:
        values = item_attributes(item, categories)
        for name, limit in LIMITS.items():
            values[name] = cell_text(values[name])[:limit]
        values["shipping"] = f"{COUNTRY}::{service}:{price(item.delivery_fee_vnd)}"
        writer.writerow([values.get(name, "") for name in ATTRIBUTES])
        count += 1
    text.flush()
    text.detach()
    return count

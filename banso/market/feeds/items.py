"""One feed item per variant on sale, built from plain rows so a 10,000-listing feed never holds
model instances or walks a relation per item.

The rows come from :func:`banso.market.selectors.feeds.feed_rows` (one query, read in chunks);
every writer (Google XML and CSV, the marketplaces' sheets) reads the same :class:`FeedItem`.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from banso.trace.models import ProductCategory

# Characters XML 1.0 and Excel refuse (C0 controls other than tab, newline, carriage return).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# GS1 prefixes for restricted circulation (in-store and regional numbers): such a GTIN means
# nothing outside the region, and Google disapproves items that carry one.
_RESTRICTED_GTIN13 = ("02", "04", "2")


def clean_text(value: str | None) -> str:
    return _ILLEGAL.sub("", value or "").strip()


def gtin_is_global(gtin: str) -> bool:
    """Whether a GTIN-14 (indicator 0) is a globally unique number a marketplace can match,
    not a restricted-circulation one made from the platform's internal prefix."""
    if not gtin or not gtin.isdigit() or len(gtin) > 14:
        return False
    gtin14 = gtin.zfill(14)
    if gtin14.startswith("000000"):  # a GTIN-8: prefixes 0 and 2 are restricted
        return gtin14[6] not in "02"
    if gtin14[0] != "0":  # a GTIN-14 of a trade unit above the consumer unit
        return True
    return not gtin14[1:].startswith(_RESTRICTED_GTIN13)


@dataclass(frozen=True, slots=True)
class FeedItem:
    variant_id: int
    listing_id: int
    title: str
    variant_label: str
    description: str
    link: str
    image_link: str
    price_vnd: int
    stock: int
    sku: str
    gtin: str
    category: str
    category_label: str
    weight_grams: int | None
    shop_name: str
    shop_slug: str
    delivery_fee_vnd: int
    origin: str
    ocop_stars: int | None

    @property
    def item_id(self) -> str:
        """Stable across regenerations (the variant's key), so marketplaces update, not add."""
        return f"BS-{self.variant_id}"

    @property
    def group_id(self) -> str:
        return f"BS-L{self.listing_id}"

    @property
    def full_title(self) -> str:
        return f"{self.title} – {self.variant_label}" if self.variant_label else self.title

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def gtin_is_global(self) -> bool:
        return gtin_is_global(self.gtin)


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def _category_labels() -> dict[str, str]:
    with translation.override("vi"):
        return {value: str(label) for value, label in ProductCategory.choices}


def feed_items(rows: Iterable[dict]) -> Iterator[FeedItem]:
    """Turn the selector's rows into items. Texts are cleaned of the control characters that
    XML and Excel refuse; the OCOP stars are given only while the certificate is in force
    (``ocop_in_force``, decided by the selector)."""
    labels = _category_labels()
    link_zero = reverse("market:listing-detail", args=[0])
    link_head, link_tail = link_zero.rsplit("/0/", 1)
    for row in rows:
        image = row["listing_photo"] or row["product_photo"] or ""
        ocop_in_force = row["ocop_stars"] and row["ocop_in_force"]
        title = clean_text(row["listing__title"])
        yield FeedItem(
            variant_id=row["pk"],
            listing_id=row["listing_id"],
            title=title,
            variant_label=clean_text(row["label"]),
            description=clean_text(row["listing__description"])
            or clean_text(row["listing__product__description"])
            or title,
            link=absolute_url(f"{link_head}/{row['listing_id']}/{link_tail}"),
            image_link=absolute_url(default_storage.url(image)) if image else "",
            price_vnd=row["price_vnd"],
            stock=row["stock"],
            sku=clean_text(row["sku"]),
            gtin=row["listing__product__gtin"] or "",
            category=row["listing__category"],
            category_label=labels.get(row["listing__category"], ""),
            weight_grams=row["weight_grams"],
            shop_name=clean_text(row["listing__shop__name"]),
            shop_slug=row["listing__shop__slug"],
            delivery_fee_vnd=row["listing__shop__delivery_fee_vnd"],
            origin=clean_text(row["listing__unit__name"]),
            ocop_stars=row["ocop_stars"] if ocop_in_force else None,
        )

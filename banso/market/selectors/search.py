"""The marketplace search: Vietnamese typed with or without diacritics finds the same listings,
ranked the same way on SQLite and on PostgreSQL.

Matching runs over ``Listing.search_text``, the listing's words already folded ("Chè Shan
Tuyết" → "che shan tuyet", "đường" → "duong"), through the index of migration 0002 (FTS5 on
SQLite, a GIN index of the words on PostgreSQL). The query is folded the same way and cut into
words by the same rule as the index, so both databases see the same words. Every word must
match a whole word of the listing, except the last one, which may be the start of a word (of
three letters or more): the results follow the buyer as they type.

Ranking, identical on both databases (every step is plain SQL over the same text):

1. more query words found as whole words (so "che" puts Chè before Chén);
2. words found earlier in ``search_text`` — it starts with the title, then the product, shop,
   commune and category, so a listing whose title has the words comes before one whose shop
   or commune has them;
3. more sold, newer, then the higher id, so that equal listings never swap between pages.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf, StrIndex
from django.utils import timezone, translation

from banso.common.text import fold
from banso.lingo.selectors import translation_matching_ids, translations_prefetch
from banso.market.models import Listing, ListingPhoto, Shop, ShopStatus
from banso.market.selectors.listings import listings_public, ocop_badge
from banso.orgs.selectors import certificate_in_force_q
from banso.places.models import AdministrativeUnit
from banso.trace.models import Product, ProductCategory

# What separates words, in the query as in the index (migration 0002): ASCII punctuation,
# spaces and control characters, and any other space (folding turns those into ASCII spaces).
WORD_SEPARATORS = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x9f\s]+")
MAX_QUERY_CHARACTERS = 200
MAX_WORDS = 8
MAX_WORD_CHARACTERS = 60
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
MAX_PRICE_VND = 2**62
# Added for a word that is only the start of a word: more than any position in the text.
FAR = 100_000
SUGGEST_CANDIDATES = 40
# Counting every match of a broad query ("th", or no words at all) costs more than the page:
# past this many, the count says "more than".
COUNT_LIMIT = 500
MIN_PREFIX = 3

# The function of migration 0002, over which the GIN index is built.
POSTGRESQL_MATCH = 'market_listing_words("market_listing"."search_text") @@ %s::tsquery'
SQLITE_MATCH = (
    '"market_listing"."id" IN '
    "(SELECT rowid FROM market_listing_search WHERE market_listing_search MATCH %s)"
)


@dataclass
class SearchResult:
    """A page of results: the listings (with ``shop``, ``unit``, ``ocop_certificate`` and
    ``card_photo``), how many match in all (counted up to ``COUNT_LIMIT``: beyond it,
    ``total_is_capped`` and the buyer sees "more than 500"), and the words searched for."""

    listings: list[Listing]
    total: int
    total_is_capped: bool = False
    has_next: bool = False
    words: list[str] = field(default_factory=list)
    limit: int = 20
    offset: int = 0

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def query_words(query: str) -> list[str]:
    """The folded words of a query, cleaned of anything the search syntax could read: a query
    of punctuation alone (``"``, ``*``, ``AND(``) has no word or plain words only."""
    text = query[:MAX_QUERY_CHARACTERS].encode("utf-8", "replace").decode("utf-8")
    words: list[str] = []
    for word in WORD_SEPARATORS.split(fold(text)):
        word = word[:MAX_WORD_CHARACTERS]
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _last_is_prefix(words: list[str]) -> bool:
    """One or two letters are not worth expanding: "th" begins half the marketplace's words,
    and ranking half the listings costs more than the page is worth. They match whole words
    ("ca", "le", "su" are products)."""
    return len(words[-1]) >= MIN_PREFIX


def _fts5_query(words: list[str]) -> str:
    quoted = ['"{}"'.format(word.replace('"', '""')) for word in words]
    if _last_is_prefix(words):
        quoted[-1] += "*"
    return " ".join(quoted)


def _tsquery(words: list[str]) -> str:
    quoted = ["'{}'".format(word.replace("\\", "\\\\").replace("'", "''")) for word in words]
    if _last_is_prefix(words):
        quoted[-1] += ":*"
    return " & ".join(quoted)


def _matching(words: list[str]) -> RawSQL:
    if connection.vendor == "postgresql":
        # The words travel as a parameter; the SQL around them is constant.
        return RawSQL(  # noqa: S611
            POSTGRESQL_MATCH, [_tsquery(words)], output_field=BooleanField()
        )
    if connection.vendor == "sqlite":
        return RawSQL(  # noqa: S611
            SQLITE_MATCH, [_fts5_query(words)], output_field=BooleanField()
        )
    raise NotImplementedError(f"no marketplace search index for {connection.vendor}")


def _words_matching(words: list[str], query: str) -> Q:
    """The listings the words find; in another language than Vietnamese, also those whose
    title, or their product's name, translated into it holds the query ("plum" finds "Mận
    tam hoa" once its English title is "Tam Hoa plum"). The Vietnamese search stays the index
    alone."""
    matching = Q(_matching(words))
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return matching
    text = query[:MAX_QUERY_CHARACTERS].strip()
    return (
        matching
        | Q(
            pk__in=translation_matching_ids(
                Listing, fields=("title",), language=language, query=text
            )
        )
        | Q(
            product_id__in=translation_matching_ids(
                Product, fields=("name",), language=language, query=text
            )
        )
    )


def _ranked(listings: QuerySet[Listing], words: list[str]) -> QuerySet[Listing]:
    """Order by one score: each word adds its position in the text where it is a whole word,
    or ``FAR`` plus where it begins one, so fewer unfinished words always come first (the text
    is far shorter than ``FAR``), then words nearer the title."""
    padded = Func(F("search_text"), template="(' ' || %(expressions)s || ' ')")
    # COALESCE(NULLIF(…)) rather than CASE: the databases look for the whole word once, and for
    # its beginning only when the whole word is missing.
    scores = [
        Coalesce(
            NullIf(StrIndex(padded, Value(f" {word} ")), Value(0)),
            StrIndex(padded, Value(f" {word}")) + Value(FAR),
            output_field=IntegerField(),
        )
        for word in words
    ]
    return listings.alias(search_score=sum(scores[1:], start=scores[0])).order_by(
        "search_score", "-sold_count", "-created_at", "-pk"
    )


def _ocop_in_force(
    listings: QuerySet[Listing], *, stars_min: int, today: datetime.date
) -> QuerySet[Listing]:
    return listings.filter(
        certificate_in_force_q(on=today, through="ocop_certificate__"),
        ocop_certificate__ocop_stars__gte=max(0, min(stars_min, 5)),
    )


def _filtered(
    *,
    category: str,
    unit_code: str,
    ocop_stars_min: int | None,
    price_min: int | None,
    price_max: int | None,
    today: datetime.date,
) -> QuerySet[Listing] | None:
    """Public listings narrowed by the filters; None when a filter cannot match anything (an
    unknown category or commune code), so that no odd value ever reaches the database."""
    listings = listings_public()
    if category:
        if category not in ProductCategory.values:
            return None
        listings = listings.filter(category=category)
    if unit_code:
        if not (unit_code.isascii() and unit_code.isdigit() and len(unit_code) <= 10):
            return None
        listings = listings.filter(unit__code=unit_code, unit__is_current=True)
    if ocop_stars_min is not None:
        listings = _ocop_in_force(listings, stars_min=ocop_stars_min, today=today)
    if price_min is not None:
        listings = listings.filter(price_vnd__gte=max(0, min(price_min, MAX_PRICE_VND)))
    if price_max is not None:
        listings = listings.filter(price_vnd__lte=max(0, min(price_max, MAX_PRICE_VND)))
    return listings


def listing_cards_attach(listings: list[Listing]) -> list[Listing]:
    """Give each listing what ``market/_listing_card.html`` shows besides its own columns: its
    ``card_photo`` (its first photo, or None: the card shows a placeholder), in one query, and
    its ``card_ocop`` badge (None when the certificate is not in force), by the rule of
    :func:`~banso.market.selectors.listings.ocop_badge`; and the translations of their titles
    in the active language (banso.lingo)."""
    today = timezone.localdate()
    # Their titles in the buyer's language: one query for the page (none in Vietnamese).
    translations_prefetch(listings)
    by_listing: dict[int, ListingPhoto] = {}
    if listings:
        photos = ListingPhoto.objects.filter(listing__in=[listing.pk for listing in listings])
        for photo in photos.order_by("-position", "-pk"):
            by_listing[photo.listing_id] = photo
    for listing in listings:
        listing.card_photo = by_listing.get(listing.pk)  # type: ignore[attr-defined]
        listing.card_ocop = ocop_badge(listing, today=today)  # type: ignore[attr-defined]
    return listings


def listing_search(
    *,
    query: str = "",
    category: str = "",
    unit_code: str = "",
    ocop_stars_min: int | None = None,
    price_min: int | None = None,
    price_max: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Public listings matching the query's words and the filters, best first.

    ``unit_code`` is the commune's official code; ``ocop_stars_min`` counts only a certificate
    in force today. Without words, the most sold come first. Three queries: the order (which
    also counts), the page's rows, their photos; in English or Chinese a fourth, the titles'
    translations (and the words also find translated titles, see :func:`_words_matching`).
    """
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    words = query_words(query)
    listings = _filtered(
        category=category,
        unit_code=unit_code,
        ocop_stars_min=ocop_stars_min,
        price_min=price_min,
        price_max=price_max,
        today=timezone.localdate(),
    )
    if listings is None:
        return SearchResult(listings=[], total=0, words=words, limit=limit, offset=offset)
    if words:
        listings = _ranked(listings.filter(_words_matching(words, query)), words)
    else:
        listings = listings.order_by("-sold_count", "-created_at", "-pk")
    # The order is worked out over narrow rows (ids and the ranking's figures): the first
    # COUNT_LIMIT ids in order are as cheap as the first twenty, and counting them spares a
    # second pass over the matches. The page's rows are read whole afterwards.
    ordered = listings.values_list("pk", flat=True)
    if offset + limit <= COUNT_LIMIT:
        ranked = list(ordered[: COUNT_LIMIT + 1])
        ids = ranked[offset : offset + limit]
        capped = len(ranked) > COUNT_LIMIT
        total = min(len(ranked), COUNT_LIMIT)
        has_next = offset + limit < len(ranked)
    else:
        # Far down a broad search (or asked for pages longer than the counted window): one
        # id more than the page tells whether another page follows.
        ids = list(ordered[offset : offset + limit + 1])
        has_next = len(ids) > limit
        ids = ids[:limit]
        if has_next:
            capped, total = True, offset + len(ids)
        elif ids or offset == 0:
            capped, total = False, offset + len(ids)
        else:
            total = listings.order_by()[: COUNT_LIMIT + 1].count()
            capped, total = total > COUNT_LIMIT, min(total, COUNT_LIMIT)
    rows = Listing.objects.select_related("shop", "unit", "ocop_certificate").in_bulk(ids)
    return SearchResult(
        listings=listing_cards_attach([rows[pk] for pk in ids if pk in rows]),
        total=total,
        total_is_capped=capped,
        has_next=has_next,
        words=words,
        limit=limit,
        offset=offset,
    )


def listing_suggest(*, prefix: str, limit: int = 8) -> list[str]:
    """Titles (or product names) of listings on sale whose words start with what the buyer has
    typed so far, best matches first, each once. One query."""
    words = query_words(prefix)
    if not words:
        return []
    candidates = _ranked(listings_public().filter(_matching(words)), words).values_list(
        "title", "product__name"
    )[:SUGGEST_CANDIDATES]
    suggestions: list[str] = []
    seen: set[str] = set()
    for names in candidates:
        for name in names:
            folded = fold(name)
            if folded not in seen and _starts_words(folded, words):
                seen.add(folded)
                suggestions.append(name)
    return suggestions[: max(0, limit)]


def _starts_words(folded: str, words: list[str]) -> bool:
    """Whether every query word is a word of ``folded``, the last one possibly a start."""
    own = [word for word in WORD_SEPARATORS.split(folded) if word]
    *whole, last = words
    if not _last_is_prefix(words):
        whole.append(last)
    return all(word in own for word in whole) and (
        not _last_is_prefix(words) or any(word.startswith(last) for word in own)
    )


def listing_search_communes() -> QuerySet[AdministrativeUnit]:
    """The communes and wards that have listings on sale, for the search's commune filter."""
    # A listing's commune is its shop's: only the open shops' communes need checking.
    return (
        AdministrativeUnit.objects.filter(
            pk__in=Shop.objects.filter(status=ShopStatus.APPROVED).values("unit_id")
        )
        .filter(Exists(listings_public().filter(unit=OuterRef("pk"))))
        .order_by("name_sort")
        .only("code", "name")
    )


def listings_featured(*, limit: int = 8) -> list[Listing]:
    """OCOP listings with a certificate in force, most stars first, for the marketplace's front
    page."""
    listings = _ocop_in_force(listings_public(), stars_min=3, today=timezone.localdate())
    page = list(
        listings.select_related("shop", "unit", "ocop_certificate").order_by(
            "-ocop_certificate__ocop_stars", "-sold_count", "-created_at", "-pk"
        )[:limit]
    )
    return listing_cards_attach(page)


def listings_newest(*, limit: int = 12) -> list[Listing]:
    """The newest listings on sale, for the marketplace's front page."""
    page = list(
        listings_public()
        .select_related("shop", "unit", "ocop_certificate")
        .order_by("-created_at", "-pk")[:limit]
    )
    return listing_cards_attach(page)

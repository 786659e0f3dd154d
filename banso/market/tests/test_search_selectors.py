"""The marketplace search: diacritic-free words, filters, ranking, suggestions, paging, and
queries that try to speak the index's syntax. The module runs on SQLite and on PostgreSQL and
expects the same lists on both."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banso.market.models import Listing, ListingStatus, ShopStatus
from banso.market.selectors.listings import listings_public
from banso.market.selectors.search import (
    listing_search,
    listing_search_communes,
    listing_suggest,
    listings_featured,
    listings_newest,
    query_words,
)
from banso.market.services.summary import listing_summary_refresh
from banso.market.tests.makers import listing_make
from banso.orgs.models import Certificate
from banso.trace.tests.makers import product_make

pytestmark = pytest.mark.django_db

MUONG_KHUONG = "02761"
BAC_HA = "02839"


def ocop_certificate(organisation, *, stars: int, valid_until: datetime.date | None):
    certificate = Certificate(
        organisation=organisation,
        kind="ocop",
        issuer="UBND tỉnh Lào Cai",
        number=f"OCOP-{stars}-{valid_until}",
        valid_from=datetime.date(2019, 1, 1),
        valid_until=valid_until,
        ocop_stars=stars,
        ocop_year=2019,
    )
    certificate.full_clean()
    certificate.save()
    return certificate


@pytest.fixture
def goods(shop, other_shop, listing, other_listing, coop, other_coop):
    """Six listings in two shops (Mường Khương: quýt, chè; Bắc Hà: mận, đường, mứt quýt,
    chén), with an OCOP certificate in force on the tea and an expired one on the tangerines."""
    made = {"quyt": listing, "man": other_listing}
    items = iter(range(10, 99))

    def make(key, shop_, organisation, name, price, category="fruit", **fields):
        product = product_make(organisation, name=name, item=next(items), category=category)
        made[key] = listing_make(shop_, product, variants=[("1 kg", price, 5)], **fields)

    make(
        "che",
        shop,
        coop,
        "Chè Shan Tuyết Tả Phìn",
        180000,
        category="tea",
        ocop_certificate=ocop_certificate(coop, stars=4, valid_until=None),
        ocop_group="beverage",
    )
    make("duong", other_shop, other_coop, "Đường phèn Bắc Hà", 45000, category="processed_food")
    make("mut", other_shop, other_coop, "Mứt quýt", 90000, category="processed_food")
    make("chen", other_shop, other_coop, "Chén gốm", 120000, category="handicraft")
    expired = ocop_certificate(coop, stars=5, valid_until=datetime.date(2020, 12, 31))
    Listing.objects.filter(pk=listing.pk).update(ocop_certificate=expired, ocop_group="food")
    return made


def found(**arguments) -> list[int]:
    return [listing.pk for listing in listing_search(**arguments).listings]


def pks(goods, *keys) -> list[int]:
    return [goods[key].pk for key in keys]


# --- words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Quýt", ["quyt"]),
        ("  ĐƯỜNG   phèn ", ["duong", "phen"]),
        ('"che" AND(shan*) OR -tuyet', ["che", "and", "shan", "or", "tuyet"]),
        ('"*^:()', []),
        ("quyt quyt", ["quyt"]),
        ("mận_tam-hoa", ["man", "tam", "hoa"]),
    ],
)
def test_query_words_are_folded_and_stripped_of_syntax(query, words):
    assert query_words(query) == words


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("quyt", "mut"),
        ("QUÝT", "mut"),
        ("duong", "duong"),
        ("đường", "duong"),
        ("che shan tuyet", "che"),
        ("Chè Shan Tuyết", "che"),
        ("tuyet shan", "che"),
        ("che shan tuy", "che"),
        ("mut quyt", "mut"),
    ],
)
def test_words_without_diacritics_find_the_listing(goods, query, key):
    assert goods[key].pk in found(query=query)


def test_every_word_must_match(goods):
    assert found(query="quyt bac ha") == pks(goods, "mut")
    assert found(query="quyt muong") == pks(goods, "quyt", "che")
    assert found(query="quyt xoai") == []


def test_only_the_last_word_may_be_unfinished(goods):
    assert found(query="duo") == pks(goods, "duong")
    assert found(query="duo phen") == []


def test_listings_that_are_not_public_are_never_found(goods, shop):
    Listing.objects.filter(pk=goods["duong"].pk).update(status=ListingStatus.HIDDEN)
    assert found(query="duong") == []
    type(shop).objects.filter(pk=shop.pk).update(status=ShopStatus.SUSPENDED)
    assert found(query="shan") == []
    assert set(found(limit=50)) == {goods[key].pk for key in ("man", "mut", "chen")}


def test_the_index_follows_changes_and_deletions(goods):
    che = goods["che"]
    che.title = "Hồng trà cổ thụ"
    che.save()
    che.product.name = "Hồng trà"
    che.product.save()
    listing_summary_refresh(che)
    assert found(query="hong tra") == [che.pk]
    assert che.pk not in found(query="shan tuyet")
    chen = goods["chen"]
    chen.variants.all().delete()
    chen.delete()
    assert found(query="chen") == []


# --- ranking ------------------------------------------------------------------------------


def test_title_words_come_before_shop_words(goods):
    # Quýt Mường Khương (title), Mứt quýt (title, later), then the tea of the shop named Quýt.
    assert found(query="quyt") == pks(goods, "quyt", "mut", "che")


def test_whole_words_come_before_beginnings(goods):
    # The tea's title and the processed food's category (Vietnamese "chế biến") have the
    # word; the bowl's title only starts with it, however well it sells.
    Listing.objects.filter(pk=goods["chen"].pk).update(sold_count=500)
    ranked = found(query="che")
    assert ranked[0] == goods["che"].pk
    assert ranked[-1] == goods["chen"].pk
    assert set(ranked[1:-1]) == set(pks(goods, "duong", "mut"))


def test_equal_matches_go_by_sales_then_age(goods, shop, other_shop, coop, other_coop):
    first = listing_make(
        shop, product_make(coop, name="Mật ong bạc hà", item=90), variants=[("1 l", 300000, 2)]
    )
    second = listing_make(
        other_shop,
        product_make(other_coop, name="Mật ong bạc hà", item=91),
        variants=[("1 l", 320000, 2)],
    )
    assert found(query="mat ong") == [second.pk, first.pk]
    Listing.objects.filter(pk=first.pk).update(sold_count=3)
    assert found(query="mat ong") == [first.pk, second.pk]


def test_without_words_the_most_sold_come_first(goods):
    Listing.objects.filter(pk=goods["mut"].pk).update(sold_count=9)
    Listing.objects.filter(pk=goods["che"].pk).update(sold_count=4)
    assert found()[:2] == pks(goods, "mut", "che")
    assert len(found()) == 6


# --- filters ------------------------------------------------------------------------------


def test_filter_by_category(goods):
    assert set(found(category="processed_food")) == set(pks(goods, "duong", "mut"))
    assert found(query="quyt", category="processed_food") == pks(goods, "mut")
    assert found(category="no-such-category") == []


def test_filter_by_commune(goods):
    assert set(found(unit_code=MUONG_KHUONG)) == set(pks(goods, "quyt", "che"))
    assert found(query="quyt", unit_code=BAC_HA) == pks(goods, "mut")
    assert found(unit_code="99999") == []
    assert found(unit_code="02761' OR 1=1 --") == []


def test_filter_by_ocop_stars_counts_only_certificates_in_force(goods):
    assert found(ocop_stars_min=3) == pks(goods, "che")
    assert found(ocop_stars_min=4) == pks(goods, "che")
    assert found(ocop_stars_min=5) == []


def test_filter_by_price(goods):
    assert set(found(price_min=100000, price_max=200000)) == set(pks(goods, "che", "chen"))
    assert found(price_max=50000) == pks(goods, "duong")
    assert found(price_min=10**30) == []
    assert len(found(price_min=-5)) == 6


# --- paging -------------------------------------------------------------------------------


def test_pages_split_the_ranked_list_without_gaps(goods):
    everything = found(limit=50)
    pages = [listing_search(limit=4, offset=offset) for offset in (0, 4)]
    assert [page.total for page in pages] == [6, 6]
    assert [listing.pk for page in pages for listing in page.listings] == everything
    assert pages[0].has_next and not pages[1].has_next and pages[1].has_previous
    beyond = listing_search(limit=4, offset=40)
    assert beyond.listings == [] and beyond.total == 6 and not beyond.has_next


def test_broad_searches_count_up_to_a_limit(goods, monkeypatch):
    monkeypatch.setattr("banso.market.selectors.search.COUNT_LIMIT", 3)
    result = listing_search(limit=2)
    assert (result.total, result.total_is_capped, result.has_next) == (3, True, True)
    result = listing_search(query="quyt", limit=2)
    assert (result.total, result.total_is_capped) == (3, False)
    # Past the counted matches, pages still follow one another.
    deep = [listing_search(limit=2, offset=offset) for offset in (2, 4, 6)]
    assert [page.has_next for page in deep] == [True, False, False]
    assert [page.total for page in deep] == [4, 6, 3]
    assert [len(page.listings) for page in deep] == [2, 2, 0]
    assert {listing.pk for page in deep for listing in page.listings} | set(found(limit=2)) == set(
        found(limit=50)
    )


def test_one_or_two_letters_are_a_word_not_a_beginning(goods, shop, coop):
    assert found(query="q") == found(query="qu") == []
    assert found(query="quy") == pks(goods, "quyt", "mut", "che")
    fish = listing_make(
        shop, product_make(coop, name="Cá hồi Sa Pa", item=92), variants=[("1 kg", 1000, 1)]
    )
    assert found(query="ca") == [fish.pk]
    assert listing_suggest(prefix="ca") == ["Cá hồi Sa Pa"]


def test_a_search_costs_a_fixed_number_of_queries(goods, django_assert_num_queries):
    with django_assert_num_queries(3):  # the order, the page's rows, their photos
        result = listing_search(query="quyt")
    assert result.total == 3
    with django_assert_num_queries(3):  # the order counts the matches too
        result = listing_search(limit=2)
    assert result.total == 6
    with django_assert_num_queries(0):  # the shop and commune come with the page
        assert {listing.shop.name for listing in result.listings}
        assert {listing.unit.name for listing in result.listings}


# --- suggestions, front page, communes ----------------------------------------------------


def test_suggestions_are_titles_that_start_like_the_words(goods):
    assert listing_suggest(prefix="quy") == ["Quýt Mường Khương", "Mứt quýt"]
    assert listing_suggest(prefix="che sha") == ["Chè Shan Tuyết Tả Phìn"]
    assert listing_suggest(prefix="Đươ") == ["Đường phèn Bắc Hà"]
    assert listing_suggest(prefix="quy", limit=1) == ["Quýt Mường Khương"]
    assert listing_suggest(prefix="qu") == []
    assert listing_suggest(prefix="") == []
    assert listing_suggest(prefix='"*') == []


def test_communes_with_listings(goods, muong_khuong, bac_ha):
    expected = sorted([muong_khuong, bac_ha], key=lambda unit: unit.name_folded)
    assert [unit.code for unit in listing_search_communes()] == [unit.code for unit in expected]
    Listing.objects.filter(unit=bac_ha).update(status=ListingStatus.DRAFT)
    assert [unit.code for unit in listing_search_communes()] == [MUONG_KHUONG]


def test_front_page_lists(goods):
    assert [listing.pk for listing in listings_featured()] == pks(goods, "che")
    assert [listing.pk for listing in listings_newest(limit=2)] == pks(goods, "chen", "mut")


# --- hostile queries ----------------------------------------------------------------------

HOSTILE = [
    '"',
    "*",
    "AND(",
    "NOT",
    "quyt OR",
    "NEAR(quyt che)",
    "che:shan",
    "^quyt",
    "'; DROP TABLE market_listing; --",
    "quyt' OR '1'='1",
    "\\",
    "%",
    "_",
    "\x00",
    "quyt\x00che",
    "'':*",
    "!(quyt)",
    "a" * 5000,
    "đ" * 300,
    " ".join(["quyt"] * 100),
    "\ud800",
    "茶叶 ★",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_plain_words(goods, query):
    public = set(listings_public().values_list("pk", flat=True))
    result = listing_search(query=query)
    assert set(found(query=query)) <= public
    assert result.total >= len(result.listings)
    listing_suggest(prefix=query)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_any_text_searches_without_error(goods, query):
    public = set(listings_public().values_list("pk", flat=True))
    result = listing_search(query=query, limit=10)
    assert {listing.pk for listing in result.listings} <= public
    assert result.total <= len(public)
    for suggestion in listing_suggest(prefix=query):
        assert isinstance(suggestion, str)

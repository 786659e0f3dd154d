"""The marketplace in the buyer's language (banso.lingo): listings' titles and descriptions and
shops' stories, translated and reviewed, shown with their language and a mark when they are
not (yet, or no longer) a reviewed translation; searched in English and Chinese; forgotten
from the page cache when a translation is reviewed."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info, gettext

from banso.lingo.models import Translation, TranslationState
from banso.lingo.services import translation_review, translation_write
from banso.market.models import Listing
from banso.market.selectors.search import listing_search
from banso.market.services.listings import listing_update
from banso.market.tests.makers import listing_make
from banso.trace.tests.makers import product_make

PLUM_DESCRIPTION = "Mận hái chín trên cây ở Bắc Hà."
PLUM_STORY_EN = "Plums picked ripe in Bac Ha."


@pytest.fixture(autouse=True)
def _english(settings):
    """Overrides the marketplace tests' English source: content is written in Vietnamese."""
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        yield


@pytest.fixture
def plum(other_shop, other_coop):
    product = product_make(other_coop, name="Mận tam hoa", item=7)
    return listing_make(
        other_shop,
        product,
        variants=[("1 kg", 60000, 20)],
        title="Mận tam hoa",
        description=PLUM_DESCRIPTION,
    )


def page(client, language: str, name: str, *args, query: str = ""):
    """The page in ``language``: its address in that language (the language prefix where the
    site has one) and the browser's language, for the middleware that reads it."""
    with translation.override(language):
        url = reverse(name, args=args)
    return client.get(url + query, HTTP_ACCEPT_LANGUAGE=language)


def english_reviewed(listing: Listing, actor) -> None:
    translation_write(
        actor=actor, instance=listing, field="title", language="en", text="Tam Hoa plum"
    )
    translation_write(
        actor=actor, instance=listing, field="description", language="en", text=PLUM_STORY_EN
    )


def mark_text(message: str, language: str, **values) -> str:
    with translation.override(language):
        return gettext(message) % values


def test_a_saved_listing_waits_for_its_translations(plum):
    rows = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(Listing), object_id=plum.pk
    )
    assert sorted(rows.values_list("field", "language", "state")) == [
        ("description", "en", TranslationState.WAITING),
        ("description", "zh-hans", TranslationState.WAITING),
        ("title", "en", TranslationState.WAITING),
        ("title", "zh-hans", TranslationState.WAITING),
    ]
    assert set(rows.values_list("organisation_id", flat=True)) == {plum.shop.organisation_id}


def test_the_english_page_shows_the_reviewed_translation(client, plum, superuser):
    english_reviewed(plum, superuser)
    html = page(client, "en", "market:listing-detail", plum.pk).content.decode()
    assert '<h1 lang="en">Tam Hoa plum</h1>' in html
    assert f'<p id="description" lang="en">{PLUM_STORY_EN}</p>' in html
    assert "lingo-mark" not in html
    document = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert document["name"] == "Tam Hoa plum"
    assert document["description"] == PLUM_STORY_EN


def test_the_chinese_page_shows_the_vietnamese_text_marked(client, plum, superuser):
    english_reviewed(plum, superuser)
    html = page(client, "zh-hans", "market:listing-detail", plum.pk).content.decode()
    assert '<h1 lang="vi">Mận tam hoa</h1>' in html
    assert f'<p id="description" lang="vi">{PLUM_DESCRIPTION}</p>' in html
    with translation.override("zh-hans"):
        vietnamese = get_language_info("vi")["name_translated"]
    expected = mark_text(
        "Not yet translated: shown in %(source_language)s.", "zh-hans", source_language=vietnamese
    )
    assert html.count(f'<small class="lingo-mark">{expected}</small>') == 2


def test_the_vietnamese_page_has_no_mark(client, plum):
    html = page(client, "vi", "market:listing-detail", plum.pk).content.decode()
    assert '<h1 lang="vi">Mận tam hoa</h1>' in html
    assert "lingo-mark" not in html


def test_an_edited_description_marks_its_translation_out_of_date(client, plum, superuser):
    english_reviewed(plum, superuser)
    listing_update(actor=superuser, listing=plum, description="Mận hái chín, ngọt đậm.")
    html = page(client, "en", "market:listing-detail", plum.pk).content.decode()
    assert f'<p id="description" lang="en">{PLUM_STORY_EN}</p>' in html
    stale = mark_text("This translation may be out of date.", "en")
    assert f'<small class="lingo-mark">{stale}</small>' in html
    # The title did not change: its translation stays reviewed, unmarked.
    assert '<h1 lang="en">Tam Hoa plum</h1>' in html
    assert html.count('class="lingo-mark"') == 1


def test_the_shop_page_and_cards_show_translations(client, plum, other_shop, superuser):
    other_shop.story = "Chúng tôi trồng mận ở Bắc Hà."
    other_shop.save()
    translation_write(
        actor=superuser,
        instance=other_shop,
        field="story",
        language="en",
        text="We grow plums in Bac Ha.",
    )
    english_reviewed(plum, superuser)
    html = page(client, "en", "market:shop-detail", other_shop.slug).content.decode()
    assert '<p lang="en">We grow plums in Bac Ha.</p>' in html
    assert '<span class="listing-card__title" lang="en">Tam Hoa plum</span>' in html


def test_english_and_chinese_searches_find_translated_titles(plum, listing, superuser):
    with translation.override("en"):
        assert listing_search(query="plum").listings == []
    english_reviewed(plum, superuser)
    translation_write(
        actor=superuser, instance=plum, field="title", language="zh-hans", text="三华李"
    )
    with translation.override("en"):
        assert [found.pk for found in listing_search(query="plum").listings] == [plum.pk]
        assert [found.pk for found in listing_search(query="Tam Hoa Plum").listings] == [plum.pk]
        # The Vietnamese words still find it in English.
        assert [found.pk for found in listing_search(query="man tam").listings] == [plum.pk]
    with translation.override("zh-hans"):
        assert [found.pk for found in listing_search(query="李").listings] == [plum.pk]
    with translation.override("vi"):
        assert listing_search(query="plum").listings == []


def test_a_product_name_in_english_finds_its_listings(plum, superuser):
    translation_write(
        actor=superuser,
        instance=plum.product,
        field="name",
        language="en",
        text="Three-flower plum",
    )
    with translation.override("en"):
        assert [found.pk for found in listing_search(query="three-flower").listings] == [plum.pk]


def test_the_search_page_in_english_reads_the_titles_in_one_query(
    client, shop, product, superuser, django_assert_num_queries
):
    listings = [
        listing_make(shop, product, variants=[("1 kg", 10000 + n, 5)], title=f"Quýt loại {n}")
        for n in range(6)
    ]
    for listing in listings[:3]:
        translation_write(
            actor=superuser,
            instance=listing,
            field="title",
            language="en",
            text=f"Tangerine grade {listing.pk}",
        )
    with django_assert_num_queries(4):  # as in test_search_views
        page(client, "vi", "market:search", query="?q=quyt")
    with django_assert_num_queries(5):  # and the page's translated titles
        html = page(client, "en", "market:search", query="?q=quyt").content.decode()
    assert html.count('class="listing-card__title" lang="en"') == 3
    assert html.count('class="listing-card__title" lang="vi"') == 3


@pytest.mark.django_db(transaction=True)
def test_a_reviewed_translation_shows_on_the_cached_english_page(client, plum, superuser):
    first = page(client, "en", "market:listing-detail", plum.pk).content.decode()
    assert '<h1 lang="vi">Mận tam hoa</h1>' in first
    row = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(Listing),
        object_id=plum.pk,
        field="title",
        language="en",
    )
    # A write no service announces is not seen: the page comes from the cache.
    Translation.objects.filter(pk=row.pk).update(text="Sneaky plum", state="machine")
    assert (
        "Sneaky plum" not in page(client, "en", "market:listing-detail", plum.pk).content.decode()
    )
    translation_review(actor=superuser, translation=row, action="accept", text="Tam Hoa plum")
    html = page(client, "en", "market:listing-detail", plum.pk).content.decode()
    assert '<h1 lang="en">Tam Hoa plum</h1>' in html
    home = page(client, "en", "market:home").content.decode()
    assert '<span class="listing-card__title" lang="en">Tam Hoa plum</span>' in home
    assert settings.LANGUAGE_CODE == "vi"


def test_the_front_page_in_english_reads_the_titles_in_one_query(client, shop, product, superuser):
    def queries(language: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert page(client, language, "market:home").status_code == 200
        return len(context.captured_queries)

    listing_make(shop, product, variants=[("1 kg", 10000, 5)], title="Quýt loại 1")
    few = queries("en")
    assert few == queries("vi") + 1  # the newest listings' titles (no OCOP listing is featured)
    for n in range(2, 8):
        listing = listing_make(shop, product, variants=[("1 kg", 10000, 5)], title=f"Quýt loại {n}")
        translation_write(
            actor=superuser, instance=listing, field="title", language="en", text=f"Tangerine {n}"
        )
    assert queries("en") == few

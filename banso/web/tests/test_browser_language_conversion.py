"""Content in three languages, end to end, in a real headless Chromium at 360 px.

A co-op writes its product's story in Vietnamese on a phone; the worker asks a
LibreTranslate-compatible server (running on 127.0.0.1, offering English but no Chinese) and
the English proposal waits for review; the province's translator accepts it; a visitor reading
English sees it on the listing page, switches to Chinese, and gets the Vietnamese story with
the "not yet translated" mark; the page carries its hreflang alternates."""

import os

import pytest
from django.urls import reverse
from django.utils import translation as django_translation

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.conftest import browser_sign_in
from banso.lingo.models import Translation, TranslationState
from banso.lingo.tests.libretranslate_server import TABLE, LibreTranslateServer
from banso.market.tests.makers import listing_make, shop_make

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

STORY = "Quýt được trồng trên đồi đá vôi của Mường Khương."
ENGLISH = "The mandarins are grown on the limestone hills of Mường Khương."


@pytest.fixture
def engine_without_chinese(settings, monkeypatch):
    monkeypatch.setitem(TABLE["en"], STORY, ENGLISH)
    running = LibreTranslateServer(chinese_code="ja").start()
    settings.TRANSLATION_ENGINE = "libretranslate"
    settings.LIBRETRANSLATE_URL = running.url
    settings.TRANSLATION_TIMEOUT_SECONDS = 2
    settings.LINGO_PUBLISH_MACHINE = False  # the English proposal waits for a person
    yield running
    running.stop()


def _url(name: str, language: str, **kwargs) -> str:
    with django_translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_a_story_written_in_vietnamese_reaches_an_english_reader_after_review(
    live_server,
    browser,
    phone_page,
    engine_without_chinese,
    run_worker,
    coop,
    coop_member,
    product,
    make_user,
    lao_cai,
):
    listing = listing_make(
        shop_make(coop, slug="quyt-muong-khuong"), product, variants=[("1 kg", 60000, 20)]
    )

    # The co-op writes the story, in Vietnamese, on its phone.
    browser_sign_in(phone_page, live_server.url, login=coop_member.phone)
    phone_page.goto(live_server.url + _url("trace:product-update", "vi", pk=product.pk))
    phone_page.fill("#id_description", STORY)
    with phone_page.expect_navigation():
        phone_page.click("main form button[type=submit]")
    run_worker()
    english = Translation.objects.get(object_id=product.pk, field="description", language="en")
    assert (english.state, english.suggestion) == (TranslationState.WAITING, ENGLISH)

    # The province's translator reviews the English proposal.
    translator = make_user("Hoàng Minh Châu")
    role_grant(user=translator, role=PlaceRole.TRANSLATOR, unit=lao_cai)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    reviewer = context.new_page()
    browser_sign_in(reviewer, live_server.url, login=translator.phone)
    reviewer.goto(live_server.url + _url("lingo:queue", "vi") + "?language=en&state=waiting")
    with reviewer.expect_navigation():
        reviewer.locator("#queue > li", has_text=STORY).locator("a").first.click()
    assert ENGLISH in reviewer.locator("#proposal").inner_text()
    with reviewer.expect_navigation():
        reviewer.click("button[value=accept]")
    context.close()
    english.refresh_from_db()
    assert (english.state, english.text) == (TranslationState.REVIEWED, ENGLISH)

    # A visitor reading English sees it, then switches to Chinese.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    visitor = context.new_page()
    visitor.goto(live_server.url + _url("market:listing-detail", "en", pk=listing.pk))
    story = visitor.locator("#description")
    assert story.inner_text() == ENGLISH
    assert story.get_attribute("lang") == "en"
    assert visitor.locator("#description + .lingo-mark").count() == 0
    alternates = {
        link.get_attribute("hreflang"): link.get_attribute("href")
        for link in visitor.locator("link[rel=alternate][hreflang]").all()
    }
    assert alternates == {
        "vi": live_server.url + _url("market:listing-detail", "vi", pk=listing.pk),
        "en": live_server.url + _url("market:listing-detail", "en", pk=listing.pk),
        "zh-Hans": live_server.url + _url("market:listing-detail", "zh-hans", pk=listing.pk),
        "x-default": live_server.url + _url("market:listing-detail", "vi", pk=listing.pk),
    }
    with visitor.expect_navigation():  # the menu submits itself on a change
        visitor.select_option("#language", "zh-hans")
    assert visitor.url == live_server.url + _url("market:listing-detail", "zh-hans", pk=listing.pk)
    story = visitor.locator("#description")
    assert story.inner_text() == STORY
    assert story.get_attribute("lang") == "vi"
    mark = visitor.locator("#description + .lingo-mark")
    assert mark.inner_text() == "尚未翻译：以越南语显示。"
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()

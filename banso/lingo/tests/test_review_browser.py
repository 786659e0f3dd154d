"""The province's translator reviews on a phone, in a real headless Chromium at 360 px: opens
the queue from the account page, opens an item, corrects it, accepts, lands on the next item."""

import os

import pytest
from django.urls import reverse
from django.utils import translation as django_translation

from banso.conftest import browser_sign_in
from banso.lingo.models import Translation, TranslationOrigin, TranslationState
from banso.lingo.tests.review_makers import described, province_translator, rows_of

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

ENGLISH = "The co-operative grows mandarins on the hills. The fruit ripens in November."


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_translator_reviews_on_a_phone(
    live_server, phone_page, coop, superuser, make_user, lao_cai
):
    translator = province_translator(make_user, lao_cai, phone="0981000011")
    story = described(coop, actor=superuser)
    rows = rows_of(story)
    Translation.objects.filter(pk=rows["en"].pk).update(
        suggestion="The co-op grows mandarins on hills. Fruit ripens in November.",
        suggestion_origin=TranslationOrigin.MACHINE,
        suggestion_hash=rows["en"].source_hash,
    )
    page = phone_page
    browser_sign_in(page, live_server.url, login=translator.phone)
    with django_translation.override("vi"):
        page.goto(live_server.url + reverse("accounts:profile"))
    with page.expect_navigation():
        page.click("main a:has-text('Bản dịch cần duyệt')")
    assert page.locator("h1").inner_text() == "Bản dịch cần duyệt"
    assert page.locator("#queue > li").count() == 2
    assert _scroll_width(page) <= 360

    with page.expect_navigation():
        page.locator("#queue > li a").first.click()
    assert "The co-op grows mandarins on hills." in page.locator("#proposal").inner_text()
    assert _scroll_width(page) <= 360
    page.fill("textarea[name=text]", ENGLISH)
    with page.expect_navigation():
        page.click("button[value=accept]")

    assert "Bản dịch đã được chấp nhận." in page.locator(".messages").inner_text()
    with django_translation.override("vi"):
        assert page.url.endswith(reverse("lingo:review", kwargs={"pk": rows["zh-hans"].pk}))
    assert page.locator("#proposal").get_attribute("lang") == "zh-hans"
    fresh = Translation.objects.get(pk=rows["en"].pk)
    assert (fresh.state, fresh.text, fresh.reviewed_by_id) == (
        TranslationState.REVIEWED,
        ENGLISH,
        translator.pk,
    )

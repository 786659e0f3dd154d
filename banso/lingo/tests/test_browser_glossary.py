"""Done when: in Chromium at 360 px, a province officer adds a term with its English rendering
and finds it again by searching without diacritics, in Vietnamese and in English."""

import pytest
from django.urls import reverse
from django.utils import translation

from banso.conftest import browser_sign_in
from banso.lingo.models import GlossaryTerm

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_province_officer_adds_a_term_and_finds_it_without_diacritics(
    live_server, phone_page, province_officer
):
    page = phone_page
    browser_sign_in(page, live_server.url, login=province_officer.phone)
    with translation.override("vi"):
        glossary_url = live_server.url + reverse("lingo:glossary-list")
    page.goto(glossary_url)
    assert page.locator("h1").inner_text() == "Bảng thuật ngữ"
    with page.expect_navigation():
        page.click("text=Thêm thuật ngữ")
    assert _scroll_width(page) <= PHONE_WIDTH
    assert page.locator("label[for=id_rendering_en]").inner_text().startswith("English")
    assert page.locator("label[for=id_rendering_zh_hans]").inner_text().startswith("简体中文")
    page.fill("#id_term", "Mận tam hoa")
    page.select_option("#id_kind", "product")
    page.fill("#id_rendering_en", "Tam Hoa plum")
    with page.expect_navigation():
        page.click("#glossary-term-form button[type=submit]")
    assert "Đã thêm “Mận tam hoa” vào bảng thuật ngữ." in page.inner_text(".messages")
    assert GlossaryTerm.objects.get().renderings == {"en": "Tam Hoa plum"}

    page.fill("input[name=q]", "man tam hoa")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    terms = page.locator("#glossary-terms li")
    assert terms.count() == 1
    assert "Mận tam hoa" in terms.first.inner_text()
    assert page.locator('#glossary-terms dd[lang="en"]').inner_text() == "Tam Hoa plum"
    assert _scroll_width(page) <= PHONE_WIDTH

    with translation.override("en"):
        english_url = live_server.url + reverse("lingo:glossary-list")
    page.context.add_cookies([{"name": "banso_language", "value": "en", "url": live_server.url}])
    page.goto(english_url + "?q=MAN+TAM")
    assert page.locator("h1").inner_text() == "Glossary"
    assert page.locator("#glossary-terms li").count() == 1
    assert _scroll_width(page) <= PHONE_WIDTH

"""One address per page and language: Vietnamese unprefixed, ``/en/…``, ``/zh-hans/…``, whatever
the visitor's cookie says; the addresses printed on stamps keep following the cookie and the
browser; the language switch keeps the visitor on the same page; the head names the others."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from banso.market.tests.makers import listing_make, shop_make
from banso.stamps.tests.scan_support import stamps_issue

pytestmark = pytest.mark.django_db

COOKIE = "banso_language"
HTML_LANG = re.compile(r'<html lang="([^"]+)">')


def _lang(response) -> str:
    found = HTML_LANG.search(response.content.decode())
    assert found, "the page has no <html lang>"
    return found.group(1)


def _in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def listing(coop, product):
    shop = shop_make(coop, slug="quyt-muong-khuong", phone="0981000002")
    return listing_make(shop, product, variants=[("Hộp 5 kg", 250000, 10)])


@pytest.fixture
def listing_paths(listing) -> dict[str, str]:
    return {
        code: _in(code, "market:listing-detail", listing.pk) for code in ("vi", "en", "zh-hans")
    }


def test_each_language_has_its_own_prefix(listing_paths):
    assert listing_paths["vi"].startswith("/market/")
    assert listing_paths["en"] == "/en" + listing_paths["vi"]
    assert listing_paths["zh-hans"] == "/zh-hans" + listing_paths["vi"]


@pytest.mark.parametrize("cookie", ["", "vi", "en", "zh-hans"])
def test_the_address_decides_the_language_whatever_the_cookie(client, cookie):
    english, chinese = _in("en", "market:home"), _in("zh-hans", "market:home")
    if cookie:
        client.cookies[COOKIE] = cookie
    for path, language in (("/", "vi"), ("/market/", "vi"), (english, "en"), (chinese, "zh-hans")):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-CN,en;q=0.8")
        assert response.status_code == 200, path
        assert _lang(response) == language, path
        assert response["Content-Language"] == language, path
        # Its language is its address's: a cache need not keep one copy per browser language.
        assert "Accept-Language" not in response.get("Vary", ""), path


def test_a_stamp_follows_the_cookie_then_the_browser(client, product, lot):
    stamp = stamps_issue(product, lot=lot, run_lot=lot).stamps[0]
    scan = f"/s/{stamp.serial}/"
    assert _lang(client.get(scan)) == "vi"
    assert _lang(client.get(scan, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")) == "en"
    response = client.get(scan, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert _lang(response) == "zh-hans"
    assert "Accept-Language" in response["Vary"]

    client.cookies[COOKIE] = "zh-hans"
    assert _lang(client.get(scan, HTTP_ACCEPT_LANGUAGE="en")) == "zh-hans"
    # The same Chinese visitor opening a Vietnamese address of the site reads Vietnamese.
    assert _lang(client.get("/market/")) == "vi"


def test_the_digital_link_follows_the_browser_and_leads_home_in_its_language(client, lot):
    digital_link = f"/01/{lot.product.gtin}/10/{lot.code}"
    redirect = client.get(digital_link, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert redirect.status_code == 307
    assert redirect["Content-Language"] == "zh-hans"
    page = client.get(redirect["Location"], HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert _lang(page) == "zh-hans"
    assert 'href="/zh-hans/"' in page.content.decode()  # the site's home, in Chinese


@pytest.mark.parametrize("cookie", ["", "vi", "zh-hans"])
def test_the_switch_lands_on_the_same_listing_in_the_chosen_language(client, listing_paths, cookie):
    if cookie:
        client.cookies[COOKIE] = cookie
    page = client.get(listing_paths["vi"]).content.decode()
    form = re.search(r'<form class="langs" action="([^"]+)" method="post">(.*?)</form>', page, re.S)
    assert form is not None
    next_value = re.search(r'name="next" type="hidden" value="([^"]+)"', form.group(2))
    assert next_value is not None and next_value.group(1) == listing_paths["vi"]

    response = client.post(
        form.group(1), {"language": "en", "next": next_value.group(1)}, follow=True
    )
    assert response.redirect_chain == [(listing_paths["en"], 302)]
    assert _lang(response) == "en"
    assert client.cookies[COOKIE].value == "en"

    # And back from English to Chinese, from the English page's own form.
    response = client.post(
        form.group(1), {"language": "zh-hans", "next": listing_paths["en"]}, follow=True
    )
    assert response.redirect_chain == [(listing_paths["zh-hans"], 302)]
    assert _lang(response) == "zh-hans"


def test_the_switch_keeps_the_search(client):
    search = _in("vi", "market:search") + "?q=qu%C3%BDt"
    response = client.post(reverse("set_language"), {"language": "en", "next": search})
    assert response["Location"] == _in("en", "market:search") + "?q=qu%C3%BDt"


def test_a_listing_names_its_addresses_in_the_other_languages(client, listing_paths):
    html = client.get(listing_paths["en"]).content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "vi": "http://testserver" + listing_paths["vi"],
        "en": "http://testserver" + listing_paths["en"],
        "zh-Hans": "http://testserver" + listing_paths["zh-hans"],
        "x-default": "http://testserver" + listing_paths["vi"],
    }


def test_the_search_keeps_its_words_in_the_alternates(client):
    html = client.get(_in("vi", "market:search") + "?q=quyt").content.decode()
    english = "http://testserver" + _in("en", "market:search") + "?q=quyt"
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in html


@pytest.mark.parametrize(
    ("language", "locale", "others"),
    [
        ("vi", "vi_VN", ["en_US", "zh_CN"]),
        ("en", "en_US", ["vi_VN", "zh_CN"]),
        ("zh-hans", "zh_CN", ["vi_VN", "en_US"]),
    ],
)
def test_open_graph_locale_per_language(client, listing_paths, language, locale, others):
    html = client.get(listing_paths[language]).content.decode()
    assert re.findall(r'<meta property="og:locale" content="([^"]+)">', html) == [locale]
    assert re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', html) == others


def test_pages_with_one_address_name_no_alternates(client, product, lot):
    stamp = stamps_issue(product, lot=lot, run_lot=lot).stamps[0]
    for path in (f"/s/{stamp.serial}/", "/admin/login/", "/khong-co-trang-nay/"):
        html = client.get(path).content.decode()
        # (The trace and stamp pages name their ``?lang=`` versions themselves.)
        assert 'hreflang="x-default"' not in html and 'href="http://testserver/' not in html, path
        assert 'property="og:locale"' not in html, path


def test_the_page_cache_never_serves_english_at_a_vietnamese_address(client, listing_paths):
    # English first: the shared copy of the English page is kept...
    assert _lang(client.get(listing_paths["en"])) == "en"
    # ...and a visitor whose cookie and browser say English still gets Vietnamese at the
    # Vietnamese address, now and from the cache.
    client.cookies[COOKIE] = "en"
    for _ in range(2):
        response = client.get(listing_paths["vi"], HTTP_ACCEPT_LANGUAGE="en")
        assert _lang(response) == "vi"
        assert "Thêm vào giỏ" in response.content.decode()
    assert _lang(client.get(listing_paths["en"])) == "en"

"""The public trace page: what a buyer sees after scanning a stamp."""

import datetime
import gzip
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banso.lingo.services import translation_write
from banso.orgs.models import Certificate
from banso.trace.models import Lot, ProductPhoto
from banso.trace.tests.journey_support import full_journey, png, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def input_lot(product, muong_khuong):
    lot = Lot(
        product=product,
        code="MK2025-10",
        harvest_unit=muong_khuong,
        harvest_date=datetime.date(2025, 11, 19),
        quantity=1500,
        quantity_unit="kg",
    )
    lot.full_clean()
    lot.save()
    return lot


@pytest.fixture
def ocop(coop, product):
    certificate = Certificate.objects.create(
        organisation=coop,
        kind="ocop",
        ocop_stars=4,
        ocop_year=2024,
        issuer="UBND tỉnh Lào Cai",
        number="OCOP-123",
        valid_from=datetime.date(2024, 1, 1),
    )
    product.certificates.add(certificate)
    return certificate


@pytest.fixture
def journey(lot, input_lot, coop_member, ocop, village):
    lot.harvest_village = village
    lot.save()
    ProductPhoto.objects.create(product=lot.product, image=png("quyt.png"), caption="Quýt")
    return full_journey(lot, input_lot, recorded_by=coop_member)


def page_url(lot) -> str:
    return f"/t/{lot.product.gtin}/{lot.code}/"


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_vietnamese_by_default_with_every_consumer_field(client, lot, journey, coop):
    response = client.get(page_url(lot))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in html
    # The fields Circular 02/2024/TT-BKHCN lets a consumer look up.
    for element in (
        'id="product-name"',  # product name
        'class="pics"',  # product image
        'id="producer"',  # producer name and address
        'id="origin"',  # production place
        'id="lot-code"',
        'id="harvest-date"',  # production time
        'id="packed-at"',
        'id="expiry"',
        'id="certificates"',
        'id="trace-code"',
        'id="journey"',  # the stages, each with its time and place
    ):
        assert element in html, element
    assert "Quýt Mường Khương" in html
    assert coop.name in html
    assert 'id="origin">Thôn Mã Tuyển, Xã Mường Khương, Tỉnh Lào Cai<' in html
    assert "(01)00209890000019(10)MK2025-11" in html
    assert "2026-01-15" in html
    assert "OCOP" in html and "★★★★" in html
    assert f'href="/orgs/{coop.slug}/"' in html
    assert "Sân phơi Mã Tuyển" in html  # the processing step's own place
    # Steps name the organisation that recorded them, never the member (personal data).
    assert "Tẩn Văn Sử" not in html
    assert html.count(coop.name) >= 2


def test_timeline_shows_each_step_once_and_the_corrected_one_struck(client, lot, journey):
    html = client.get(page_url(lot)).content.decode()
    steps = re.findall(r'<li class="st st--(\w+)( fixed)?">', html)
    kinds = [kind for kind, _fixed in steps]
    assert kinds == [
        "harvest",  # of the input lot
        "harvest",
        "processing",
        "packing",
        "check",
        "shipping",  # declared wrong
        "shipping",  # its correction
        "receiving",
    ]
    assert [bool(fixed) for _kind, fixed in steps] == [False] * 5 + [True, False, False]
    assert html.count('class="note"') == 1
    assert "MK2025-10" in html  # the input lot is named on its step
    assert 'loading="lazy"' in html and 'width="96" height="96"' in html


@pytest.mark.parametrize(
    ("headers", "query", "language"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "", "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}, "", "zh-hans"),
        ({}, "?lang=en", "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "?lang=vi", "vi"),
        ({"HTTP_ACCEPT_LANGUAGE": "fr"}, "", "vi"),
    ],
)
def test_language_follows_the_browser_and_the_switcher(
    client, lot, journey, headers, query, language
):
    response = client.get(page_url(lot) + query, **headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert response["Content-Language"] == language
    # The switcher offers every language as a plain link, the current one marked.
    for code in ("vi", "en", "zh-hans"):
        assert f'href="{page_url(lot)}?lang={code}"' in html
    assert re.search(rf'hreflang="{language}" lang="{language}" aria-current="true"', html)


def test_product_name_in_the_visitor_language(client, lot, journey, superuser):
    translation_write(
        actor=superuser,
        instance=lot.product,
        field="name",
        language="en",
        text="Muong Khuong tangerines",
    )
    html = client.get(page_url(lot) + "?lang=en").content.decode()
    assert "Muong Khuong tangerines" in html
    assert json_ld(html)["name"] == "Muong Khuong tangerines"


def test_page_fits_the_first_round_trip_and_needs_no_script(client, lot, journey):
    html = client.get(page_url(lot)).content
    assert html.count(b'class="st ') >= 8
    assert len(gzip.compress(html)) < 14 * 1024
    assert b"<script src" not in html
    assert re.findall(rb"<script[^>]*>", html) == [b'<script type="application/ld+json">']


def test_json_ld_describes_the_product(client, lot, journey, coop):
    document = json_ld(client.get(page_url(lot)).content.decode())
    assert document["@type"] == "Product"
    assert document["name"] == "Quýt Mường Khương"
    assert document["gtin14"] == "00209890000019"
    assert document["brand"]["name"] == coop.name
    assert document["manufacturer"]["address"]["addressCountry"] == "VN"
    assert document["countryOfOrigin"]["name"] == "VN"
    assert document["image"][0].startswith("http://testserver/")
    assert document["hasGS1DigitalLink"] == "http://testserver/01/00209890000019/10/MK2025-11"


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_events(
    client, lot, input_lot, coop_member, ocop, django_assert_max_num_queries
):
    full_journey(lot, input_lot, recorded_by=coop_member)
    few = _queries(client, page_url(lot))
    full_journey(lot, input_lot, recorded_by=coop_member, checks=30)
    cache.clear()
    with django_assert_max_num_queries(12):
        response = client.get(page_url(lot))
    assert response.content.count(b'class="st ') == 8 + 37
    assert _queries(client, page_url(lot)) == few


def test_anonymous_page_is_cached_until_an_event_arrives(
    client, lot, journey, django_capture_on_commit_callbacks
):
    assert client.get(page_url(lot)).content.count(b'class="st ') == 8
    with CaptureQueriesContext(connection) as context:
        assert client.get(page_url(lot)).content.count(b'class="st ') == 8
    assert len(context.captured_queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        record(lot, biz_step="receiving", when=datetime.datetime.now(datetime.UTC))
    assert client.get(page_url(lot)).content.count(b'class="st ') == 9


def test_signed_in_member_always_gets_a_fresh_page(client, lot, journey, coop_member):
    client.force_login(coop_member)
    assert client.get(page_url(lot)).content.count(b'class="st ') == 8
    record(lot, biz_step="receiving", when=datetime.datetime.now(datetime.UTC))
    assert client.get(page_url(lot)).content.count(b'class="st ') == 9


def test_lot_without_events_still_shows_its_facts(client, lot):
    response = client.get(page_url(lot))
    assert response.status_code == 200
    assert b'id="lot-code"' in response.content
    assert b'class="st ' not in response.content


def test_unknown_lot_or_product_is_not_found(client, lot):
    assert client.get(f"/t/{lot.product.gtin}/NOPE/").status_code == 404
    assert client.get("/t/00000000000017/MK2025-11/").status_code == 404
    assert client.get("/t/12345/MK2025-11/").status_code == 404


def test_inactive_product_is_not_shown(client, lot):
    lot.product.is_active = False
    lot.product.save()
    assert client.get(page_url(lot)).status_code == 404


def test_product_page_lists_its_lots(client, lot, input_lot, ocop):
    response = client.get(f"/t/{lot.product.gtin}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{page_url(lot)}"' in html and f'href="{page_url(input_lot)}"' in html
    assert json_ld(html)["hasGS1DigitalLink"] == "http://testserver/01/00209890000019"
    assert "<script src" not in html


def test_page_is_compressed_from_the_cache_too(client, lot, journey):
    for _ in range(2):  # built, then served from the page cache
        response = client.get(page_url(lot), headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert lot.code in gzip.decompress(response.content).decode()
    assert "<html" in client.get(page_url(lot)).content.decode()  # and plain when not asked


def test_page_answers_head_without_a_body(client, lot, journey):
    response = client.head(page_url(lot))
    assert response.status_code == 200
    assert response.content == b""

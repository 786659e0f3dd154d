"""The public tourism pages in Vietnamese, English and Chinese: what they show from data in
each language, what they hide, their JSON-LD, their query counts and their size."""

import datetime
import gzip
import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from banso.orgs.models import OrganisationApproval
from banso.tourism.models import ListingStatus
from banso.tourism.tests.makers import (
    lodging_make,
    photo_make,
    place_make,
    room_type_make,
    tour_make,
)

pytestmark = pytest.mark.django_db


def _url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def _jsonld(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert found, "the page has JSON-LD"
    return json.loads(found.group(1))


def test_home_shows_places_stays_and_tours_in_vietnamese_and_english(client, place, lodging, tour):
    vi = client.get(_url("tourism:home", "vi")).content.decode()
    assert '<html lang="vi">' in vi
    assert "Chợ phiên Bắc Hà" in vi and "Homestay Mã Tuyển" in vi
    assert "Đi bộ qua ruộng bậc thang" in vi
    assert "Nơi lưu trú" in vi
    assert "từ 150.000\u00a0₫ một đêm" in vi
    en = client.get(_url("tourism:home", "en")).content.decode()
    assert '<html lang="en">' in en
    assert "Where to stay" in en and "from VND\u00a0150,000 a night" in en
    assert 'hreflang="zh-Hans"' in en and 'hreflang="x-default"' in en


def test_place_page_renders_its_facts_per_language(client, place, tour):
    vi = client.get(_url("tourism:place-detail", "vi", place.slug))
    assert vi.status_code == 200
    page = vi.content.decode()
    assert "Chủ nhật, 06:00–13:00" in page
    assert "30.000\u00a0₫" in page and "10.000\u00a0₫" in page
    assert "Tháng 3, Tháng 9" in page
    assert "Chợ phiên lớn nhất vùng cao" in page
    assert 'href="geo:22.537800,104.289400' in page
    assert "https://www.openstreetmap.org/?mlat=22.537800&amp;mlon=104.289400" in page
    assert "https://www.google.com/maps/search/?api=1&amp;query=22.537800,104.289400" in page
    assert reverse("tourism:tour-detail", args=[tour.slug]) in page
    assert '<meta property="og:title" content="Chợ phiên Bắc Hà">' in page

    en = client.get(_url("tourism:place-detail", "en", place.slug)).content.decode()
    assert "Sunday, 06:00–13:00" in en
    assert "VND\u00a030,000 an adult, VND\u00a010,000 a child" in en
    assert "March, September" in en
    assert "By car or coach" in en
    # The story has no English translation yet: shown in Vietnamese, marked, with its language.
    assert '<div id="story" lang="vi">' in en
    assert "Not yet translated" in en


def test_chinese_place_page_marks_the_untranslated_story(client, place):
    page = client.get(_url("tourism:place-detail", "zh-hans", place.slug)).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "星期日" in page and "三月" in page
    assert "尚未翻译" in page
    assert '<div id="story" lang="vi">' in page


def test_place_jsonld_is_a_tourist_attraction(client, place):
    data = _jsonld(client.get(_url("tourism:place-detail", "en", place.slug)))
    assert data["@type"] == "TouristAttraction"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 22.5378, "longitude": 104.2894}
    assert data["address"]["addressCountry"] == "VN"
    assert data["isAccessibleForFree"] is False
    assert {offer["price"] for offer in data["offers"]} == {30_000, 10_000}
    hours = data["openingHoursSpecification"][0]
    assert hours["dayOfWeek"] == ["https://schema.org/Sunday"]
    assert (hours["opens"], hours["closes"]) == ("06:00", "13:00")


def test_a_free_place_says_so(client, bac_ha):
    free = place_make(bac_ha, slug="deo-o-quy-ho", name="Đèo Ô Quy Hồ", kind="viewpoint")
    response = client.get(_url("tourism:place-detail", "en", free.slug))
    assert "Free" in response.content.decode()
    data = _jsonld(response)
    assert data["isAccessibleForFree"] is True and "offers" not in data


def test_unpublished_unapproved_and_closed_are_404(client, hidden_place, coop, other_coop):
    assert client.get(_url("tourism:place-detail", "vi", hidden_place.slug)).status_code == 404
    assert client.get(_url("tourism:place-poster", "vi", hidden_place.slug)).status_code == 404
    assert client.get(f"/v/{hidden_place.slug}").status_code == 404
    waiting = lodging_make(coop, slug="cho-duyet", status=ListingStatus.PENDING)
    assert client.get(_url("tourism:stay-detail", "vi", waiting.slug)).status_code == 404
    refused = tour_make(coop, slug="bi-tu-choi", status=ListingStatus.REJECTED)
    assert client.get(_url("tourism:tour-detail", "vi", refused.slug)).status_code == 404
    other_coop.approval = OrganisationApproval.PENDING
    other_coop.save()
    unapproved_host = lodging_make(other_coop, slug="chu-chua-duyet")
    assert client.get(_url("tourism:stay-detail", "vi", unapproved_host.slug)).status_code == 404
    other_coop.approval, other_coop.is_active = OrganisationApproval.APPROVED, False
    other_coop.save()
    assert client.get(_url("tourism:stay-detail", "vi", unapproved_host.slug)).status_code == 404
    listed = client.get(_url("tourism:stay-list", "vi")).content.decode()
    assert "cho-duyet" not in listed and "chu-chua-duyet" not in listed


def test_stay_page_shows_rooms_rules_and_booking_placeholder(client, lodging):
    vi = client.get(_url("tourism:stay-detail", "vi", lodging.slug)).content.decode()
    assert "450.000\u00a0₫ một đêm" in vi and "550.000\u00a0₫" in vi
    assert "Nước nóng" in vi
    assert 'href="tel:0981000123"' in vi
    assert "Không hút thuốc trong nhà." in vi
    en = client.get(_url("tourism:stay-detail", "en", lodging.slug)).content.decode()
    assert "VND\u00a0450,000 a night" in en
    assert "Up to 2 guests" in en and "1 double bed" in en and "6 mattresses on the floor" in en
    assert "at least 2 nights" in en
    assert "Hot water · Wi-Fi" in en and "Dinner with the family" in en
    assert "from 14:00" in en and "until 11:00" in en
    assert "Moderate: full refund up to 5 days before, half after" in en
    assert reverse("orgs:organisation-detail", args=[lodging.organisation.slug]) in en


def test_stay_jsonld_is_a_lodging_business_with_rooms_and_prices(client, lodging):
    data = _jsonld(client.get(_url("tourism:stay-detail", "en", lodging.slug)))
    assert data["@type"] == "LodgingBusiness"
    assert (data["checkinTime"], data["checkoutTime"]) == ("14:00", "11:00")
    assert {room["@type"] for room in data["containsPlace"]} == {"HotelRoom"}
    prices = sorted(o["priceSpecification"]["price"] for o in data["makesOffer"])
    assert prices == [150_000, 450_000]
    assert {"Hot water", "Wi-Fi", "Dinner with the family"} == {
        feature["name"] for feature in data["amenityFeature"]
    }


def test_tour_page_shows_duration_languages_and_departures(client, tour):
    en = client.get(_url("tourism:tour-detail", "en", tour.slug)).content.decode()
    assert "4 hours" in en
    assert "Vietnamese, English" in en
    assert "VND\u00a0350,000 a person" in en
    assert "12 seats left" in en and "Full" in en
    assert "Chợ phiên Bắc Hà" in en
    assert 'href="tel:0981000456"' in en
    vi = client.get(_url("tourism:tour-detail", "vi", tour.slug)).content.decode()
    assert "4 giờ" in vi and "Tiếng Việt" in vi
    assert "còn 12 chỗ" in vi


def test_tour_jsonld_is_a_tourist_trip_with_departures(client, tour):
    data = _jsonld(client.get(_url("tourism:tour-detail", "en", tour.slug)))
    assert data["@type"] == "TouristTrip"
    assert data["offers"]["price"] == 350_000 and data["offers"]["priceCurrency"] == "VND"
    events = data["subjectOf"]
    assert [event["@type"] for event in events] == ["Event", "Event"]
    assert [event["offers"]["availability"] for event in events] == [
        "https://schema.org/InStock",
        "https://schema.org/SoldOut",
    ]
    assert data["itinerary"]["itemListElement"][0]["name"] == "Chợ phiên Bắc Hà"


def test_map_lists_every_point_with_links_out(client, place, lodging, tour):
    page = client.get(_url("tourism:map", "en")).content.decode()
    for point in ("22.537800,104.289400", "22.540000,104.290000"):
        assert f"geo:{point}" in page
    assert "Homestay Mã Tuyển" in page
    assert "<iframe" not in page and '<script src="http' not in page


def test_lists_filter_by_commune_kind_and_price(client, place, lodging, tour, bac_ha, muong_khuong):
    places = client.get(_url("tourism:place-list", "vi"), {"commune": bac_ha.code}).content.decode()
    assert "Chợ phiên Bắc Hà" in places
    places = client.get(_url("tourism:place-list", "vi"), {"kind": "viewpoint"}).content.decode()
    assert "Chợ phiên Bắc Hà" not in places
    stays = _url("tourism:stay-list", "vi")
    assert "Homestay Mã Tuyển" in client.get(stays, {"max": "200000"}).content.decode()
    assert "Homestay Mã Tuyển" not in client.get(stays, {"max": "100000"}).content.decode()
    assert "Homestay Mã Tuyển" not in client.get(stays, {"commune": bac_ha.code}).content.decode()
    assert "Homestay Mã Tuyển" in client.get(stays, {"commune": muong_khuong.code}).content.decode()
    tours = _url("tourism:tour-list", "vi")
    assert "ruộng bậc thang" in client.get(tours, {"kind": "trek"}).content.decode()
    assert "ruộng bậc thang" not in client.get(tours, {"kind": "food"}).content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_make_the_same_queries_for_one_row_or_many(
    client, coop, bac_ha, place, lodging, tour
):
    pages = [
        _url(name, "vi")
        for name in (
            "tourism:home",
            "tourism:place-list",
            "tourism:stay-list",
            "tourism:tour-list",
            "tourism:map",
        )
    ]
    before = {url: _queries(client, url) for url in pages}
    for number in range(3):
        extra = place_make(bac_ha, slug=f"diem-{number}", name=f"Điểm {number}")
        photo_make(extra)
        stay = lodging_make(coop, slug=f"nha-{number}", name=f"Nhà {number}")
        room_type_make(stay)
        photo_make(stay)
        photo_make(tour_make(coop, slug=f"tour-{number}", name=f"Tour {number}"))
    from django.core.cache import cache

    cache.clear()
    after = {url: _queries(client, url) for url in pages}
    assert after == before
    # The list itself, its communes and its translations; nothing a row.
    assert before[_url("tourism:place-list", "vi")] <= 3


def test_a_cached_page_makes_no_query_and_a_save_forgets_it(
    client, place, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = _url("tourism:place-detail", "en", place.slug)
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        place.fee_adult_vnd = 40_000
        place.save()
    assert "VND\u00a040,000" in client.get(url).content.decode()


def test_poster_address_redirects_in_the_phone_language(client, place):
    response = client.get(f"/v/{place.slug}", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == f"/en/tourism/places/{place.slug}/"
    assert "Accept-Language" in response["Vary"]
    response = client.get(f"/v/{place.slug}", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response["Location"] == f"/zh-hans/tourism/places/{place.slug}/"
    assert client.get(f"/v/{place.slug}", HTTP_ACCEPT_LANGUAGE="vi")["Location"] == (
        f"/tourism/places/{place.slug}/"
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get(f"/v/{place.slug}", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == f"/zh-hans/tourism/places/{place.slug}/"


def test_poster_page_holds_the_qr_of_the_short_address(client, place):
    page = client.get(_url("tourism:place-poster", "en", place.slug)).content.decode()
    assert "<svg" in page and f"http://testserver/v/{place.slug}" in page
    assert 'lang="vi">Quét mã' in page
    assert "<script" not in page


def test_pages_with_several_photos_fit_the_first_round_trip(client, place, lodging, tour):
    for number in range(5):
        photo_make(place, caption=f"Góc chợ {number}", position=number)
        photo_make(lodging, caption=f"Sân nhà {number}", position=number)
    for url in (
        _url("tourism:place-detail", "vi", place.slug),
        _url("tourism:stay-detail", "vi", lodging.slug),
        _url("tourism:place-detail", "en", place.slug),
    ):
        html = client.get(url).content
        assert html.count(b"srcset=") >= 5
        assert len(gzip.compress(html)) <= 14 * 1024, url
        assert b"<script src" not in html.replace(b'<script src="/static/', b"")


def test_a_festival_on_the_first_thin_day_shows_its_rule_and_its_day(client, bac_ha):
    """Roóng Poọc falls on the first Thìn (Dragon) day of the lunar year: the page says so in
    each language and gives the day itself (4 February in 2025, 23 February in 2026)."""
    from banso.tourism.occurrences import next_occurrence
    from banso.tourism.selectors.festivals import festival_rule
    from banso.tourism.tests.makers import festival_make

    festival = festival_make(
        bac_ha, slug="roong-pooc", name="Lễ hội Roóng Poọc", month=1, day=1, day_branch=4
    )
    vi = client.get(_url("tourism:festival-detail", "vi", festival.slug)).content.decode()
    assert "Ngày Thìn đầu tiên kể từ ngày 1 tháng 1 âm lịch" in vi
    en = client.get(_url("tourism:festival-detail", "en", festival.slug)).content.decode()
    assert "The first Dragon day from day 1 of lunar month 1" in en
    zh = client.get(_url("tourism:festival-detail", "zh-hans", festival.slug)).content.decode()
    assert "农历1月1日起的第一个辰日" in zh
    coming = next_occurrence(festival_rule(festival), datetime.date(2026, 1, 1))
    assert coming is not None and coming.start == datetime.date(2026, 2, 23)
    assert f'datetime="{_next_start(festival):%Y-%m-%d}"' in vi


def _next_start(festival) -> datetime.date:
    from banso.tourism.occurrences import next_occurrence
    from banso.tourism.selectors.festivals import festival_rule

    occurrence = next_occurrence(festival_rule(festival), datetime.date.today())
    assert occurrence is not None
    return occurrence.start


def test_festivals_show_their_next_dates_from_their_rules(client, bac_ha, place):
    from banso.tourism.tests.makers import festival_make

    market = festival_make(
        bac_ha, slug="cho-phien-chu-nhat", name="Chợ phiên Chủ nhật", rule="weekly", place=place
    )
    festival_make(bac_ha, slug="gau-tao", name="Lễ hội Gầu Tào", month=1, day=15)
    festival_make(bac_ha, slug="an", name="Lễ hội chưa công bố", is_published=False)
    today = datetime.date.today()
    sunday = today + datetime.timedelta(days=(6 - today.weekday()) % 7)

    en = client.get(_url("tourism:festival-list", "en")).content.decode()
    assert "Every Sunday" in en and "Day 15 of lunar month 1" in en
    assert f'datetime="{sunday:%Y-%m-%d}"' in en
    assert "chưa công bố" not in en
    vi = client.get(_url("tourism:home", "vi")).content.decode()
    assert "Hằng tuần vào Chủ nhật" in vi and "Ngày 15 tháng 1 âm lịch" in vi

    response = client.get(_url("tourism:festival-detail", "en", market.slug))
    data = _jsonld(response)
    assert data["@type"] == "Festival" and data["startDate"] == sunday.isoformat()
    assert data["location"]["geo"]["latitude"] == place.latitude
    assert client.get(_url("tourism:festival-detail", "en", "an")).status_code == 404

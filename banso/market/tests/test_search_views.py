"""The marketplace's front page, search page, suggestions and search API, end to end."""

import datetime

import pytest
from django.core.cache import cache

from banso.market.models import Listing, ListingPhoto, ListingStatus
from banso.market.tests.makers import listing_make
from banso.orgs.models import Certificate
from banso.trace.tests.makers import product_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(shop, coop):
    """Twenty-five listings of honey in one shop, for paging."""
    return [
        listing_make(
            shop,
            product_make(coop, name=f"Mật ong bạc hà {number:02d}", item=100 + number),
            variants=[("1 l", 300000 + number, 2)],
        )
        for number in range(25)
    ]


def certificate_set(listing, *, stars: int, valid_until):
    certificate = Certificate(
        organisation=listing.shop.organisation,
        kind="ocop",
        issuer="UBND tỉnh Lào Cai",
        number=f"OCOP-{stars}",
        valid_from=datetime.date(2019, 1, 1),
        valid_until=valid_until,
        ocop_stars=stars,
        ocop_year=2019,
    )
    certificate.full_clean()
    certificate.save()
    Listing.objects.filter(pk=listing.pk).update(ocop_certificate=certificate, ocop_group="food")


# --- the search page ----------------------------------------------------------------------


def test_search_page_finds_without_diacritics(client, listing, other_listing):
    response = client.get("/market/search/", {"q": "quyt"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/market/p/{listing.pk}/"' in html
    assert f'href="/market/p/{other_listing.pk}/"' not in html
    assert "VND\u00a0250,000" in html
    assert "Hợp tác xã Quýt Mường Khương" in html
    assert 'value="quyt"' in html


def test_search_page_filters(client, listing, other_listing, bac_ha):
    html = client.get("/market/search/", {"commune": bac_ha.code}).content.decode()
    assert f"/market/p/{other_listing.pk}/" in html and f"/market/p/{listing.pk}/" not in html
    html = client.get("/market/search/", {"price_max": "100000"}).content.decode()
    assert f"/market/p/{other_listing.pk}/" in html and f"/market/p/{listing.pk}/" not in html
    html = client.get("/market/search/", {"category": "tea"}).content.decode()
    assert "/market/p/" not in html
    # The commune filter offers the communes that have listings, and only those.
    assert f'<option value="{bac_ha.code}"' in html
    assert html.count('<option value="0') == 2


def test_odd_parameters_are_ignored_not_an_error(client, listing):
    response = client.get(
        "/market/search/",
        {"q": "quyt", "page": "abc", "price_min": "-5", "ocop": "9", "commune": "x' OR 1=1"},
    )
    assert response.status_code == 200
    assert f"/market/p/{listing.pk}/" in response.content.decode()


def test_nothing_found_offers_titles_that_start_alike(client, listing):
    response = client.get("/market/search/", {"q": "quytt"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/market/p/{listing.pk}/" not in html
    assert "/market/search/?q=Qu%C3%BDt%20M%C6%B0%E1%BB%9Dng%20Kh%C6%B0%C6%A1ng" in html


def test_pages_follow_one_another(client, many):
    first = client.get("/market/search/", {"q": "mat ong"}).content.decode()
    second = client.get("/market/search/", {"q": "mat ong", "page": 2}).content.decode()
    on_first = {listing.pk for listing in many if f"/market/p/{listing.pk}/" in first}
    on_second = {listing.pk for listing in many if f"/market/p/{listing.pk}/" in second}
    assert len(on_first) == 20 and len(on_second) == 5 and not on_first & on_second
    assert 'rel="next" href="?q=mat+ong&amp;page=2"' in first
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert client.get("/market/search/", {"q": "mat ong", "page": 3}).status_code == 404


def test_search_page_query_count_does_not_grow(client, many, django_assert_num_queries):
    for listing in many[:3]:
        ListingPhoto.objects.create(listing=listing, image=f"market/listings/{listing.pk}/a.jpg")
    # Session-less visitor: the communes, the order (with the count), the rows, the photos.
    with django_assert_num_queries(4):
        assert client.get("/market/search/", {"q": "mat"}).status_code == 200
    Listing.objects.filter(pk__in=[listing.pk for listing in many[5:]]).update(
        status=ListingStatus.HIDDEN
    )
    cache.clear()  # the queries of a page being built, not of one served from the page cache
    with django_assert_num_queries(4):  # five results
        assert client.get("/market/search/", {"q": "mat"}).status_code == 200


def test_card_shows_ocop_stars_only_while_the_certificate_is_in_force(
    client, listing, other_listing
):
    certificate_set(listing, stars=4, valid_until=None)
    certificate_set(other_listing, stars=5, valid_until=datetime.date(2020, 1, 1))
    html = client.get("/market/search/").content.decode()
    assert "OCOP ★★★★<" in html
    assert "★★★★★" not in html


def test_card_shows_the_first_photo(client, listing):
    # Cards show a photo's small copy (``first.320w.webp``), never the photo itself.
    copies = [{"width": 320, "height": 240}]
    ListingPhoto.objects.create(
        listing=listing, image="market/a/second.jpg", position=2, renditions=copies
    )
    ListingPhoto.objects.create(
        listing=listing, image="market/a/first.jpg", position=1, renditions=copies
    )
    html = client.get("/market/search/", {"q": "quyt"}).content.decode()
    assert "market/a/first.320w.webp" in html and "second" not in html


# --- the front page and suggestions -------------------------------------------------------


def test_front_page_shows_ocop_and_newest(client, listing, other_listing):
    certificate_set(listing, stars=4, valid_until=None)
    response = client.get("/market/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(f"/market/p/{listing.pk}/") == 2  # featured and newest
    assert html.count(f"/market/p/{other_listing.pk}/") == 1
    assert 'action="/market/search/"' in html


def test_front_page_with_a_query_is_the_search(client, listing, other_listing):
    html = client.get("/market/", {"q": "man"}).content.decode()
    assert f"/market/p/{other_listing.pk}/" in html and f"/market/p/{listing.pk}/" not in html


def test_suggestions_are_datalist_options(client, listing, other_listing):
    response = client.get("/market/suggest/", {"q": "Quý"})
    assert response.status_code == 200
    assert response.content.decode().strip() == '<option value="Quýt Mường Khương"></option>'
    assert client.get("/market/suggest/", {"q": '"*'}).content.decode().strip() == ""


def test_hidden_listings_stay_out_of_every_page(client, listing):
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.DRAFT)
    for path, query in [("/market/", {}), ("/market/search/", {"q": "quyt"})]:
        assert f"/market/p/{listing.pk}/" not in client.get(path, query).content.decode()
    assert client.get("/market/suggest/", {"q": "quy"}).content.decode().strip() == ""


# --- the API ------------------------------------------------------------------------------


def test_api_search(client, listing, other_listing):
    certificate_set(listing, stars=4, valid_until=None)
    response = client.get("/api/market/listings/search", {"q": "QUYT"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == listing.pk
    assert item["title"] == "Quýt Mường Khương"
    assert item["shop"] == {"slug": "quyt-muong-khuong", "name": "Hợp tác xã Quýt Mường Khương"}
    assert item["commune"]["code"] == "02761"
    assert item["price_vnd"] == 250000
    assert item["ocop_stars"] == 4
    assert item["url"] == f"http://testserver/market/p/{listing.pk}/"


def test_api_filters_and_paging(client, many, other_listing, bac_ha):
    body = client.get("/api/market/listings/search", {"commune": bac_ha.code}).json()
    assert [item["id"] for item in body["items"]] == [other_listing.pk]
    first = client.get("/api/market/listings/search", {"q": "mat ong", "limit": 10}).json()
    third = client.get(
        "/api/market/listings/search", {"q": "mat ong", "limit": 10, "offset": 20}
    ).json()
    assert first["count"] == third["count"] == 25
    assert len(first["items"]) == 10 and len(third["items"]) == 5
    assert client.get("/api/market/listings/search", {"price_max": 100000}).json()["count"] == 1


@pytest.mark.parametrize(
    "parameters",
    [
        {"limit": 0},
        {"limit": 10_000},
        {"offset": -1},
        {"offset": 10**12},
        {"ocop_stars": 6},
        {"category": "nope"},
        {"price_min": -1},
    ],
)
def test_api_refuses_values_out_of_bounds(client, listing, parameters):
    assert client.get("/api/market/listings/search", parameters).status_code == 422


def test_api_hostile_query_is_harmless(client, listing):
    for query in ['"', "*", "AND(", "'; DROP TABLE market_listing; --"]:
        response = client.get("/api/market/listings/search", {"q": query})
        assert response.status_code == 200
    assert Listing.objects.filter(pk=listing.pk).exists()


def test_broad_searches_say_more_than(client, many, monkeypatch):
    monkeypatch.setattr("banso.market.selectors.search.COUNT_LIMIT", 20)
    html = client.get("/market/search/", {"q": "mat ong"}).content.decode()
    assert "More than 20 products" in html and 'rel="next"' in html
    body = client.get("/api/market/listings/search", {"q": "mat ong", "limit": 5}).json()
    assert (body["count"], body["count_is_capped"]) == (20, True)
    body = client.get("/api/market/listings/search", {"q": "mat ong 01"}).json()
    assert (body["count"], body["count_is_capped"]) == (1, False)

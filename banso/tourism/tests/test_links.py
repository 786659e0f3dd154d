"""Tourism's links on a product's trace page and in its Digital Link linkset."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from banso.tourism.models import ListingStatus
from banso.tourism.selectors.links import tourism_offers_for_organisation
from banso.tourism.tests.stay_makers import homestay_make, trek_make

GTIN = "00209890000019"
SCHEDULE_TIME = "https://gs1.org/voc/scheduleTime"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def offers(coop):
    stay = homestay_make(coop, slug="nha-sung", name="Homestay Nhà Sùng")
    tour = trek_make(coop, slug="trek-y-ty", name="Trekking Y Tý")
    hidden = homestay_make(
        coop, slug="cho-duyet", name="Homestay Chờ Duyệt", status=ListingStatus.PENDING
    )
    return stay, tour, hidden


def test_trace_page_of_a_lot_shows_the_stay_of_its_organisation(client, lot, offers):
    page = client.get(f"/t/{GTIN}/{lot.code}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'href="/stays/nha-sung/"' in page or "/stays/nha-sung/" in page
    assert "Homestay Nhà Sùng" in page
    assert "/tours/trek-y-ty/" in page
    assert "cho-duyet" not in page


def test_linkset_carries_the_stays_and_tours_but_not_an_unapproved_stay(client, lot, offers):
    response = client.get(f"/01/{GTIN}/10/{lot.code}", HTTP_ACCEPT="application/linkset+json")
    context = response.json()["linkset"][0]
    hrefs = [target["href"] for target in context[SCHEDULE_TIME]]
    assert hrefs[0].endswith("/stays/nha-sung/")
    assert hrefs[1].endswith("/tours/trek-y-ty/")
    assert not any("cho-duyet" in href for href in hrefs)
    english = client.get(
        f"/01/{GTIN}/10/{lot.code}",
        HTTP_ACCEPT="application/linkset+json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["linkset"][0]
    assert english[SCHEDULE_TIME][1]["title"] == "Tour: Trekking Y Tý"


def test_offers_are_stays_first_at_most_three_in_one_query(
    coop, other_coop, django_assert_num_queries
):
    trek_make(coop, slug="a-tour", name="A tour")
    for slug in ("nha-b", "nha-a", "nha-c"):
        homestay_make(coop, slug=slug, name=f"Homestay {slug}")
    homestay_make(other_coop, slug="nha-khac", name="Homestay khác")
    with django_assert_num_queries(1):
        offers = tourism_offers_for_organisation(coop.pk)
    assert [(o.kind, o.slug) for o in offers] == [
        ("stay", "nha-a"),
        ("stay", "nha-b"),
        ("stay", "nha-c"),
    ]


def test_a_suspended_stay_leaves_the_links(client, lot, offers):
    stay, _tour, _hidden = offers
    stay.status = ListingStatus.SUSPENDED
    stay.save()
    context = client.get(f"/01/{GTIN}/10/{lot.code}", {"linkType": "linkset"}).json()
    hrefs = [target["href"] for target in context["linkset"][0][SCHEDULE_TIME]]
    assert not any("nha-sung" in href for href in hrefs)


# The marketplace's shop page and the homestay's page ---------------------------------------


@pytest.fixture
def shop(coop):
    from banso.market.tests.makers import shop_make

    return shop_make(coop, slug="quyt-muong-khuong", phone="0981000002")


def test_the_shop_page_shows_the_stays_and_tours_and_follows_an_approval(
    client, shop, offers, django_capture_on_commit_callbacks
):
    url = reverse("market:shop-detail", args=[shop.slug])
    page = client.get(url).content.decode()
    panel = page[page.index('id="offers-tourism"') :]
    assert "/stays/nha-sung/" in panel and "/tours/trek-y-ty/" in panel
    assert "Lưu trú và du lịch cùng chúng tôi" in panel
    assert "cho-duyet" not in panel
    _stay, _tour, hidden = offers
    with django_capture_on_commit_callbacks(execute=True):
        hidden.status = ListingStatus.APPROVED
        hidden.save()
    assert "/stays/cho-duyet/" in client.get(url).content.decode()


def test_a_shop_without_stays_has_no_tourism_panel(client, shop):
    page = client.get(reverse("market:shop-detail", args=[shop.slug])).content.decode()
    assert 'id="offers-tourism"' not in page


def test_the_homestay_page_shows_the_hosts_products_for_sale(
    client, shop, product, other_coop, offers, django_capture_on_commit_callbacks
):
    from banso.market.models import ListingStatus as SaleStatus
    from banso.market.tests.makers import listing_make
    from banso.trace.tests.makers import product_make

    listing_make(shop, product, variants=[("Hộp 5 kg", 250_000, 10)])
    hidden = product_make(shop.organisation, name="Chè Shan tuyết", item=3)
    listing_make(shop, hidden, variants=[("Gói", 90_000, 5)], status=SaleStatus.DRAFT)
    url = reverse("tourism:stay-detail", args=["nha-sung"])
    page = client.get(url).content.decode()
    section = page[page.index('id="host-products"') :]
    assert "Quýt Mường Khương" in section and "250.000" in section
    assert "Chè Shan tuyết" not in section
    # A new listing of the host shows on the cached page: it depends on "market" too.
    late = product_make(shop.organisation, name="Mật ong bạc hà", item=4)
    with django_capture_on_commit_callbacks(execute=True):
        listing_make(shop, late, variants=[("Chai", 300_000, 2)])
    assert "Mật ong bạc hà" in client.get(url).content.decode()

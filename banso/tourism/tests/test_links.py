"""Tourism's links on a product's trace page and in its Digital Link linkset."""

import pytest
from django.core.cache import cache

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
    response = client.get(
        f"/01/{GTIN}/10/{lot.code}", HTTP_ACCEPT="application/linkset+json"
    )
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

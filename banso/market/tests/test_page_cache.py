"""The marketplace's public pages and the organisations list come from the floor's page cache
(``common.page_cache``) for visitors without a session: served without a query, forgotten when
a price changes, kept apart by language, and never used for a signed-in person or a visitor
with a cart."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from banso.market.models import ListingVariant
from banso.market.services.listings import variant_save
from banso.orgs.services import organisation_update

pytestmark = pytest.mark.django_db(transaction=True)


def untokened(response) -> str:
    """The page without its CSRF token, which is each answer's own."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def pages(listing) -> list[str]:
    return [
        reverse("market:home"),
        reverse("market:search") + "?q=quyt",
        reverse("market:listing-detail", args=[listing.pk]),
        reverse("market:shop-detail", args=[listing.shop.slug]),
    ]


def test_a_shared_page_is_served_from_the_cache(client, listing, django_assert_num_queries):
    for path in [*pages(listing), reverse("orgs:organisation-list")]:
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(0):
            again = client.get(path)
        assert untokened(again) == untokened(first), path


def test_a_new_price_shows_at_once(client, listing, coop_member):
    variant = listing.variants.order_by("position").first()
    for path in pages(listing):
        assert "250,000" in client.get(path).content.decode(), path
    variant_save(actor=coop_member, listing=listing, variant=variant, price_vnd=199000)
    for path in pages(listing):
        html = client.get(path).content.decode()
        assert "199,000" in html, path


def test_a_write_that_skips_the_services_is_not_seen_until_the_page_expires(client, listing):
    """The cache is real: a change no service announced is not shown from it."""
    path = reverse("market:listing-detail", args=[listing.pk])
    assert "250,000" in client.get(path).content.decode()
    ListingVariant.objects.filter(listing=listing, price_vnd=250000).update(price_vnd=123000)
    assert "123,000" not in client.get(path).content.decode()


def test_languages_are_never_mixed(client, listing, settings):
    settings.LANGUAGE_CODE = "vi"
    vietnamese_path = reverse("market:home")
    with translation.override("en"):
        english_path = reverse("market:home")
    english = untokened(client.get(english_path))
    vietnamese = untokened(client.get(vietnamese_path, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in english and '<html lang="vi">' in vietnamese
    assert "Marketplace of Lào Cai" in english
    assert "Chợ trực tuyến Lào Cai" in vietnamese and "Marketplace of" not in vietnamese
    # Served again from the cache, each address keeps its language, whatever the visitor asks.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert untokened(client.get(vietnamese_path, HTTP_ACCEPT_LANGUAGE="en")) == vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert untokened(client.get(english_path, HTTP_ACCEPT_LANGUAGE="vi")) == english


def test_signed_in_people_and_carts_get_fresh_pages(client, listing, coop_member):
    path = reverse("market:listing-detail", args=[listing.pk])
    assert "250,000" in client.get(path).content.decode()
    ListingVariant.objects.filter(listing=listing, price_vnd=250000).update(price_vnd=123000)

    # A visitor who put something in a cart (a session) sees the page as it is now.
    buyer = type(client)()
    variant = listing.variants.order_by("position").first()
    added = buyer.post(reverse("market:cart-add"), {"variant": variant.pk, "quantity": 1})
    assert added.status_code in (200, 302)
    assert "123,000" in buyer.get(path).content.decode()

    client.force_login(coop_member)
    assert "123,000" in client.get(path).content.decode()


def test_each_visitor_gets_their_own_csrf_token(client, listing):
    """The cached page carries no token of another visitor: each answer brings its own."""
    path = reverse("market:listing-detail", args=[listing.pk])
    first = type(client)(enforce_csrf_checks=True)
    second = type(client)(enforce_csrf_checks=True)
    first.get(path)
    html = second.get(path).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert "csrf-token-of-the-request" not in html
    variant = listing.variants.order_by("position").first()
    added = second.post(
        reverse("market:cart-add"),
        {"variant": variant.pk, "quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code in (200, 302)


def test_the_organisations_list_follows_a_rename(client, coop, superuser):
    path = reverse("orgs:organisation-list")
    assert coop.name in client.get(path).content.decode()
    with transaction.atomic():
        organisation_update(actor=superuser, organisation=coop, name="Hợp tác xã Chè Shan Tuyết")
    assert "Hợp tác xã Chè Shan Tuyết" in client.get(path).content.decode()

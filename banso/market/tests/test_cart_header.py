"""The header shows the cart, with its count, to a visitor whose session has one; other
visitors' pages carry no cart and stay as public as their view made them."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_cart_no_link_and_the_page_stays_public(client, listing):
    response = client.get(reverse("market:search") + "?q=quyt")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="{reverse("market:cart")}">' not in page
    assert "nav__count" not in page
    assert "private" not in response.get("Cache-Control", "")


def test_a_visitor_with_a_cart_sees_its_count_and_the_page_is_private(
    client, listing, other_listing
):
    for variant in (listing.variants.first(), other_listing.variants.first()):
        client.post(reverse("market:cart-add"), {"variant": variant.pk, "quantity": 2})
    for url in (reverse("market:home"), reverse("market:search") + "?q=quyt"):
        response = client.get(url)
        page = response.content.decode()
        assert (
            f'<a href="{reverse("market:cart")}">Cart <span class="nav__count">2</span></a>' in page
        )
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    # Another visitor gets no cart in the same page.
    other = Client().get(reverse("market:search") + "?q=quyt")
    assert 'class="nav__count"' not in other.content.decode()
    assert "private" not in other.get("Cache-Control", "")

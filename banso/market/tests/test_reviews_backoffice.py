"""The shop moderates the reviews of its listings: the page, hiding and showing again, the
permission matrix, and the public listing page that follows."""

import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.market.models import Listing, OrderStatus, Review
from banso.market.selectors.reviews import reviews_for_manage
from banso.market.services.orders import order_transition
from banso.market.services.reviews import review_create
from banso.market.tests.orders_makers import order_place

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE_WIDTH = 360


def review_of(listing, *, rating: int, text: str, author_name: str = "Mai") -> Review:
    """A review through the real path: an order placed, delivered, then reviewed."""
    order = order_place(listing, payment_method="cod")
    for status in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        order_transition(actor=None, order=order, to=status)
    return review_create(
        order=order, listing=listing, rating=rating, text=text, author_name=author_name
    )


@pytest.fixture
def reviews(db, listing, other_listing):
    return {
        "rude": review_of(listing, rating=1, text="Người bán như lừa đảo", author_name="Khách"),
        "kind": review_of(listing, rating=5, text="Quýt ngọt, giao nhanh", author_name="Lan"),
        "other": review_of(other_listing, rating=4, text="Mận giòn, hơi chua"),
    }


def page_url(shop, **query) -> str:
    url = reverse("market:manage-shop-reviews", args=[shop.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def visibility_url(review) -> str:
    return reverse(
        "market:manage-shop-review-visibility", args=[review.listing.shop.slug, review.pk]
    )


def counters(listing) -> tuple[int, int]:
    stored = Listing.objects.get(pk=listing.pk)
    return stored.review_count, stored.rating_total


def public_page(client, listing) -> str:
    return client.get(reverse("market:listing-detail", args=[listing.pk])).content.decode()


@pytest.mark.django_db
def test_reviews_for_manage_is_scoped(
    reviews, shop, coop_member, other_coop_member, superuser, make_user
):
    mine = {reviews["rude"].pk, reviews["kind"].pk}
    assert set(reviews_for_manage(coop_member).values_list("pk", flat=True)) == mine
    assert set(reviews_for_manage(coop_member, shop=shop).values_list("pk", flat=True)) == mine
    assert list(reviews_for_manage(other_coop_member)) == [reviews["other"]]
    assert not reviews_for_manage(other_coop_member, shop=shop).exists()
    assert not reviews_for_manage(make_user()).exists()
    assert not reviews_for_manage(AnonymousUser()).exists()
    assert reviews_for_manage(superuser).count() == 3
    assert list(reviews_for_manage(coop_member)) == [reviews["kind"], reviews["rude"]]


@pytest.mark.django_db
def test_the_page_lists_the_shops_reviews_newest_first_and_not_others(
    client, reviews, shop, listing, coop_member, django_assert_num_queries
):
    for number in range(4):
        review_of(listing, rating=3, text=f"Bình thường {number}")
    client.force_login(coop_member)
    with django_assert_num_queries(6):  # constant in the number of reviews
        response = client.get(page_url(shop))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('id="review-') == 6
    assert html.index("Bình thường 3") < html.index("Quýt ngọt, giao nhanh")
    assert html.index("Quýt ngọt, giao nhanh") < html.index("Người bán như lừa đảo")
    rude = reviews["rude"]
    assert rude.order.code in html and listing.title in html and "Khách" in html
    assert 'aria-label="1 star"' in html and 'aria-label="5 stars"' in html
    assert "Mận giòn" not in html
    assert html.count(">Hide<") == 6 and "Show again" not in html


@pytest.mark.django_db
def test_hide_then_show_again_moves_the_rating_and_the_public_page(
    client, reviews, shop, listing, coop_member
):
    rude = reviews["rude"]
    assert counters(listing) == (2, 6)
    assert "Người bán như lừa đảo" in public_page(client, listing)
    client.force_login(coop_member)

    response = client.post(
        visibility_url(rude), {"is_visible": "0", "shown": "yes", "page": "1"}, follow=True
    )
    assert response.redirect_chain == [
        (page_url(shop, shown="yes", page=1) + f"#review-{rude.pk}", 302)
    ]
    assert "The review is hidden" in response.content.decode()
    assert Review.objects.get(pk=rude.pk).is_visible is False
    assert counters(listing) == (1, 5)
    public = public_page(client, listing)
    assert "Người bán như lừa đảo" not in public and "Quýt ngọt, giao nhanh" in public
    assert "★ 5.0" in public and "1 review" in public

    hidden_page = client.get(page_url(shop, shown="no")).content.decode()
    assert "Người bán như lừa đảo" in hidden_page and "Quýt ngọt" not in hidden_page
    assert "Show again" in hidden_page
    assert "Người bán như lừa đảo" not in client.get(page_url(shop, shown="yes")).content.decode()

    response = client.post(visibility_url(rude), {"is_visible": "1"}, follow=True)
    assert "The review is shown again" in response.content.decode()
    assert Review.objects.get(pk=rude.pk).is_visible is True
    assert counters(listing) == (2, 6)
    assert "Người bán như lừa đảo" in public_page(client, listing)


@pytest.mark.django_db
def test_hiding_twice_counts_once(client, reviews, listing, coop_member):
    client.force_login(coop_member)
    for _ in range(2):
        client.post(visibility_url(reviews["rude"]), {"is_visible": "0"})
    assert counters(listing) == (1, 5)


@pytest.mark.django_db
def test_a_request_without_a_choice_changes_nothing(client, reviews, listing, coop_member):
    client.force_login(coop_member)
    response = client.post(visibility_url(reviews["rude"]), {"is_visible": "maybe"}, follow=True)
    assert "Choose whether to hide the review" in response.content.decode()
    assert Review.objects.get(pk=reviews["rude"].pk).is_visible is True
    assert counters(listing) == (2, 6)


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_changes_nothing(client, reviews, shop, listing):
    response = client.get(page_url(shop))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    response = client.post(visibility_url(reviews["rude"]), {"is_visible": "0"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert Review.objects.get(pk=reviews["rude"].pk).is_visible is True
    assert counters(listing) == (2, 6)


@pytest.mark.django_db
def test_another_shop_neither_sees_nor_hides_my_reviews(
    client, reviews, shop, other_shop, listing, other_coop_member
):
    rude = reviews["rude"]
    client.force_login(other_coop_member)
    assert client.get(page_url(shop)).status_code == 404
    own = client.get(page_url(other_shop)).content.decode()
    assert "Mận giòn" in own and "Người bán như lừa đảo" not in own
    assert client.post(visibility_url(rude), {"is_visible": "0"}).status_code == 404
    # Their own shop's address with my review's number does not reach it either.
    through_own_shop = reverse(
        "market:manage-shop-review-visibility", args=[other_shop.slug, rude.pk]
    )
    assert client.post(through_own_shop, {"is_visible": "0"}).status_code == 404
    assert Review.objects.get(pk=rude.pk).is_visible is True
    assert counters(listing) == (2, 6)


@pytest.mark.django_db
def test_a_get_on_the_visibility_endpoint_is_refused(client, reviews, listing, coop_member):
    client.force_login(coop_member)
    url = visibility_url(reviews["rude"])
    assert client.get(url, {"is_visible": "0"}).status_code == 405
    assert Review.objects.get(pk=reviews["rude"].pk).is_visible is True
    assert counters(listing) == (2, 6)


@pytest.mark.django_db
def test_the_back_office_links_to_the_reviews(client, shop, coop_member):
    client.force_login(coop_member)
    html = client.get(reverse("market:manage")).content.decode()
    assert f'href="{page_url(shop)}"' in html


@pytest.mark.browser
def test_the_shop_hides_a_review_on_a_phone(
    transactional_db, live_server, phone_page, coop_member, shop, listing
):
    rude = review_of(listing, rating=1, text="Người bán như lừa đảo")
    review_of(listing, rating=5, text="Quýt ngọt, giao nhanh")
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=coop_member.phone)
    page.goto(base + reverse("market:manage"))
    with page.expect_navigation():
        page.click(f"nav a[href='{page_url(shop)}']")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert page.locator("#reviews > li").count() == 2
    with page.expect_navigation():
        page.click(f"#review-{rude.pk} button[type=submit]")
    assert page.locator(".message--success").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert Review.objects.get(pk=rude.pk).is_visible is False
    assert counters(listing) == (1, 5)
    page.goto(base + reverse("market:listing-detail", args=[listing.pk]))
    assert "Người bán như lừa đảo" not in page.inner_text("#reviews")
    assert "Quýt ngọt, giao nhanh" in page.inner_text("#reviews")

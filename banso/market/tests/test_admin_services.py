"""The admin is one more door to the market's services: a change made there obeys the same
rules and has the same side effects as on the shop's pages (price, stock and search words of a
listing, its rating, the checks on delivery rates and live pins)."""

import pytest

from banso.common.tests.admin_forms import admin_form_data
from banso.market.models import (
    Listing,
    ListingStatus,
    ListingVariant,
    OrderStatus,
    Review,
    ShopDeliveryRate,
)
from banso.market.services.live import live_session_create
from banso.market.services.orders import order_transition
from banso.market.services.reviews import review_create
from banso.market.tests.orders_makers import order_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _change(admin_client, url: str, **changes):
    page = admin_client.get(url)
    assert page.status_code == 200
    data = {**admin_form_data(page), **changes}
    return admin_client.post(url, data, follow=True)


def test_variant_price_changed_in_the_admin_moves_the_listings_price(admin_client, listing):
    assert listing.price_vnd == 250000
    cheaper = listing.variants.get(label="Hộp 5 kg")
    url = f"/admin/market/listing/{listing.pk}/change/"
    index = list(listing.variants.order_by("position", "pk")).index(cheaper)
    response = _change(admin_client, url, **{f"variants-{index}-price_vnd": "199000"})
    assert response.status_code == 200
    listing.refresh_from_db()
    assert ListingVariant.objects.get(pk=cheaper.pk).price_vnd == 199000
    assert listing.price_vnd == 199000  # the summary the lists and the search read


def test_variant_added_in_the_admin_counts_in_the_stock(admin_client, listing):
    before = Listing.objects.get(pk=listing.pk).stock_total
    url = f"/admin/market/listing/{listing.pk}/change/"
    count = listing.variants.count()
    _change(
        admin_client,
        url,
        **{
            "variants-TOTAL_FORMS": str(count + 1),
            f"variants-{count}-label": "Túi 1 kg",
            f"variants-{count}-price_vnd": "60000",
            f"variants-{count}-stock": "7",
            f"variants-{count}-position": str(count),
            f"variants-{count}-is_active": "on",
            f"variants-{count}-listing": str(listing.pk),
        },
    )
    assert Listing.objects.get(pk=listing.pk).stock_total == before + 7


def test_title_changed_in_the_admin_renews_the_search_words(admin_client, listing):
    url = f"/admin/market/listing/{listing.pk}/change/"
    _change(admin_client, url, title="Quýt đường Bản Lầu")
    listing.refresh_from_db()
    assert listing.title == "Quýt đường Bản Lầu"
    assert "ban lau" in listing.search_text


def test_the_admin_cannot_take_the_last_variant_off_a_listing_on_sale(admin_client, listing):
    """variant_delete's rule: a listing on sale keeps a variant on sale."""
    assert listing.status == ListingStatus.ACTIVE
    url = f"/admin/market/listing/{listing.pk}/change/"
    count = listing.variants.count()
    response = _change(admin_client, url, **{f"variants-{i}-DELETE": "on" for i in range(count)})
    assert listing.variants.filter(is_active=True).count() == count  # nothing changed
    assert "needs at least one variant on sale" in response.content.decode()


def test_listings_are_not_added_or_deleted_in_the_admin(admin_client, listing):
    assert admin_client.get("/admin/market/listing/add/").status_code == 403
    assert admin_client.get(f"/admin/market/listing/{listing.pk}/delete/").status_code == 403


def test_the_admin_hides_a_listing_through_the_service(admin_client, listing):
    admin_client.post(
        "/admin/market/listing/",
        {"action": "listing_listing_hide", "_selected_action": [listing.pk]},
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.HIDDEN


def test_review_hidden_in_the_admin_leaves_the_rating(admin_client, listing):
    order = order_place(listing, payment_method="cod")
    for status in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        order_transition(actor=None, order=order, to=status)
    review = review_create(order=order, listing=listing, rating=2, text="Chua", author_name="Khách")
    listing.refresh_from_db()
    assert (listing.review_count, listing.rating_total) == (1, 2)
    _change(admin_client, f"/admin/market/review/{review.pk}/change/", is_visible="")
    listing.refresh_from_db()
    assert Review.objects.get(pk=review.pk).is_visible is False
    assert (listing.review_count, listing.rating_total) == (0, 0)


def test_delivery_rate_added_in_the_admin_obeys_the_service(admin_client, shop, muong_khuong):
    """shop_delivery_rate_set takes a current province only, never a commune."""
    url = f"/admin/market/shop/{shop.pk}/change/"
    _change(
        admin_client,
        url,
        **{
            "delivery_rates-TOTAL_FORMS": "1",
            "delivery_rates-0-province": str(muong_khuong.pk),
            "delivery_rates-0-fee_vnd": "10000",
            "delivery_rates-0-shop": str(shop.pk),
        },
    )
    assert not ShopDeliveryRate.objects.filter(shop=shop).exists()


def test_pin_of_another_shops_product_is_refused_in_the_admin(
    admin_client, superuser, shop, listing, other_listing
):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    session = live_session_create(
        actor=superuser,
        shop=shop,
        title="Phiên chợ quýt",
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        platform="facebook",
        stream_url="https://www.facebook.com/htxquytmuongkhuong/videos/123456789",
    )
    url = f"/admin/market/livesession/{session.pk}/change/"
    _change(
        admin_client,
        url,
        **{
            "pins-TOTAL_FORMS": "1",
            "pins-0-variant": str(other_listing.variants.first().pk),
            "pins-0-live_price_vnd": "50000",
            "pins-0-session": str(session.pk),
        },
    )
    assert not session.pins.exists()
    _change(
        admin_client,
        url,
        **{
            "pins-TOTAL_FORMS": "1",
            "pins-0-variant": str(listing.variants.first().pk),
            "pins-0-live_price_vnd": "200000",
            "pins-0-session": str(session.pk),
        },
    )
    assert [pin.live_price_vnd for pin in session.pins.all()] == [200000]

"""A cart never holds more than is in stock, and checkout offers only the ways of delivery that
every shop of the cart offers, so that no choice is refused at the end."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.market.models import Cart, CartItem, ListingVariant, Order
from banso.market.selectors.orders import cart_groups
from banso.market.services.cart import cart_add, cart_update
from banso.market.services.checkout import checkout_delivery_methods

pytestmark = pytest.mark.django_db


def _stock(variant, stock: int) -> ListingVariant:
    ListingVariant.objects.filter(pk=variant.pk).update(stock=stock)
    variant.refresh_from_db()
    return variant


def test_a_cart_line_is_lowered_to_the_stock(listing):
    variant = _stock(listing.variants.first(), 58)
    cart = Cart.objects.create()
    item = cart_add(cart=cart, variant=variant, quantity=500)
    assert CartItem.objects.get(pk=item.pk).quantity == 58
    item = cart_add(cart=cart, variant=variant, quantity=1)
    assert CartItem.objects.get(pk=item.pk).quantity == 58
    item = cart_update(cart=cart, item_id=item.pk, quantity=400)
    assert item is not None and CartItem.objects.get(pk=item.pk).quantity == 58
    cart_update(cart=cart, item_id=item.pk, quantity=7)
    assert CartItem.objects.get(pk=item.pk).quantity == 7


def test_a_sold_out_variant_is_refused(listing):
    variant = _stock(listing.variants.first(), 0)
    with pytest.raises(ValidationError) as error:
        cart_add(cart=Cart.objects.create(), variant=variant, quantity=1)
    assert error.value.code == "stock"
    assert "sold out" in error.value.messages[0]
    assert not CartItem.objects.exists()


def test_the_cart_page_tells_of_a_line_over_the_stock(client, listing):
    variant = listing.variants.first()
    response = client.post(
        reverse("market:cart-add"), {"variant": variant.pk, "quantity": 500, "next": "/"}
    )
    assert response.status_code == 302
    assert CartItem.objects.get().quantity == 10
    _stock(variant, 4)  # sold elsewhere since
    page = client.get(reverse("market:cart")).content.decode()
    assert "Only 10 are left, and your cart holds them all." in page
    assert "only 4 left: lower the quantity" in page
    assert 'max="4"' in page


def test_the_add_message_links_to_the_cart(client, listing):
    response = client.post(
        reverse("market:cart-add"),
        {"variant": listing.variants.first().pk, "quantity": 1},
        follow=True,
    )
    page = response.content.decode()
    assert "Added to your cart." in page
    assert f'<a class="message__link" href="{reverse("market:cart")}">View cart</a>' in page


def test_delivery_methods_are_those_every_shop_offers(listing, other_listing):
    cart = Cart.objects.create()
    cart_add(cart=cart, variant=listing.variants.first(), quantity=1)
    assert checkout_delivery_methods(cart_groups(cart)) == ["delivery"]
    listing.shop.offers_pickup = True
    listing.shop.save()
    assert checkout_delivery_methods(cart_groups(cart)) == ["delivery", "pickup"]
    cart_add(cart=cart, variant=other_listing.variants.first(), quantity=1)
    other_listing.shop.offers_delivery = False
    other_listing.shop.offers_pickup = True
    other_listing.shop.save()
    listing.shop.offers_pickup = False
    listing.shop.save()
    assert checkout_delivery_methods(cart_groups(cart)) == []


def test_checkout_does_not_offer_collection_a_shop_does_not_offer(client, listing):
    client.post(reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 1})
    page = client.get(reverse("market:checkout")).content.decode()
    assert 'value="delivery"' in page
    assert 'value="pickup"' not in page
    response = client.post(
        reverse("market:checkout"),
        {
            "action": "place",
            "buyer_name": "Mai",
            "buyer_phone": "0912345678",
            "delivery_method": "pickup",
            "payment_method": "cod",
        },
    )
    assert response.status_code == 200
    assert not Order.objects.exists()

    listing.shop.offers_delivery = False
    listing.shop.offers_pickup = True
    listing.shop.save()
    page = client.get(reverse("market:checkout")).content.decode()
    assert 'value="delivery"' not in page
    assert 'value="pickup" required id="id_delivery_method_0" checked' in page


def test_shops_without_a_common_way_are_named(client, listing, other_listing):
    other_listing.shop.offers_delivery = False
    other_listing.shop.offers_pickup = True
    other_listing.shop.save()
    for variant in (listing.variants.first(), other_listing.variants.first()):
        client.post(reverse("market:cart-add"), {"variant": variant.pk, "quantity": 1})
    page = client.get(reverse("market:checkout")).content.decode()
    assert 'id="no-common-delivery"' in page
    assert f"{other_listing.shop.name}: collection at the shop only" in page
    assert f"{listing.shop.name}: delivers only" in page


def test_checkout_offers_only_payments_a_shop_of_the_cart_takes(client, listing):
    listing.shop.accepts_vietqr = False
    listing.shop.save()
    client.post(reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 1})
    page = client.get(reverse("market:checkout")).content.decode()
    assert 'name="payment_method" value="vietqr"' not in page
    assert 'name="payment_method" value="cod"' in page

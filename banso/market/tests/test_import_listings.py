"""Excel import of listings: rows of one product make one listing; any error imports nothing."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from banso.market.imports import (
    CATEGORY,
    MAX_ROWS,
    PRICE,
    PRODUCT,
    STOCK,
    VARIANT,
    WEIGHT,
    import_columns,
    listings_import,
    template_workbook,
)
from banso.market.models import Listing, ListingStatus, ListingVariant
from banso.trace.tests.makers import product_make

pytestmark = pytest.mark.django_db


def workbook(*rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["GTIN", "Tên", "Loại", "Quy cách", "Giá", "Tồn kho", "g", "Số", "Mã"])
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("san-pham.xlsx", buffer.getvalue())


@pytest.fixture
def tea(coop):
    return product_make(coop, name="Chè Shan Tuyết", item=3, category="tea")


def test_rows_of_one_product_make_one_listing(shop, product, tea, coop_member):
    upload = workbook(
        (product.gtin, "Quýt Mường Khương loại 1", "Trái cây", "Hộp 5 kg", 250000, 10, 5200),
        (product.gtin, None, None, "Thùng 10 kg", "450.000", 3, 10400, None, "Q10"),
        (),
        ("chè shan tuyết", "", "tea", "Gói 200 g", 120000.0, 50, 220, 1),
    )
    result = listings_import(actor=coop_member, shop=shop, upload=upload)
    assert result.ok, result.errors
    assert (result.created, result.variants) == (2, 3)
    quyt = Listing.objects.get(product=product)
    assert (quyt.title, quyt.category, quyt.status) == (
        "Quýt Mường Khương loại 1",
        "fruit",
        ListingStatus.DRAFT,
    )
    assert (quyt.price_vnd, quyt.stock_total) == (250000, 13)
    assert list(quyt.variants.values_list("label", "price_vnd", "sku")) == [
        ("Hộp 5 kg", 250000, ""),
        ("Thùng 10 kg", 450000, "Q10"),
    ]
    che = Listing.objects.get(product=tea)
    assert (che.title, che.category, che.price_vnd) == ("Chè Shan Tuyết", "tea", 120000)


def test_errors_name_row_and_column_and_nothing_is_imported(
    shop, product, tea, other_product, coop_member
):
    upload = workbook(
        (product.gtin, "Quýt", "fruit", "Hộp 5 kg", 250000, 10),
        (tea.gtin, "Chè", "không có", "", 0, -1, "nặng"),
        (other_product.gtin, "Mận", "", "1 kg", 60000, 5),
        ("00000000000000", "", "", "1 kg", 1, 1),
        ("Sản phẩm lạ", "", "", "1 kg", 1, 1),
    )
    result = listings_import(actor=coop_member, shop=shop, upload=upload)
    columns = import_columns()
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (3, columns[CATEGORY]),
        (3, columns[VARIANT]),
        (3, columns[PRICE]),
        (3, columns[STOCK]),
        (3, columns[WEIGHT]),
        (4, columns[PRODUCT]),
        (5, columns[PRODUCT]),
        (6, columns[PRODUCT]),
    } == found
    assert all(e.message for e in result.errors)
    assert result.created == 0
    assert not Listing.objects.exists()
    assert not ListingVariant.objects.exists()


def test_a_workbook_over_the_row_limit_is_refused_whole(shop, product, coop_member):
    rows = [(product.gtin, "", "", f"Gói {n}", 1000, 1) for n in range(MAX_ROWS + 1)]
    with pytest.raises(ValidationError) as caught:
        listings_import(actor=coop_member, shop=shop, upload=workbook(*rows))
    assert caught.value.code == "too_many_rows"
    assert f"at most {MAX_ROWS} rows" in caught.value.messages[0]
    assert not Listing.objects.exists()


def test_a_workbook_at_the_row_limit_is_read_to_its_last_row(shop, product, coop_member):
    # Every row has a price of 0, so each is checked and none is written.
    rows = [(product.gtin, "", "", f"Gói {n}", 0, 1) for n in range(MAX_ROWS)]
    result = listings_import(actor=coop_member, shop=shop, upload=workbook(*rows))
    assert {e.row for e in result.errors} == set(range(2, MAX_ROWS + 2))
    assert not Listing.objects.exists()


def test_a_product_already_listed_is_an_error(shop, listing, product, coop_member):
    result = listings_import(
        actor=coop_member, shop=shop, upload=workbook((product.gtin, "", "", "1 kg", 1000, 1))
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, import_columns()[PRODUCT])]
    assert Listing.objects.count() == 1


def test_the_same_variant_twice_is_an_error(shop, product, coop_member):
    result = listings_import(
        actor=coop_member,
        shop=shop,
        upload=workbook(
            (product.gtin, "", "", "1 kg", 1000, 1), (product.gtin, "", "", "1 KG", 1000, 1)
        ),
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, import_columns()[VARIANT])]
    assert not Listing.objects.exists()


def test_not_a_workbook(shop, coop_member):
    with pytest.raises(ValidationError):
        listings_import(
            actor=coop_member, shop=shop, upload=SimpleUploadedFile("x.xlsx", b"not excel")
        )


def test_the_template_has_a_header_and_two_example_rows():
    buffer = BytesIO()
    template_workbook().save(buffer)
    rows = list(load_workbook(BytesIO(buffer.getvalue())).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][4] == 250000


def test_the_import_page(client, shop, product, coop_member, other_coop_member):
    url = f"/market/manage/listings/import/?shop={shop.slug}"
    client.force_login(other_coop_member)
    response = client.post(
        url, {"file": workbook((product.gtin, "", "", "1 kg", 1000, 1)), "shop": shop.slug}
    )
    assert response.status_code == 404
    assert not Listing.objects.exists()
    client.force_login(coop_member)
    response = client.post(url, {"file": workbook((product.gtin, "", "", "", 0, 1))})
    assert response.status_code == 400
    assert 'id="import-errors"' in response.content.decode()
    response = client.post(url, {"file": workbook((product.gtin, "", "", "1 kg", 1000, 1))})
    assert response.status_code == 302
    assert Listing.objects.filter(shop=shop).count() == 1
    template = client.get("/market/manage/listings/import/template.xlsx")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

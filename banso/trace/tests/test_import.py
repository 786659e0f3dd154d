"""Excel import of lots: all rows or none, errors by row and column."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from banso.places.tests.workbooks import XLSX, xlsx_upload
from banso.trace.imports import lots_import
from banso.trace.models import Lot

HEADER = ("GTIN", "Mã lô", "Ngày thu hoạch", "Mã xã", "Thôn", "Số lượng", "Đơn vị", "Hộ")


def _upload(*rows):
    return xlsx_upload(*rows, name="lots.xlsx", header=HEADER)


def _good_rows(village):
    return [
        ("00209890000019", "MK-01", datetime.date(2025, 11, 20), "02761", "", 1200, "kg", ""),
        (
            "0209890000019",
            "MK-02",
            "21/11/2025",
            2761,
            village.name,
            "850,5",
            "kg",
            "Tẩn Văn Sử; Lù Thị Mai",
        ),
    ]


def test_good_file_imports_every_lot(coop_member, product, village):
    result = lots_import(actor=coop_member, upload=_upload(*_good_rows(village)))
    assert result.ok and result.created == 2
    second = Lot.objects.get(code="MK-02")
    assert second.harvest_village == village
    assert second.harvest_date == datetime.date(2025, 11, 21)
    assert str(second.quantity) == "850.500"
    assert second.producer_households == "Tẩn Văn Sử\nLù Thị Mai"


def test_one_bad_row_imports_nothing_and_names_rows(coop_member, product, village, lot):
    rows = [
        *_good_rows(village),
        ("00209890000018", "MK-03", "20/11/2025", "02761", "", 10, "kg", ""),  # check digit
        ("00209890000019", "lô 4", "31/02/2025", "99999", "Không có", -1, "bao", ""),
        ("00209890000019", lot.code, "20/11/2025", "02761", "", 1, "kg", ""),  # taken
        ("00209890000019", "MK-01", "20/11/2025", "02761", "", 1, "kg", ""),  # twice
    ]
    with translation.override("en"):
        result = lots_import(actor=coop_member, upload=_upload(*rows))
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert (4, "Product GTIN") in found
    assert {
        (5, c) for c in ("Lot code", "Harvest date", "Commune code", "Quantity", "Unit")
    } <= found
    assert (6, "Lot code") in found
    assert (7, "Lot code") in found
    assert not {row for row, _column in found} & {2, 3}
    assert list(Lot.objects.values_list("code", flat=True)) == [lot.code]


def test_another_coops_product_is_unknown(other_coop_member, product, village):
    with translation.override("en"):
        result = lots_import(actor=other_coop_member, upload=_upload(*_good_rows(village)))
    assert {(e.row, e.column) for e in result.errors} == {(2, "Product GTIN"), (3, "Product GTIN")}
    assert not Lot.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("lots.xlsx", b"PK\x03\x04 broken", content_type=XLSX),
        SimpleUploadedFile("lots.csv", b"gtin,lot\n1,2\n", content_type="text/csv"),
    ],
)
def test_broken_file_is_a_clear_error(coop_member, product, upload):
    with pytest.raises(ValidationError) as error:
        lots_import(actor=coop_member, upload=upload)
    assert error.value.code == "bad_file"
    assert not Lot.objects.exists()


def test_header_only_is_empty(coop_member, product):
    with pytest.raises(ValidationError) as error:
        lots_import(actor=coop_member, upload=_upload())
    assert error.value.code == "empty"


# The page ------------------------------------------------------------------------------------


def test_page_imports_and_shows_row_errors(client, coop_member, product, village):
    url = reverse("trace:lot-import")
    client.force_login(coop_member)
    bad = [*_good_rows(village), ("00209890000019", "", "20/11/2025", "02761", "", 1, "kg", "")]
    response = client.post(url, {"file": _upload(*bad)})
    assert response.status_code == 400
    assert b'id="import-errors"' in response.content
    assert not Lot.objects.exists()
    response = client.post(url, {"file": _upload(*_good_rows(village))})
    assert response.status_code == 302
    assert Lot.objects.count() == 2
    response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"nope")})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_template_download(client, coop_member):
    client.force_login(coop_member)
    response = client.get(reverse("trace:lot-import-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_column == 8


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("trace:lot-import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

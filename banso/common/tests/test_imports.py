"""What every import reads cells and finds columns with."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from banso.common.imports import SheetColumns, read_date, read_text, read_whole, rows_chunked

COLUMNS = {"code": gettext_lazy("Household code"), "phone": gettext_lazy("Phone number")}


@pytest.mark.parametrize(
    ("value", "text"), [(None, ""), (12.0, "12"), ("  Mã   Tuyển ", "Mã Tuyển"), (1.5, "1.5")]
)
def test_text_of_a_cell(value, text):
    assert read_text(value) == text


@pytest.mark.parametrize(
    ("value", "number"), [(5, 5), (5.0, 5), ("1.200.000", 1_200_000), ("1,200 ₫", 1200)]
)
def test_whole_numbers_as_people_write_them(value, number):
    assert read_whole(value) == number


@pytest.mark.parametrize("value", [1.5, "năm", True, ""])
def test_what_is_no_whole_number(value):
    with pytest.raises(ValueError):
        read_whole(value)


@pytest.mark.parametrize(
    "value",
    ["05/03/2024", "2024-03-05", "05-03-2024", "05.03.2024", datetime.datetime(2024, 3, 5, 8)],
)
def test_dates_as_offices_write_them(value):
    assert read_date(value) == datetime.date(2024, 3, 5)


def test_a_date_that_is_none():
    with pytest.raises(ValueError):
        read_date("31/02/2024")


def test_chunks_keep_every_row_in_order():
    assert list(rows_chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_columns_are_found_by_their_header_in_any_language_or_key():
    columns = SheetColumns(
        ("Số điện thoại", None, "HOUSEHOLD CODE"), columns=COLUMNS, required=["code"]
    )
    assert columns.value(("0912", "x", "MK-1"), "code") == "MK-1"
    assert columns.value(("0912",), "code") is None
    assert columns.header("code") == "HOUSEHOLD CODE"
    assert "phone" in columns
    by_key = SheetColumns(("code",), columns=COLUMNS, required=["code"])
    assert by_key.value(("MK-2",), "code") == "MK-2"
    assert "phone" not in by_key
    assert by_key.header("phone") == "Số điện thoại"


def test_a_missing_column_is_named_in_the_persons_language():
    with pytest.raises(ValidationError) as refused:
        SheetColumns(("Số điện thoại",), columns=COLUMNS, required=["code"])
    assert "“Mã hộ”" in refused.value.messages[0]

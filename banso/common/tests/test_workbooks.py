"""The workbook reader every import uses: hostile files are refused before any row is read."""

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from banso.common.tests import hostile
from banso.common.workbooks import (
    WorkbookLimits,
    WorkbookRefused,
    workbook_check,
    workbook_rows,
)

LIMITS = WorkbookLimits(rows=20_000)


def _refused(data: bytes, limits: WorkbookLimits = LIMITS, *, language: str = "en"):
    started = time.perf_counter()
    with translation.override(language), pytest.raises(ValidationError) as caught:
        workbook_rows(hostile.upload(data), limits=limits)
    print(f"refused in {time.perf_counter() - started:.3f} s ({len(data):,} bytes)")
    assert isinstance(caught.value, WorkbookRefused)
    return caught.value


def test_ordinary_workbook_is_read_with_its_header():
    rows = [("Mã xã", "Tên thôn"), ("02761", "Sín Chải"), (2761, None)]
    assert workbook_rows(
        hostile.upload(hostile.xlsx_bytes(hostile.sheet_of_rows(rows))), limits=LIMITS
    ) == [
        ("Mã xã", "Tên thôn"),
        ("02761", "Sín Chải"),
        (2761, None),
    ]


def test_a_workbook_openpyxl_wrote_is_read():
    book = openpyxl.Workbook()
    book.active.append(["a", 1])
    book.active.append(["b", 2.5])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = hostile.upload(buffer.getvalue())
    size = workbook_check(upload, limits=LIMITS)
    assert (size.rows, size.columns, size.cells, size.data_rows) == (2, 2, 4, 1)
    assert workbook_rows(upload, limits=LIMITS) == [("a", 1), ("b", 2.5)]


def test_thirty_million_cells_are_refused_before_the_sheet_is_read():
    data = hostile.wide_30_million()
    assert len(data) < 1_000_000
    refused = _refused(data, language="vi")
    assert refused.code == "too_large"
    assert refused.messages == [
        "Bảng tính này giải nén ra hơn 100 MB, quá mức một lần nhập đọc được; hãy chia thành "
        "nhiều bảng tính."
    ]
    assert refused.size.cells == 0  # not one cell was parsed


def test_zip_bomb_is_refused_from_its_declared_sizes():
    data = hostile.zip_bomb(90)
    assert len(data) < 200_000
    refused = _refused(data, language="zh-hans")
    assert refused.code == "zip_bomb"
    assert "压缩" in refused.messages[0]
    assert refused.size.cells == 0


def test_a_wide_row_stops_at_the_first_column_over_the_limit():
    data = hostile.wide_row(100_000)  # compresses like real data: the zip checks let it pass
    refused = _refused(data, WorkbookLimits(rows=100, columns=50))
    assert refused.code == "too_many_columns"
    assert "column 51" in refused.messages[0]
    assert refused.size.cells == 51  # counting stopped at the first breach


def test_the_sheets_dimension_is_not_trusted():
    # The sheet says A1:B2 but has data up to column 60.
    data = hostile.xlsx_bytes(hostile.sheet_of_rows([["x"] * 60]))
    assert b'<dimension ref="A1:B2"/>' in zipfile.ZipFile(io.BytesIO(data)).read(hostile.SHEET)
    refused = _refused(data, WorkbookLimits(rows=10, columns=50))
    assert refused.code == "too_many_columns"


def test_cells_piled_on_one_address_stop_at_the_cell_limit():
    limits = WorkbookLimits(rows=1000, columns=10)
    assert limits.max_cells == 10_010
    refused = _refused(hostile.dense_column(200_000), limits)
    assert refused.code == "too_many_cells"
    assert refused.size.cells == limits.max_cells + 1


def test_rows_beyond_the_limit_stop_the_count():
    rows = [["Tên"]] + [[f"Thôn {n}"] for n in range(5_000)]
    refused = _refused(hostile.xlsx_bytes(hostile.sheet_of_rows(rows)), WorkbookLimits(rows=100))
    assert refused.code == "too_many_rows"
    assert refused.messages == ["A workbook can hold at most 100 rows under its header."]
    assert refused.size.cells <= 102


def test_empty_styled_cells_far_right_are_no_data():
    sheet = hostile.sheet_of_rows([["a", "b"]]).replace(b"</row>", b'<c r="XFD1" s="1"/></row>')
    upload = hostile.upload(hostile.xlsx_bytes(sheet))
    assert workbook_rows(upload, limits=WorkbookLimits(rows=10)) == [("a", "b")]


def test_entities_are_refused_with_a_clear_message():
    refused = _refused(hostile.with_entities(), language="vi")
    assert refused.code == "dtd"
    assert "(DTD)" in refused.messages[0]
    assert refused.messages[0].startswith("Bảng tính này có khai báo kiểu tài liệu XML")


def test_a_doctype_in_any_part_is_refused():
    workbook_xml = hostile._ordinary_parts()["xl/workbook.xml"]
    assert workbook_xml.startswith(b"<workbook")
    with_doctype = b'<!DOCTYPE workbook [<!ENTITY x "y">]>' + workbook_xml
    data = hostile.xlsx_bytes(
        hostile.sheet_of_rows([["a"]]), replace={"xl/workbook.xml": with_doctype}
    )
    assert _refused(data).code == "dtd"


def test_an_undeclared_entity_is_unreadable_not_a_crash():
    sheet = hostile.sheet_of_rows([["a"]]).replace(b"<t>a</t>", b"<t>&nope;</t>")
    assert _refused(hostile.xlsx_bytes(sheet)).code == "bad_file"


def test_openpyxl_itself_parses_through_defusedxml():
    """Our own check comes first; openpyxl refuses entities again, because defusedxml is
    installed (openpyxl/xml/__init__.py sets DEFUSEDXML, functions.py then takes defusedxml's
    iterparse and fromstring)."""
    from defusedxml import EntitiesForbidden  # type: ignore[import-untyped]
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(io.BytesIO(hostile.with_entities()), read_only=True)
    assert isinstance(caught.value.__cause__, EntitiesForbidden)


def test_too_many_parts_and_too_large_files_are_refused():
    many = {f"xl/media/image{n}.png": b"x" for n in range(600)}
    data = hostile.xlsx_bytes(hostile.sheet_of_rows([["a"]]), replace=many)
    assert _refused(data).code == "too_many_parts"
    small = WorkbookLimits(rows=10, upload_bytes=1000)
    assert _refused(hostile.xlsx_bytes(hostile.sheet_of_rows([["a"]])), small).code == "too_large"


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip at all", b"PK\x03\x04broken", hostile.xlsx_bytes(b"<worksheet")],
)
def test_unreadable_files_are_one_clear_error(data):
    assert _refused(data).code == "bad_file"


def test_a_part_larger_than_it_declares_is_unreadable():
    """zipfile unpacks no more than a part's declared size, so the declared sizes the check
    reads are an upper bound: a part that claims less than it holds fails its CRC."""
    data = bytearray(hostile.xlsx_bytes(hostile.sheet_of_rows([["a" * 2000]] * 50), level=9))
    sheet = hostile.SHEET.encode()
    local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(hostile.SHEET).header_offset
    assert int.from_bytes(data[local + 22 : local + 26], "little") > 100_000
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")  # local header's size
    entry = data.find(b"PK\x01\x02")
    while entry != -1:  # the central directory's entry for the sheet
        length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if bytes(data[entry + 46 : entry + 46 + length]) == sheet:
            data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
        entry = data.find(b"PK\x01\x02", entry + 4)
    assert _refused(bytes(data)).code == "bad_file"


def test_millions_of_empty_rows_stop_at_the_row_limit():
    body = b"".join(b'<row r="%d"/>' % number for number in range(1, 300_000))
    data = hostile.xlsx_bytes(hostile.HEAD + hostile.OPEN + body + hostile.CLOSE)
    refused = _refused(data, WorkbookLimits(rows=1000))
    assert refused.code == "too_many_rows"
    assert refused.size.cells == 0

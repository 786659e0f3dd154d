"""Hostile and large Excel workbooks for the import tests, built in a fraction of a second.

The sheet's XML is written straight into a zip (openpyxl would take minutes to write 30 million
cells); the other parts are those of an ordinary workbook written by openpyxl.
"""

import functools
import io
import random
import zipfile
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "xl/worksheets/sheet1.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OPEN = b'<worksheet xmlns="' + MAIN + b'"><dimension ref="A1:B2"/><sheetData>'
CLOSE = b"</sheetData></worksheet>"


def _ordinary_parts() -> dict[str, bytes]:
    workbook = Workbook()
    workbook.active.append(["a", "b"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {name: archive.read(name) for name in archive.namelist()}


def xlsx_bytes(sheet: bytes, *, replace: dict[str, bytes] | None = None, level: int = 6) -> bytes:
    """A workbook whose first sheet is ``sheet`` (the whole XML part)."""
    parts = {**_ordinary_parts(), SHEET: sheet, **(replace or {})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(data: bytes, name: str = "import.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").encode()


def sheet_of_rows(rows: Iterable[Iterable[object]]) -> bytes:
    """A sheet of the given values (numbers as numbers, anything else as inline text)."""
    parts = [HEAD, OPEN]
    for number, row in enumerate(rows, start=1):
        parts.append(b'<row r="%d">' % number)
        for value in row:
            if value is None:
                parts.append(b"<c/>")
            elif isinstance(value, int | float):
                parts.append(b"<c><v>%s</v></c>" % str(value).encode())
            else:
                parts.append(b'<c t="inlineStr"><is><t>' + _escape(str(value)) + b"</t></is></c>")
        parts.append(b"</row>")
    parts.append(CLOSE)
    return b"".join(parts)


def wide_30_million() -> bytes:
    """The workbook of the report: 500 rows × 60,000 cells, about 880 KB on disk."""
    cells = b"<c><v>1</v></c>" * 60_000
    body = b"".join(b'<row r="%d">' % (r + 1) + cells + b"</row>" for r in range(500))
    return xlsx_bytes(HEAD + OPEN + body + CLOSE, level=9)


def wide_row(cells: int) -> bytes:
    """One row of ``cells`` different numbers: it compresses like real data, so only the
    column limit can stop it."""
    numbers = random.Random(7)
    body = b"".join(b"<c><v>%d</v></c>" % numbers.randrange(10**9) for _ in range(cells))
    return xlsx_bytes(HEAD + OPEN + b'<row r="1">' + body + b"</row>" + CLOSE)


def dense_column(cells: int) -> bytes:
    """``cells`` cells all claiming to be A1, each with a different number: within every
    row and column limit, only the cell limit stops it."""
    numbers = random.Random(11)
    body = b"".join(b'<c r="A1"><v>%d</v></c>' % numbers.randrange(10**9) for _ in range(cells))
    return xlsx_bytes(HEAD + OPEN + b'<row r="1">' + body + b"</row>" + CLOSE)


def zip_bomb(megabytes: int = 90) -> bytes:
    """A sheet that unpacks to ``megabytes`` of blanks from a few kilobytes."""
    filler = b" " * (megabytes * 1024 * 1024)
    return xlsx_bytes(HEAD + OPEN + CLOSE.replace(b"</sheetData>", filler + b"</sheetData>"))


def with_entities() -> bytes:
    """A "billion laughs": entities that expand to gigabytes if the parser resolves them."""
    laughs = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        previous = b"&lol%d;" % (level - 1)
        laughs.append(b'<!ENTITY lol%d "%s">' % (level, previous * 10))
    doctype = b"<!DOCTYPE worksheet [" + b"".join(laughs) + b"]>"
    row = b'<row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return xlsx_bytes(HEAD + doctype + OPEN + row + CLOSE)


@functools.cache
def by_name(name: str) -> bytes:
    """One of the hostile workbooks, built once per test run."""
    return {
        "wide_30_million": wide_30_million,
        "with_entities": with_entities,
        "zip_bomb": zip_bomb,
        "wide_row": lambda: wide_row(100_000),
    }[name]()


# The hostile workbooks every import page refuses, with its message in Vietnamese.
REFUSED_IN_VIETNAMESE = [
    pytest.param(
        "wide_30_million",
        "Bảng tính này giải nén ra hơn 100 MB, quá mức một lần nhập đọc được; hãy chia thành "
        "nhiều bảng tính.",
        id="wide_30_million",
    ),
    pytest.param(
        "with_entities",
        "Bảng tính này có khai báo kiểu tài liệu XML (DTD) hoặc thực thể (entity), bị từ chối "
        "vì lý do an toàn. Hãy mở bằng Excel hoặc LibreOffice rồi lưu lại dưới dạng .xlsx.",
        id="with_entities",
    ),
    pytest.param(
        "zip_bomb",
        "Tệp này bị nén quá mức so với mọi bảng tính (một “bom zip”) nên đã bị từ chối.",
        id="zip_bomb",
    ),
    pytest.param(
        "wide_row",
        "Trang tính có dữ liệu ở cột 51; mỗi lần nhập chỉ đọc tối đa 50 cột. Hãy xóa các cột "
        "nằm sau cột cuối cùng cần dùng.",
        id="wide_row",
    ),
]

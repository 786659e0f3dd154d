"""Reading the first sheet of an uploaded Excel workbook, safely, for every import.

An .xlsx file is a zip of XML files, and both can be hostile: a zip that unpacks to gigabytes, a
sheet of 30 million cells in an 883 KB file, XML with a document type declaration whose entities
expand without end. Every import (lots, listings, villages, households, team members…) reads its
workbook here, and everything is checked before any row reaches the import, and so before the
import opens a transaction (on SQLite that is the write lock every sign-in waits for):

1. the zip: the file's size, the number of its parts, each part's and the total unpacked size as
   the zip declares them, and how far each large part is compressed. Python's zipfile never
   unpacks more than a part's declared size (a part that claims less than it holds fails its
   CRC check), so a declared size that passes is an upper bound;
2. XML document type declarations (and so entities) are refused in every XML part; openpyxl
   parses with defusedxml too (installed with the project), which refuses entities again;
3. the first sheet is read once with expat, counting rows, columns and cells as they stream by
   and stopping at the first one over the limits: the sheet's own ``<dimension>`` may lie;
4. only then does openpyxl (read-only, values only) read the rows, bounded by the counted size.

Each refusal is one ``ValidationError`` in the user's language.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat
from zipfile import BadZipFile, ZipFile, ZipInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MEBIBYTE = 1024 * 1024
# The parts of an .xlsx that are XML; a document type declaration in any of them is refused.
XML_SUFFIXES = (".xml", ".rels", ".vml")
# How much of a part is read at a time while streaming it.
CHUNK_BYTES = 64 * 1024
# Parts smaller than this unpacked may be compressed as far as they like (an empty style sheet
# compresses a hundredfold); larger ones may not pass ``WorkbookLimits.ratio``.
RATIO_FROM_BYTES = MEBIBYTE


@dataclass(frozen=True)
class WorkbookLimits:
    """What one import reads at most. ``rows`` counts the rows under the header.

    A real sheet written by Excel, LibreOffice or openpyxl compresses 5 to 25 times; the
    20,000 rows × 30 columns of a province's households unpack to about 30 MB.
    """

    rows: int
    columns: int = 50
    cells: int | None = None  # (rows + 1) × columns when not given
    upload_bytes: int = 25 * MEBIBYTE
    members: int = 500
    member_bytes: int = 100 * MEBIBYTE
    total_bytes: int = 150 * MEBIBYTE
    ratio: int = 100

    @property
    def max_cells(self) -> int:
        return self.cells if self.cells is not None else (self.rows + 1) * self.columns


@dataclass
class SheetSize:
    """What the checks counted on the first sheet: rows and columns holding a value (the
    header included), and every cell element read, empty or not."""

    rows: int = 0
    columns: int = 0
    cells: int = 0

    @property
    def data_rows(self) -> int:
        return max(0, self.rows - 1)


class WorkbookRefused(ValidationError):
    """A workbook refused by a check; ``size`` is what had been counted of the sheet then
    (nothing when the refusal came before the sheet was read)."""

    size: SheetSize

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)
        self.size = SheetSize()


def _refuse(message: str, code: str) -> WorkbookRefused:
    return WorkbookRefused(message, code)


def _unreadable() -> WorkbookRefused:
    return _refuse(_("This file is not an Excel workbook (.xlsx) that can be read."), "bad_file")


def _dtd_refused() -> WorkbookRefused:
    return _refuse(
        _(
            "This workbook contains an XML document type declaration (DTD) or entities, which "
            "are refused for safety. Open it in Excel or LibreOffice and save it again as .xlsx."
        ),
        "dtd",
    )


def _megabytes(size: int) -> int:
    return size // MEBIBYTE


class _Refusal(Exception):
    """Carries a refusal out of expat's handlers."""

    def __init__(self, error: WorkbookRefused):
        self.error = error


def _column_number(reference: str) -> int:
    """1 for "A1", 28 for "AB7"; 0 when the reference has no letters."""
    number = 0
    for character in reference:
        if "A" <= character <= "Z":
            number = number * 26 + ord(character) - 64
        elif "a" <= character <= "z":
            number = number * 26 + ord(character) - 96
        else:
            break
    return number


def _refuse_doctype(*args: Any) -> None:
    raise _Refusal(_dtd_refused())


def _parser(**handlers: Any) -> Any:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    # References to entities of no declared DTD: refused too, never looked up.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    for name, handler in handlers.items():
        setattr(parser, name, handler)
    return parser


def _feed(parser: Any, stream: IO[bytes], *, stop: list[bool]) -> None:
    """Feed ``stream`` to ``parser`` in chunks until its end or until ``stop[0]`` is set."""
    while not stop[0]:
        chunk = stream.read(CHUNK_BYTES)
        parser.Parse(chunk, not chunk)
        if not chunk:
            return


_CELL, _ROW, _VALUE = 1, 2, 3
# What the counter looks at; elements of other names (and those of other namespaces' prefixes
# are matched on their local name) cost one dictionary look-up.
_KINDS = {"c": _CELL, "row": _ROW, "v": _VALUE, "is": _VALUE, "f": _VALUE}
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


class _SheetCounter:
    """Counts a sheet's rows, columns and cells with expat and raises at the first breach.

    Every cell element counts toward the cells; a cell counts toward the rows and columns only
    when it holds a value (``v``, an inline string or a formula): a styled empty cell far to
    the right is no data. It is written for speed: a province's 600,000 cells are counted in
    one to two seconds.
    """

    def __init__(self, limits: WorkbookLimits):
        self.limits = limits
        self.max_cells = limits.max_cells
        self.size = SheetSize()
        self.cells = 0
        self.row = 0
        self.column = 0
        self.kinds = dict(_KINDS)
        # Empty rows are no data, but millions of them are no spreadsheet either.
        self.row_elements = 0
        self.max_row_elements = 2 * (limits.rows + 1) + 1000
        self.columns: dict[str, int] = {}

    def start(self, name: str, attributes: dict[str, str]) -> None:
        kind = self.kinds.get(name)
        if kind is None:
            kind = self.kinds[name] = _KINDS.get(name.rpartition(":")[2], 0)
        if kind == _CELL:
            self.cells += 1
            if self.cells > self.max_cells:
                self.size.cells = self.cells
                raise _Refusal(
                    _refuse(
                        _(
                            "The sheet has more than %(count)d cells; an import reads at most "
                            "that many."
                        )
                        % {"count": self.max_cells},
                        "too_many_cells",
                    )
                )
            reference = attributes.get("r")
            found = _REFERENCE.fullmatch(reference) if reference else None
            if found is None:
                self.column += 1
                return
            letters = found[1]
            column = self.columns.get(letters)
            if column is None:
                column = self.columns[letters] = _column_number(letters)
            self.column = column
            self.row = int(found[2])
        elif kind == _VALUE:
            if self.column > self.size.columns or self.row > self.size.rows:
                self._holds_value()
        elif kind == _ROW:
            self.row_elements += 1
            if self.row_elements > self.max_row_elements:
                self._too_many_rows()
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.column = 0

    def _too_many_rows(self) -> None:
        raise _Refusal(
            _refuse(
                _("A workbook can hold at most %(count)d rows under its header.")
                % {"count": self.limits.rows},
                "too_many_rows",
            )
        )

    def _holds_value(self) -> None:
        limits = self.limits
        if self.column > limits.columns:
            raise _Refusal(
                _refuse(
                    _(
                        "The sheet has data in column %(column)d; an import reads at most "
                        "%(count)d columns. Delete the columns after the last one it needs."
                    )
                    % {"column": self.column, "count": limits.columns},
                    "too_many_columns",
                )
            )
        if self.row > limits.rows + 1:
            self._too_many_rows()
        self.size.rows = max(self.size.rows, self.row)
        self.size.columns = max(self.size.columns, self.column)
        self.size.cells = self.cells


def _zip_check(archive: ZipFile, limits: WorkbookLimits) -> list[ZipInfo]:
    members = archive.infolist()
    if len(members) > limits.members:
        raise _refuse(
            _("This file holds %(count)d parts, more than an Excel workbook can have.")
            % {"count": len(members)},
            "too_many_parts",
        )
    too_large = _(
        "This workbook unpacks to more than %(size)d MB, more than an import reads; "
        "split it into several workbooks."
    )
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise _unreadable()  # encrypted
        if member.file_size > limits.member_bytes:
            raise _refuse(too_large % {"size": _megabytes(limits.member_bytes)}, "too_large")
        total += member.file_size
        if total > limits.total_bytes:
            raise _refuse(too_large % {"size": _megabytes(limits.total_bytes)}, "too_large")
        if member.file_size > RATIO_FROM_BYTES and member.file_size > limits.ratio * max(
            1, member.compress_size
        ):
            raise _refuse(
                _(
                    "This file is compressed far more than any spreadsheet (a “zip bomb”) and "
                    "was refused."
                ),
                "zip_bomb",
            )
    return members


def _prolog_check(archive: ZipFile, member: ZipInfo) -> None:
    """Refuse a document type declaration in ``member``: it can only come before the root
    element, so the part is read only up to there."""
    stop = [False]

    def root_reached(*args: Any) -> None:
        stop[0] = True

    parser = _parser(StartElementHandler=root_reached)
    with archive.open(member) as stream:
        try:
            _feed(parser, stream, stop=stop)
        except expat.ExpatError as error:
            raise _unreadable() from error


def _first_sheet_path(workbook: Any) -> str:
    # openpyxl's read-only sheet keeps the path of its XML part in the archive.
    return workbook.worksheets[0]._worksheet_path


@dataclass
class _Opened:
    archive: ZipFile
    workbook: Any
    size: SheetSize


def _open(upload: IO[bytes], limits: WorkbookLimits) -> _Opened:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    size_bytes = getattr(upload, "size", None)
    if size_bytes is not None and size_bytes > limits.upload_bytes:
        raise _refuse(
            _("The file is larger than %(size)d MB; split it into several workbooks.")
            % {"size": _megabytes(limits.upload_bytes)},
            "too_large",
        )
    upload.seek(0)
    counter = _SheetCounter(limits)
    try:
        archive = ZipFile(upload)
    except (BadZipFile, OSError, ValueError) as error:
        raise _unreadable() from error
    try:
        members = _zip_check(archive, limits)
        for member in members:
            if member.filename.lower().endswith(XML_SUFFIXES):
                _prolog_check(archive, member)
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        path = _first_sheet_path(workbook)
        parser = _parser(StartElementHandler=counter.start)
        with workbook._archive.open(path) as stream:
            _feed(parser, stream, stop=[False])
        counter.size.cells = counter.cells
    except _Refusal as reached:
        archive.close()
        counter.size.cells = counter.cells
        reached.error.size = counter.size
        raise reached.error from None
    except ValidationError:
        archive.close()
        raise
    except Exception as error:
        archive.close()
        if _is_defused(error):
            raise _dtd_refused() from error
        if isinstance(
            error,
            BadZipFile
            | InvalidFileException
            | expat.ExpatError
            | SyntaxError  # xml.etree's ParseError
            | KeyError
            | OSError
            | ValueError
            | IndexError
            | TypeError
            | AttributeError,
        ):
            raise _unreadable() from error
        raise
    return _Opened(archive=archive, workbook=workbook, size=counter.size)


def _is_defused(error: BaseException) -> bool:
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

    return isinstance(error, DefusedXmlException)


def workbook_check(upload: IO[bytes], *, limits: WorkbookLimits) -> SheetSize:
    """Check ``upload`` (steps 1 to 3 above) and return the first sheet's counted size; reads
    no row. Quick enough for a request, so a view can tell a large import to go to the
    background."""
    opened = _open(upload, limits)
    opened.workbook.close()
    opened.archive.close()
    return opened.size


def workbook_iter_rows(upload: IO[bytes], *, limits: WorkbookLimits) -> Iterator[tuple]:
    """The values of the first sheet's rows (header included), after every check."""
    opened = _open(upload, limits)
    try:
        size = opened.size
        if not size.rows:
            return
        sheet = opened.workbook.worksheets[0]
        try:
            yield from sheet.iter_rows(
                min_row=1, max_row=size.rows, max_col=max(1, size.columns), values_only=True
            )
        except Exception as error:
            if _is_defused(error):
                raise _dtd_refused() from error
            if isinstance(error, KeyError | ValueError | IndexError | SyntaxError | TypeError):
                raise _unreadable() from error
            raise
    finally:
        opened.workbook.close()
        opened.archive.close()


def workbook_rows(upload: IO[bytes], *, limits: WorkbookLimits) -> list[tuple]:
    """The values of the first sheet's rows (header included), after every check."""
    return list(workbook_iter_rows(upload, limits=limits))


def workbook_header(upload: IO[bytes], *, limits: WorkbookLimits) -> tuple | None:
    """The first sheet's header row after every check (None for an empty sheet), read without
    going through the rest of the sheet: an import finds its columns here before its passes."""
    rows = workbook_iter_rows(upload, limits=limits)
    try:
        return next(rows, None)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # the generator closes its workbook

"""Translations to review as an Excel workbook, for reviewers who would rather work in a
spreadsheet than on the site: the same rules as the XLIFF file (banso.lingo.xliff).

The sheet has the columns id, what, field, language, state, source, translation. A reviewer
fills or corrects the translation column and uploads the workbook; id, language and source say
which translation a row answers and whether its source changed since the export, the other
columns only help the reader. The workbook is read through banso.common.workbooks (every check
before any row) and written through banso.common.exports (no cell can become a formula).
"""

from collections.abc import Iterable
from io import BytesIO
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from banso.common.exports import FORMULA_PREFIXES, sheet_append
from banso.common.workbooks import WorkbookLimits, workbook_rows
from banso.lingo.models import Translation, TranslationState
from banso.lingo.selectors import ReviewSubject
from banso.lingo.services import ReturnedUnit

COLUMNS = ("id", "what", "field", "language", "state", "source", "translation")
LIMITS = WorkbookLimits(rows=10_000, columns=len(COLUMNS), upload_bytes=10 * 1024 * 1024)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def exchange_workbook(rows: Iterable[Translation], *, subjects: dict[int, ReviewSubject]) -> bytes:
    """The workbook of ``rows``: a header of the column names, one row a translation, its
    proposal (or the text shown) in the translation column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Translations")[:31])
    sheet_append(sheet, COLUMNS)
    for row in rows:
        subject = subjects.get(row.pk)
        what = f"{subject.kind}: {subject.title}" if subject is not None else ""
        sheet_append(
            sheet,
            (
                row.pk,
                what,
                row.field,
                row.language,
                str(TranslationState(row.state).label),
                row.source,
                row.suggestion or row.text,
            ),
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> str:
    """A cell as text, without the quote the export put before a text that reads like a
    formula (banso.common.exports), so a source "- Quả chín" compares with the current one."""
    text = "" if value is None else str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def exchange_read(upload: IO[bytes]) -> list[ReturnedUnit]:
    """The rows of an uploaded workbook as returned units; a workbook whose header is not the
    export's, or whose id cell is not a number, is refused whole."""
    rows = workbook_rows(upload, limits=LIMITS)
    if not rows:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    header = tuple(_cell(value).strip().lower() for value in rows[0])
    if header[: len(COLUMNS)] != COLUMNS:
        raise ValidationError(
            _("The first row must be the exported header: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)},
            code="header",
        )
    units = []
    for number, row in enumerate(rows[1:], start=2):
        values = [_cell(value) for value in (list(row) + [None] * len(COLUMNS))[: len(COLUMNS)]]
        if not any(value.strip() for value in values):
            continue
        identifier, _what, _field, language, _state, source, target = values
        if not identifier.strip().isdigit():
            raise ValidationError(
                _("Row %(row)d: the id must be the number the export wrote.") % {"row": number},
                code="id",
            )
        units.append(
            ReturnedUnit(
                translation_id=int(identifier),
                source=source,
                language=language.strip().lower(),
                target=target,
            )
        )
    return units

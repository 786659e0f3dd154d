"""What every Excel import shares: its result, its per-row errors, and how it reports progress.

An import reads its workbook through ``banso.common.workbooks`` (every check before any row),
validates all rows without writing, and only when no row has an error writes everything in one
short transaction: a workbook with any error imports nothing, and every error names its row and
column so that the person can fix the file and upload it again. The errors are shown by one
template, ``common/_import_errors.html``, on the import page or, for a background import, on its
progress page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

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

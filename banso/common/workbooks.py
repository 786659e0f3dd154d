"""Reading the first sheet of an uploaded Excel workbook, for every import officials and sellers
use: a file that is not a readable .xlsx is one clear error, in the user's language."""

from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def workbook_rows(upload, *, max_rows: int | None = None) -> list[tuple]:
    """The values of the first sheet's rows (header included), at most ``max_rows``."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True, max_row=max_rows))
        workbook.close()
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, IndexError) as error:
        raise ValidationError(
            _("This file is not an Excel workbook (.xlsx) that can be read."), code="bad_file"
        ) from error
    return rows

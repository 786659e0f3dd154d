import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as NumberError
from stdnum.vn import mst

TAX_CODE_FORMAT = r"^\d{10}(-\d{3})?$"


def validate_tax_code(value: str) -> None:
    """A Vietnamese tax code (mã số thuế): 10 digits with a valid check digit, and for a
    branch a dash and 3 more digits."""
    if not re.match(TAX_CODE_FORMAT, value or ""):
        raise ValidationError(
            _("A tax code is 10 digits, or 10 digits, a dash and 3 digits (0100233488-001)."),
            code="tax_code_format",
        )
    try:
        mst.validate(value)
    except NumberError as error:
        raise ValidationError(
            _("This tax code’s check digit is wrong: please check the number."),
            code="tax_code_checksum",
        ) from error

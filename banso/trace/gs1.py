"""GS1 identifiers: GTIN check digits, lot numbers (AI 10) and serials (AI 21)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$")


def gtin_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of ``body`` (the GTIN without its last digit): digits are
    weighted 3, 1, 3, … from the right."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body))
    )
    return str((10 - total % 10) % 10)


def gtin_normalize(value: str) -> str:
    """A GTIN-8, -12, -13 or -14 as GTIN-14 (left-padded with zeros), check digit verified."""
    digits = (value or "").strip().replace(" ", "")
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        raise ValidationError(_("A GTIN has 8, 12, 13 or 14 digits."), code="gtin_format")
    digits = digits.zfill(14)
    if gtin_check_digit(digits[:-1]) != digits[-1]:
        raise ValidationError(
            _("The GTIN’s check digit is wrong: it should be %(digit)s.")
            % {"digit": gtin_check_digit(digits[:-1])},
            code="gtin_check_digit",
        )
    return digits


def validate_gtin(value: str) -> None:
    gtin_normalize(value)


def validate_lot_code(value: str) -> None:
    """A batch or lot number (AI 10): 1 to 20 characters of GS1's character set 82."""
    if not value or len(value) > 20 or not CSET82.match(value):
        raise ValidationError(
            _(
                "A lot code is 1 to 20 letters, digits or the signs GS1 allows (no spaces, no "
                "diacritics)."
            ),
            code="lot_code",
        )

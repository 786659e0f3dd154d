"""The VietQR code a payer scans, with the details beside it, for whatever an app asks money
for: a marketplace order, a tourism booking's deposit or price.

The app decides what is paid, how much, into which organisation's account and with which
transfer message; this module only turns that into a code and its details, and the template
``common/vietqr_block.html`` (with ``common/vietqr.css`` and ``common/vietqr.js``) shows them
the same way on every page. An account that VietQR cannot carry (letters in its number, a bank
outside NAPAS) gives no code rather than an error: the page then simply offers no transfer, and
the log says why.
"""

import logging
from dataclasses import dataclass

from django.http import HttpResponse

from banso.common.banks import BANK_SHORT_NAMES
from banso.common.qrcode import qr_png, qr_svg
from banso.common.vietqr import VietQRError, encode

logger = logging.getLogger(__name__)

# Pixels a module in a saved PNG: large enough for a banking app to read a screenshot of it.
PNG_SCALE = 10


@dataclass(frozen=True)
class PaymentCode:
    """What a page shows beside the QR code, so that a payer whose app cannot scan can type
    the transfer by hand."""

    payload: str
    svg: str
    bank_name: str
    account_number: str
    account_name: str
    amount_vnd: int
    purpose: str


def payment_payload(
    *, bank_bin: str, account_number: str, amount_vnd: int, purpose: str
) -> str | None:
    """The dynamic VietQR payload paying ``amount_vnd`` into the account; None (logged) when
    the account is missing or VietQR cannot carry it."""
    if not bank_bin or not account_number:
        return None
    try:
        return encode(bin=bank_bin, account=account_number, amount_vnd=amount_vnd, purpose=purpose)
    except VietQRError as error:
        logger.warning("no VietQR code for %r: the bank account is not usable (%s)", purpose, error)
        return None


def payment_code(
    *,
    bank_bin: str,
    account_number: str,
    account_name: str,
    amount_vnd: int,
    purpose: str,
    label: str,
) -> PaymentCode | None:
    """The code paying ``amount_vnd`` into the account with ``purpose`` as the transfer
    message, and its details; None (logged) when the account is not usable. ``label`` is what
    a screen reader announces for the code (who is paid, how much, for what)."""
    payload = payment_payload(
        bank_bin=bank_bin, account_number=account_number, amount_vnd=amount_vnd, purpose=purpose
    )
    if payload is None:
        return None
    return PaymentCode(
        payload=payload,
        svg=qr_svg(payload, label=label),
        bank_name=BANK_SHORT_NAMES.get(bank_bin, bank_bin),
        account_number=account_number,
        account_name=account_name,
        amount_vnd=amount_vnd,
        purpose=purpose,
    )


def payment_code_png_response(code: PaymentCode, *, filename: str) -> HttpResponse:
    """The code as a PNG download, for a payer who pays from the phone that shows it: most
    banking apps read a QR code from a saved picture. Private and not stored: it names an
    account and an amount meant for one payer."""
    response = HttpResponse(qr_png(code.payload, scale=PNG_SCALE), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""VietQR payloads: NAPAS's profile of the EMVCo merchant-presented QR code for transfers over
NAPAS 247 (chuyển nhanh NAPAS 247).

A payload is a string of TLV data objects: a 2-digit id, a 2-digit length (1–99 characters) and
the value. The ones a transfer needs, in this order:

==  =========================================================================================
00  payload format indicator, ``01``
01  point of initiation: ``11`` static (the same code for every payment, the payer types the
    amount), ``12`` dynamic (one payment, amount included)
38  merchant account information: 00 GUID ``A000000727`` (NAPAS); 01 beneficiary organisation
    (00 = the bank's 6-digit BIN, 01 = account or card number); 02 service code ``QRIBFTTA``
    (transfer to an account) or ``QRIBFTTC`` (to a card)
53  currency, ``704`` (đồng)
54  amount, a whole number of đồng (the đồng has no minor unit)
58  country, ``VN``
62  additional data: 01 bill number, 08 purpose of the transfer (at most 25 characters)
63  CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF) of everything before it,
    including ``6304``, as 4 upper-case hexadecimal digits
==  =========================================================================================

The encoder is strict: it writes only what every banking app reads the same way, so an account
number is digits only (the issuing bank's app would otherwise be the only judge), the bank must
be one of :mod:`banso.common.banks`, and the purpose is folded to ASCII (banking apps drop or
mangle diacritics, and the shop must find the order code in its statement). The decoder reads
what the specification allows — letters in an account number (virtual accounts), a BIN not yet
in our list, an amount in a static code — but refuses anything malformed: a broken TLV, a
wrong CRC, another payment network's GUID, a missing mandatory field.
"""

import decimal
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from banso.common.banks import BANK_SHORT_NAMES

GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC = "11"
DYNAMIC = "12"
PURPOSE_MAX = 25
BILL_NUMBER_MAX = 25
ACCOUNT_MIN, ACCOUNT_MAX = 6, 19
CARD_MIN, CARD_MAX = 16, 19
AMOUNT_MAX_DIGITS = 13  # EMVCo: field 54 holds up to 13 characters

_DIGITS = re.compile(r"[0-9]+")
_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT_READ = re.compile(r"[0-9A-Za-z]{1,19}")
# Letters, digits, spaces and the few signs every bank keeps in a transfer message.
_TEXT_ALLOWED = re.compile(r"[A-Za-z0-9 .,\-/_:]*")
_SPACES = re.compile(r"\s+")
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


class VietQRError(ValueError):
    """Input that cannot be written as, or read from, a VietQR payload. The message is in the
    user's language and says what to change."""


@dataclass(frozen=True)
class VietQR:
    """The fields of a VietQR transfer payload."""

    bin: str
    account: str
    service: str = SERVICE_ACCOUNT
    amount_vnd: int | None = None
    purpose: str = ""
    bill_number: str = ""
    currency: str = CURRENCY_VND
    country: str = COUNTRY_VN
    initiation: str = STATIC
    crc: str = ""

    @property
    def card(self) -> bool:
        return self.service == SERVICE_CARD

    @property
    def is_dynamic(self) -> bool:
        return self.initiation == DYNAMIC

    @property
    def bank_name(self) -> str | None:
        return BANK_SHORT_NAMES.get(self.bin)


# --- CRC and TLV --------------------------------------------------------------------------


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final
    XOR (check value of b"123456789": 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def crc_hex(text: str) -> str:
    return f"{crc16_ccitt_false(text.encode('utf-8')):04X}"


def _tlv(tag: str, value: str, *, name: str) -> str:
    if not value:
        raise VietQRError(_("The field “%(name)s” is empty.") % {"name": name})
    if len(value) > 99:
        raise VietQRError(
            _("The field “%(name)s” is %(length)d characters long; a VietQR field holds 99.")
            % {"name": name, "length": len(value)}
        )
    return f"{tag}{len(value):02d}{value}"


def _parse_tlv(text: str, *, where: str) -> dict[str, str]:
    """The data objects of ``text`` by id, refusing a truncated object or a repeated id."""
    objects: dict[str, str] = {}
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQRError(
                _("The code is damaged: %(where)s ends in the middle of a field.")
                % {"where": where}
            )
        tag, length = head[:2], int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if length == 0 or len(value) < length:
            raise VietQRError(
                _("The code is damaged: field %(tag)s of %(where)s is cut short.")
                % {"tag": tag, "where": where}
            )
        if tag in objects:
            raise VietQRError(
                _("The code is damaged: field %(tag)s appears twice in %(where)s.")
                % {"tag": tag, "where": where}
            )
        objects[tag] = value
        position += 4 + length
    return objects


# --- Input checks -------------------------------------------------------------------------


def fold_ascii(text: str) -> str:
    """``text`` without diacritics (đ → d), case kept, spaces collapsed: what a transfer
    message may carry."""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_LETTER_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def _check_bin(bin: str) -> str:
    bin = str(bin).strip()
    if not _BIN.fullmatch(bin):
        raise VietQRError(_("A bank's BIN is 6 digits, not “%(bin)s”.") % {"bin": bin[:20]})
    if bin not in BANK_SHORT_NAMES:
        raise VietQRError(
            _("%(bin)s is not the BIN of a bank in the NAPAS network.") % {"bin": bin}
        )
    return bin


def _check_account(account: str, *, card: bool) -> str:
    account = str(account).replace(" ", "")
    if not _DIGITS.fullmatch(account):
        if card:
            raise VietQRError(_("A card number has digits only."))
        raise VietQRError(
            _("An account number for VietQR has digits only, not “%(account)s”.")
            % {"account": account[:25]}
        )
    low, high = (CARD_MIN, CARD_MAX) if card else (ACCOUNT_MIN, ACCOUNT_MAX)
    if not low <= len(account) <= high:
        if card:
            raise VietQRError(
                _("A card number has %(low)d to %(high)d digits.") % {"low": low, "high": high}
            )
        raise VietQRError(
            _("An account number has %(low)d to %(high)d digits.") % {"low": low, "high": high}
        )
    return account


def check_amount(amount_vnd) -> int | None:
    """A whole, positive number of đồng (int, or digits), or None for a static code."""
    if amount_vnd is None:
        return None
    if isinstance(amount_vnd, bool | float):
        raise VietQRError(_("The amount is a whole number of đồng, without a decimal point."))
    if isinstance(amount_vnd, decimal.Decimal):
        if not amount_vnd.is_finite() or amount_vnd != amount_vnd.to_integral_value():
            raise VietQRError(_("The amount is a whole number of đồng, without a decimal point."))
        amount_vnd = int(amount_vnd)
    elif isinstance(amount_vnd, str):
        text = amount_vnd.strip()
        if not _DIGITS.fullmatch(text.lstrip("-")):
            raise VietQRError(_("The amount is a whole number of đồng, without a decimal point."))
        amount_vnd = int(text)
    elif not isinstance(amount_vnd, int):
        raise VietQRError(_("The amount is a whole number of đồng, without a decimal point."))
    if amount_vnd <= 0:
        raise VietQRError(_("The amount must be more than 0 ₫."))
    if len(str(amount_vnd)) > AMOUNT_MAX_DIGITS:
        raise VietQRError(_("The amount is too large for a VietQR code."))
    return amount_vnd


def _check_text(text: str, *, limit: int, name: str) -> str:
    folded = fold_ascii(text)
    if not _TEXT_ALLOWED.fullmatch(folded):
        raise VietQRError(
            _("The %(name)s may have letters, digits, spaces and . , - / _ : only, not “%(text)s”.")
            % {"name": name, "text": folded[:40]}
        )
    if len(folded) > limit:
        raise VietQRError(
            _(
                "The %(name)s is %(length)d characters long without diacritics; "
                "a VietQR code carries at most %(limit)d."
            )
            % {"name": name, "length": len(folded), "limit": limit}
        )
    return folded


def normalise_purpose(purpose: str) -> str:
    """The purpose as the code will carry it: diacritics removed, at most 25 characters."""
    return _check_text(purpose, limit=PURPOSE_MAX, name=_("transfer message"))


# --- Encoding -----------------------------------------------------------------------------


def encode(
    *,
    bin: str,
    account: str,
    amount_vnd: int | None = None,
    purpose: str = "",
    card: bool = False,
    bill_number: str = "",
) -> str:
    """The VietQR payload paying ``account`` (a card number if ``card``) at the bank ``bin``.

    With an amount the code is dynamic (``12``: for one payment), without one static (``11``:
    a poster the payer types the amount into). Raises :class:`VietQRError`.
    """
    bin = _check_bin(bin)
    account = _check_account(account, card=card)
    amount_vnd = check_amount(amount_vnd)
    purpose = normalise_purpose(purpose) if purpose else ""
    bill_number = (
        _check_text(bill_number, limit=BILL_NUMBER_MAX, name=_("bill number"))
        if bill_number
        else ""
    )
    beneficiary = _tlv("00", bin, name="BIN") + _tlv("01", account, name=_("account"))
    merchant = (
        _tlv("00", GUID, name="GUID")
        + _tlv("01", beneficiary, name=_("beneficiary"))
        + _tlv("02", SERVICE_CARD if card else SERVICE_ACCOUNT, name=_("service"))
    )
    parts = [
        _tlv("00", "01", name=_("payload format")),
        _tlv("01", DYNAMIC if amount_vnd is not None else STATIC, name=_("initiation")),
        _tlv("38", merchant, name=_("merchant account")),
        _tlv("53", CURRENCY_VND, name=_("currency")),
    ]
    if amount_vnd is not None:
        parts.append(_tlv("54", str(amount_vnd), name=_("amount")))
    parts.append(_tlv("58", COUNTRY_VN, name=_("country")))
    additional = ""
    if bill_number:
        additional += _tlv("01", bill_number, name=_("bill number"))
    if purpose:
        additional += _tlv("08", purpose, name=_("transfer message"))
    if additional:
        parts.append(_tlv("62", additional, name=_("additional data")))
    body = "".join(parts) + "6304"
    return body + crc_hex(body)


# --- Decoding -----------------------------------------------------------------------------


def decode(payload: str) -> VietQR:
    """The fields of a VietQR transfer ``payload``, after checking its CRC and structure.
    Raises :class:`VietQRError`."""
    payload = str(payload).strip()
    if len(payload) < 12 or payload[-8:-4] != "6304":
        raise VietQRError(_("This is not a complete VietQR code: its check field is missing."))
    expected = crc_hex(payload[:-4])
    if payload[-4:].upper() != expected:
        raise VietQRError(
            _("The code is damaged: its check digits do not match (misread or altered).")
        )
    root = _parse_tlv(payload[:-8], where=_("the code"))
    if root.get("00") != "01":
        raise VietQRError(_("This is not an EMVCo payment code (payload format 01)."))
    initiation = root.get("01", STATIC)
    if initiation not in (STATIC, DYNAMIC):
        raise VietQRError(
            _("Unknown point of initiation “%(value)s”: 11 or 12.") % {"value": initiation}
        )
    if "38" not in root:
        raise VietQRError(_("This is not a VietQR code: it has no NAPAS account (field 38)."))
    merchant = _parse_tlv(root["38"], where=_("field 38"))
    if merchant.get("00") != GUID:
        raise VietQRError(
            _("This is not a VietQR code: field 38 belongs to “%(guid)s”, not NAPAS.")
            % {"guid": merchant.get("00", "")[:32]}
        )
    service = merchant.get("02", "")
    if service not in (SERVICE_ACCOUNT, SERVICE_CARD):
        raise VietQRError(
            _("Unknown VietQR service “%(service)s”: only transfers are read here.")
            % {"service": service[:16]}
        )
    beneficiary = _parse_tlv(merchant.get("01", ""), where=_("the beneficiary"))
    bin = beneficiary.get("00", "")
    if not _BIN.fullmatch(bin):
        raise VietQRError(_("A bank's BIN is 6 digits, not “%(bin)s”.") % {"bin": bin[:20]})
    account = beneficiary.get("01", "")
    if not _ACCOUNT_READ.fullmatch(account):
        raise VietQRError(_("The code carries no valid account or card number."))
    if root.get("53") != CURRENCY_VND:
        raise VietQRError(_("The code is not in đồng (currency 704)."))
    if root.get("58") != COUNTRY_VN:
        raise VietQRError(_("The code is not for Vietnam (country VN)."))
    amount_vnd = None
    if "54" in root:
        if not _DIGITS.fullmatch(root["54"]):
            raise VietQRError(_("The amount is a whole number of đồng, without a decimal point."))
        amount_vnd = check_amount(int(root["54"]))
    additional = _parse_tlv(root["62"], where=_("field 62")) if "62" in root else {}
    purpose = additional.get("08", "")
    if len(purpose) > PURPOSE_MAX:
        raise VietQRError(_("The transfer message is longer than 25 characters."))
    return VietQR(
        bin=bin,
        account=account,
        service=service,
        amount_vnd=amount_vnd,
        purpose=purpose,
        bill_number=additional.get("01", ""),
        currency=root["53"],
        country=root["58"],
        initiation=initiation,
        crc=payload[-4:].upper(),
    )

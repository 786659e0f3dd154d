"""VietQR payloads: NAPAS's and others' published examples byte for byte, a property-based
round trip, and bad input refused with a message that says what to change."""

import decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from banso.common import vietqr
from banso.common.banks import BANKS
from banso.common.vietqr import VietQRError, decode, encode


@pytest.fixture(autouse=True)
def _english(settings):
    """The tests read messages in English, the language they are written in (as the
    marketplace's tests, where these lived first)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_crc_is_ccitt_false():
    """The catalogue check value of CRC-16/CCITT-FALSE (0x29B1 for "123456789")."""
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


# NAPAS, "Tài liệu quy định về định dạng mã VietQR trong dịch vụ chuyển nhanh NAPAS247"
# (Technical specifications on NAPAS QR switching, part IV: QR code format, v1.5.2, January
# 2021), section 6.1, examples 6.1.2 to 6.1.4.
NAPAS_STATIC_CARD = (
    "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC"
    "53037045802VN63044F52"
)
NAPAS_DYNAMIC_ACCOUNT = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
)
NAPAS_DYNAMIC_CARD = (
    "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203"
)


def test_napas_static_card():
    """NAPAS VietQR specification v1.5.2, example 6.1.2: static code to a card."""
    assert encode(bin="970403", account="9704031101234567", card=True) == NAPAS_STATIC_CARD
    code = decode(NAPAS_STATIC_CARD)
    assert (code.bin, code.account, code.card, code.amount_vnd) == (
        "970403",
        "9704031101234567",
        True,
        None,
    )
    assert code.initiation == "11" and not code.is_dynamic


def test_napas_dynamic_account():
    """NAPAS VietQR specification v1.5.2, example 6.1.3: dynamic code to an account, with a
    bill number (62.01) and a purpose (62.08)."""
    payload = encode(
        bin="970403",
        account="0011012345678",
        amount_vnd=180000,
        purpose="thanh toan don hang",
        bill_number="NPS6869",
    )
    assert payload == NAPAS_DYNAMIC_ACCOUNT
    code = decode(payload)
    assert code.amount_vnd == 180000
    assert code.purpose == "thanh toan don hang"
    assert code.bill_number == "NPS6869"
    assert code.bank_name == "Sacombank"
    assert code.crc == "2E2E"


def test_napas_dynamic_card():
    """NAPAS VietQR specification v1.5.2, example 6.1.4: dynamic code to a card."""
    payload = encode(
        bin="970403",
        account="9704031101234567",
        amount_vnd=180000,
        purpose="thanh toan don hang",
        bill_number="NPS6869",
        card=True,
    )
    assert payload == NAPAS_DYNAMIC_CARD
    assert decode(payload).card


def test_napas_static_account_erratum():
    """NAPAS VietQR specification v1.5.2, example 6.1.1 (static code to an account, CRC
    F4E5) declares the account 0011012345678 with length 12 instead of 13: its CRC is right
    but its TLV is not, so a strict decoder refuses it, and the encoder writes the length
    right (and so another CRC)."""
    published = (
        "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA"
        "53037045802VN6304F4E5"
    )
    with pytest.raises(VietQRError, match="damaged"):
        decode(published)
    corrected = encode(bin="970403", account="0011012345678")
    assert corrected.startswith(
        "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN6304"
    )
    assert decode(corrected).account == "0011012345678"


@pytest.mark.parametrize(
    ("fields", "payload"),
    [
        # vietqr.io, "API tạo mã QR" (api.vietqr.io/v2/generate): the documented request
        # (VietinBank 113366668888, 79.000 ₫, "Ung Ho Quy Vac Xin") and its qrCode.
        (
            {
                "bin": "970415",
                "account": "113366668888",
                "amount_vnd": 79000,
                "purpose": "Ung Ho Quy Vac Xin",
            },
            "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA"
            "53037045405790005802VN62220818Ung Ho Quy Vac Xin63043ACF",
        ),
        # The same account as a static code (giautm/sgqr-go, sgqr_test.go).
        (
            {"bin": "970415", "account": "113366668888"},
            "00020101021138560010A0000007270126000697041501121133666688880208QRIBFTTA"
            "53037045802VN6304F443",
        ),
        # github.com/subiz/vietqr, vietqr_test.go: a static code (TPBank) …
        (
            {"bin": "970423", "account": "0099999999"},
            "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA"
            "53037045802VN6304CBB4",
        ),
        # … a dynamic one (MB) …
        (
            {
                "bin": "970422",
                "account": "0023457923442",
                "amount_vnd": 40123,
                "purpose": "test text string",
            },
            "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA"
            "53037045405401235802VN62200816test text string6304D9C6",
        ),
        # … and its purpose with diacritics, folded ("chuyển khoản" → "chuyen khoan").
        (
            {
                "bin": "970422",
                "account": "0023457923442",
                "amount_vnd": 40123,
                "purpose": "chuyển khoản",
            },
            "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA"
            "53037045405401235802VN62160812chuyen khoan6304722F",
        ),
    ],
)
def test_published_payloads(fields, payload):
    assert encode(**fields) == payload
    code = decode(payload)
    assert code.bin == fields["bin"]
    assert code.account == fields["account"]
    assert code.amount_vnd == fields.get("amount_vnd")


def test_decoder_reads_what_others_write():
    """Codes from other generators that the specification allows: a payOS virtual account
    with letters (payOS API documentation, "qrCode"), lower-case CRC digits, an amount in a
    static code (pub.dev vietqr_generator README)."""
    payos = (
        "00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA"
        "5303704540420005802VN6224082018f8746b181045f0a2ce63040FC0"
    )
    assert decode(payos).account == "VQRQABRLS0448"
    assert decode(payos).amount_vnd == 2000
    lower = NAPAS_DYNAMIC_ACCOUNT[:-4] + "2e2e"
    assert decode(lower).crc == "2E2E"
    static_with_amount = (
        "00020101021138540010A00000072701240006970407011003865776720208QRIBFTTA"
        "5303704540710000005802VN62160812henry an cut6304A322"
    )
    code = decode(static_with_amount)
    assert (code.initiation, code.amount_vnd) == ("11", 1000000)


def test_purpose_is_folded_and_case_kept():
    code = decode(encode(bin="970436", account="0011001932418", purpose="Đơn Quýt DH4K7P2M9Q"))
    assert code.purpose == "Don Quyt DH4K7P2M9Q"


def test_amount_accepts_whole_decimal_and_digits():
    assert (
        decode(
            encode(bin="970436", account="123456", amount_vnd=decimal.Decimal("1500"))
        ).amount_vnd
        == 1500
    )
    assert decode(encode(bin="970436", account="123456", amount_vnd="250000")).amount_vnd == 250000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"account": "00110O1932418"}, "digits only"),
        ({"account": "12345"}, "6 to 19 digits"),
        ({"account": "1" * 20}, "6 to 19 digits"),
        ({"account": "970403110123", "card": True}, "16 to 19 digits"),
        ({"account": "9704-0311-0123-4567", "card": True}, "digits only"),
        ({"bin": "97043"}, "6 digits"),
        ({"bin": "97043A"}, "6 digits"),
        ({"bin": "123456"}, "not the BIN of a bank"),
        ({"amount_vnd": 0}, "more than 0"),
        ({"amount_vnd": -5000}, "more than 0"),
        ({"amount_vnd": "-5000"}, "more than 0"),
        ({"amount_vnd": 1500.0}, "whole number"),
        ({"amount_vnd": 1500.5}, "whole number"),
        ({"amount_vnd": decimal.Decimal("1500.50")}, "whole number"),
        ({"amount_vnd": "1500.00"}, "whole number"),
        ({"amount_vnd": "1.500"}, "whole number"),
        ({"amount_vnd": True}, "whole number"),
        ({"amount_vnd": 10**13}, "too large"),
        ({"purpose": "Thanh toán đơn hàng quýt Mường Khương"}, "at most 25"),
        ({"purpose": "x" * 26}, "26 characters"),
        ({"purpose": "trả tiền 🍊"}, "letters, digits"),
        ({"purpose": "giá 10%"}, "letters, digits"),
        ({"bill_number": "B" * 26}, "at most 25"),
    ],
)
def test_bad_input_is_refused_with_a_message(fields, message):
    values = {"bin": "970436", "account": "0011001932418", **fields}
    with pytest.raises(VietQRError, match=message):
        encode(**values)


def test_field_longer_than_tlv_allows():
    with pytest.raises(VietQRError, match="99"):
        vietqr._tlv("62", "x" * 100, name="additional data")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "not a complete VietQR code"),
        (NAPAS_DYNAMIC_ACCOUNT[:-10], "not a complete VietQR code"),
        (NAPAS_DYNAMIC_ACCOUNT[:-4] + "2E2F", "check digits"),
        (NAPAS_DYNAMIC_ACCOUNT.replace("180000", "190000"), "check digits"),
    ],
)
def test_decode_refuses_damaged_payloads(payload, message):
    with pytest.raises(VietQRError, match=message):
        decode(payload)


def _with_crc(body: str) -> str:
    return body + "6304" + vietqr.crc_hex(body + "6304")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # Another network's GUID in field 38 (VNPAY-QR's).
        (
            "00020101021238570010A00000077501270006970403011300110123456780208QRIBFTTA"
            "53037045802VN",
            "not NAPAS",
        ),
        ("0002010102115303704" + "5802VN", "no NAPAS account"),
        (
            "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA"
            "53038405802VN",
            "currency 704",
        ),
        (
            "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA"
            "53037045802US",
            "country VN",
        ),
        (
            "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
            "5303704540818000.005802VN",
            "whole number",
        ),
        (
            "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
            "5303704540105802VN",
            "more than 0",
        ),
        (
            "00020101021338570010A00000072701270006970403011300110123456780208QRIBFTTA"
            "53037045802VN",
            "point of initiation",
        ),
        (
            "00020101021138570010A00000072701270006970403011300110123456780208QRCASH00"
            "53037045802VN",
            "service",
        ),
        ("000201010211385", "damaged"),
        ("0002010002015802VN", "twice"),
    ],
)
def test_decode_refuses_malformed_payloads(body, message):
    with pytest.raises(VietQRError, match=message):
        decode(_with_crc(body))


BINS = [bin_ for bin_, _short, _full in BANKS]
ascii_purpose = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-/_:",
    max_size=25,
).map(lambda text: " ".join(text.split()))


@given(
    bin=st.sampled_from(BINS),
    card=st.booleans(),
    account=st.data(),
    amount_vnd=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    purpose=ascii_purpose,
)
def test_round_trip(bin, card, account, amount_vnd, purpose):
    low, high = (16, 19) if card else (6, 19)
    number = account.draw(st.text(alphabet="0123456789", min_size=low, max_size=high))
    payload = encode(bin=bin, account=number, amount_vnd=amount_vnd, purpose=purpose, card=card)
    code = decode(payload)
    assert (code.bin, code.account, code.card) == (bin, number, card)
    assert code.amount_vnd == amount_vnd
    assert code.is_dynamic == (amount_vnd is not None)
    assert code.purpose == purpose
    assert (code.currency, code.country) == ("704", "VN")
    assert code.crc == payload[-4:] == vietqr.crc_hex(payload[:-4])


@given(
    payload=st.sampled_from([NAPAS_STATIC_CARD, NAPAS_DYNAMIC_ACCOUNT]),
    position=st.integers(min_value=0),
    replacement=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
)
def test_one_character_changed_is_refused(payload, position, replacement):
    position %= len(payload)
    if payload[position].upper() == replacement.upper():
        replacement = "#" if payload[position] != "#" else "0"
    changed = payload[:position] + replacement + payload[position + 1 :]
    with pytest.raises(VietQRError):
        decode(changed)

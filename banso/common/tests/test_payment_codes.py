"""The payment code any app shows: its payload pays what was asked into the account asked, an
account VietQR cannot carry gives no code, the PNG download reads back as the payload, and the
block renders the same details in the page's language, with the caller's reminder or the
neutral one."""

import io
import logging
from dataclasses import FrozenInstanceError

import numpy as np
import pytest
import zxingcpp
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image

from banso.common.payment_codes import (
    PaymentCode,
    payment_code,
    payment_code_png_response,
    payment_payload,
)
from banso.common.vietqr import decode

ACCOUNT = {"bank_bin": "970405", "account_number": "8800205123456"}


def _code(**changes) -> PaymentCode | None:
    fields = {
        **ACCOUNT,
        "account_name": "HOMESTAY SUNG LA",
        "amount_vnd": 600000,
        "purpose": "BK7Q2M4X",
        "label": "VietQR code: deposit for booking BK7Q2M4X",
        **changes,
    }
    return payment_code(**fields)


def test_payload_decodes_to_the_amount_account_and_purpose():
    code = _code()
    assert code is not None
    read = decode(code.payload)
    assert (read.bin, read.account) == ("970405", "8800205123456")
    assert read.amount_vnd == code.amount_vnd == 600000
    assert read.purpose == code.purpose == "BK7Q2M4X"
    assert read.is_dynamic


def test_details_beside_the_code():
    code = _code()
    assert code is not None
    assert code.bank_name == "Agribank"
    assert (code.account_number, code.account_name) == ("8800205123456", "HOMESTAY SUNG LA")
    assert code.svg.startswith("<svg")
    assert 'aria-label="VietQR code: deposit for booking BK7Q2M4X"' in code.svg
    with pytest.raises(FrozenInstanceError):
        code.amount_vnd = 1  # type: ignore[misc]


def test_purpose_with_diacritics_is_folded_in_the_payload_only():
    code = _code(purpose="Đặt cọc BK7")
    assert code is not None
    assert decode(code.payload).purpose == "Dat coc BK7"


@pytest.mark.parametrize(
    ("account", "logged"),
    [
        ({"account_number": "ABC123456"}, True),  # letters: organisations allow them, VietQR not
        ({"bank_bin": "123456"}, True),  # not a NAPAS bank
        ({"bank_bin": "", "account_number": ""}, False),  # no account at all: nothing to say
    ],
)
def test_no_code_for_an_unusable_account(account, logged, caplog):
    with caplog.at_level(logging.WARNING, logger="banso.common.payment_codes"):
        assert _code(**account) is None
        assert payment_payload(**{**ACCOUNT, **account}, amount_vnd=600000, purpose="BK7") is None
    assert ("the bank account is not usable" in caplog.text) is logged


def test_png_download_reads_back_as_the_payload():
    code = _code()
    assert code is not None
    response = payment_code_png_response(code, filename="vietqr-BK7Q2M4X.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="vietqr-BK7Q2M4X.png"'
    assert response["Cache-Control"] == "private, no-store"
    pixels = np.asarray(Image.open(io.BytesIO(response.content)).convert("L"))
    found = zxingcpp.read_barcodes(pixels)
    assert [barcode.text for barcode in found] == [code.payload]


def _block(language: str, **context) -> str:
    with translation.override(language):
        return render_to_string(
            "common/vietqr_block.html",
            {
                "vietqr": _code(),
                "block_id": "BK7Q2M4X",
                "payee": "Homestay <Sủng Là>",
                "png_url": "/tourism/bookings/BK7Q2M4X/vietqr.png",
                **context,
            },
        )


def test_block_shows_the_code_and_its_details_in_vietnamese():
    html = _block("vi")
    assert '<section class="vietqr" aria-labelledby="vietqr-BK7Q2M4X">' in html
    assert "/static/common/vietqr.css" in html and "/static/common/vietqr.js" in html
    assert "Thanh toán bằng chuyển khoản" in html
    assert "tiền được chuyển thẳng cho Homestay &lt;Sủng Là&gt;." in html
    assert "<svg" in html and "Agribank" in html and "HOMESTAY SUNG LA" in html
    assert "600.000\u00a0₫" in html
    assert (
        '<a class="button" href="/tourism/bookings/BK7Q2M4X/vietqr.png" '
        'download="vietqr-BK7Q2M4X.png">' in html
    )
    assert 'data-copy="600000"' in html and 'data-copy="8800205123456"' in html
    assert 'data-copy="BK7Q2M4X"' in html
    assert "nhờ đó bên nhận tiền biết bạn đã thanh toán cho khoản nào." in html


def test_block_takes_the_callers_reminder():
    html = _block("en", reminder="Keep it: it tells the host which booking you paid.")
    assert "Keep it: it tells the host which booking you paid." in html
    assert "it tells the payee" not in html
    assert "VND\u00a0600,000" in html and "it pays Homestay &lt;Sủng Là&gt; directly." in html


def test_no_block_without_a_code():
    assert _block("vi", vietqr=None).strip() == ""

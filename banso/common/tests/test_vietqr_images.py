"""The QR images of payloads read back as the payload: the PNG straight from its pixels, the
SVG by painting its path's rectangles onto a grid of modules."""

import io
import re

import numpy as np
import pytest
import zxingcpp
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image

from banso.common.qrcode import QUIET_ZONE_MODULES, qr_modules, qr_png, qr_svg
from banso.common.vietqr import decode, encode

PAYLOAD = encode(bin="970436", account="0011001932418", amount_vnd=250000, purpose="DH4K7P2M9Q")


@pytest.fixture(autouse=True)
def _english(settings):
    """The tests read messages in English, the language they are written in (as the
    marketplace's tests, where these lived first)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _read(pixels: np.ndarray) -> str:
    found = zxingcpp.read_barcode(
        pixels, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    assert found is not None, "no QR code found"
    return found.text


def test_png_reads_back():
    image = Image.open(io.BytesIO(qr_png(PAYLOAD, scale=4)))
    assert image.format == "PNG"
    modules = qr_modules(PAYLOAD).shape[0]
    assert image.size == (modules * 4, modules * 4)
    assert _read(np.asarray(image.convert("L"))) == PAYLOAD


def test_png_refuses_silly_scale():
    with pytest.raises(ValueError):
        qr_png(PAYLOAD, scale=0)


def _svg_modules(svg: str) -> np.ndarray:
    view_box = re.search(r'viewBox="0 0 (\d+) \1"', svg)
    assert view_box is not None
    size = int(view_box.group(1))
    grid = np.zeros((size, size), dtype=bool)
    found = re.search(r'<path fill="#000" d="([^"]+)"', svg)
    assert found is not None
    path = found.group(1)
    for column, row, length in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path):
        grid[int(row), int(column) : int(column) + int(length)] = True
    return grid


def test_svg_reads_back():
    svg = qr_svg(PAYLOAD, label="Pay <order>")
    assert svg.count("<path") == 1
    assert 'shape-rendering="crispEdges"' in svg
    assert 'role="img"' in svg and 'aria-label="Pay &lt;order&gt;"' in svg
    grid = _svg_modules(svg)
    assert (grid == qr_modules(PAYLOAD)).all()
    # The quiet zone is light on every side.
    assert not grid[:QUIET_ZONE_MODULES].any() and not grid[:, -QUIET_ZONE_MODULES:].any()
    pixels = np.where(np.kron(grid, np.ones((6, 6), dtype=bool)), 0, 255).astype(np.uint8)
    assert decode(_read(pixels)).purpose == "DH4K7P2M9Q"


# manage.py vietqr ----------------------------------------------------------------------------


def test_command_prints_a_static_payload(capsys):
    call_command("vietqr", "--bin", "970415", "--account", "113366668888")
    assert capsys.readouterr().out.strip() == (
        "00020101021138560010A0000007270126000697041501121133666688880208QRIBFTTA"
        "53037045802VN6304F443"
    )


def test_command_writes_the_png(capsys, tmp_path):
    target = tmp_path / "poster.png"
    call_command(
        "vietqr",
        "--bin=970436",
        "--account=0011001932418",
        "--amount=250000",
        "--purpose=Quýt Mường Khương",
        f"--png={target}",
    )
    payload = capsys.readouterr().out.strip()
    assert decode(payload).purpose == "Quyt Muong Khuong"
    assert _read(np.asarray(Image.open(target).convert("L"))) == payload


def test_command_card(capsys):
    call_command("vietqr", "--bin", "970403", "--account", "9704031101234567", "--card")
    assert decode(capsys.readouterr().out.strip()).card


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--bin", "97043", "--account", "0011001932418"], "6 digits"),
        (["--bin", "970436", "--account", "ABC123456"], "digits only"),
        (["--bin", "970436", "--account", "0011001932418", "--amount", "0"], "more than 0"),
        (["--bin", "970436", "--account", "0011001932418", "--amount", "12.5"], "whole number"),
        (["--bin", "970436", "--account", "0011001932418", "--purpose", "x" * 30], "at most 25"),
        (
            ["--bin", "970436", "--account", "0011001932418", "--png", "/nonexistent/dir/a.png"],
            "Could not write",
        ),
    ],
)
def test_command_errors_exit_2(arguments, message, capsys):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("vietqr", *arguments, "--language", "en")
    assert raised.value.returncode == 2
    assert capsys.readouterr().out == ""


def test_command_in_a_shell_exits_2_with_the_error_on_stderr():
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, str(manage), "vietqr", "--bin", "97043", "--account", "1234567"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "97043" in result.stderr

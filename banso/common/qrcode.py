"""QR codes, encoded once for every app: a boolean matrix for drawing (stamps' PDF labels),
inline SVG for pages and PNG for posters and e-mail (VietQR payments).

Free of Django on purpose: the processes that encode a large stamp run import only this module,
zxing-cpp, numpy and Pillow.

Level M (15 % of the code may be lost) everywhere: a stamp or a payment code is read close up,
so a denser level Q or H would only make the modules smaller.

The SVG is one path of unit squares on a grid of modules (runs of dark modules merged into one
rectangle each), with a quiet zone of 4 modules and ``crispEdges`` so that a phone's browser
does not blur the edges between modules: a banking app must read it off a cheap screen.
"""

import html
import io
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import zxingcpp
from PIL import Image

QR_EC_LEVEL = "M"
QUIET_ZONE_MODULES = 4


def qr_matrix(text: str) -> np.ndarray:
    """The QR code of ``text`` as a square boolean array, True = dark, without its quiet zone
    (for drawings that leave their own margin)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_EC_LEVEL)
    return np.asarray(barcode.to_image(scale=1, add_quiet_zones=False)) < 128


def qr_uri_compact(uri: str) -> str:
    """``uri`` as it is best put in a QR code: the same link, with its host in capitals.

    A QR code's alphanumeric mode takes 5.5 bits a character against byte mode's 8, but knows
    only digits, capital letters, space and ``$%*+-./:``. A host name is case-insensitive
    (RFC 3986, 3.2.2), and the GS1 Digital Link standard lets a URI's host be written in
    either case, so ``https://BANSO.EXAMPLE.VN/01/…`` is the same link as
    ``https://banso.example.vn/01/…``; the encoder (zxing-cpp) splits a text into segments of
    the cheapest mode, so the host joins the digits of the path in one alphanumeric segment.
    The scheme stays in small letters (some phone scanners do not open a link written
    ``HTTPS://``), and the path is left as it is: GS1 keys and qualifiers are case-sensitive.
    """
    parts = urlsplit(uri)
    if not parts.netloc:
        return uri
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.upper()))


def qr_version(side: int) -> int:
    """The QR version (1–40) of a symbol ``side`` modules wide."""
    return (side - 17) // 4


def qr_modules(text: str) -> np.ndarray:
    """The QR code of ``text`` as a boolean array, True = dark, with its quiet zone."""
    return np.pad(qr_matrix(text), QUIET_ZONE_MODULES, constant_values=False)


def _runs(dark: np.ndarray) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules."""
    rows, columns = dark.shape
    padded = np.zeros((rows, columns + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    starts = np.argwhere(edges == 1)
    ends = np.argwhere(edges == -1)
    return [
        (int(row), int(start), int(end - start))
        for (row, start), (_row, end) in zip(starts.tolist(), ends.tolist(), strict=True)
    ]


def qr_svg(text: str, *, label: str) -> str:
    """Inline SVG markup of the QR code of ``text``, scaled by its container (give it a width
    in CSS); ``label`` is what a screen reader announces (escaped here)."""
    dark = qr_modules(text)
    size = dark.shape[0]
    path = "".join(f"M{column} {row}h{length}v1h-{length}z" for row, column, length in _runs(dark))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{html.escape(str(label))}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )


def qr_png(text: str, *, scale: int = 8) -> bytes:
    """A black-and-white PNG of the QR code of ``text``, ``scale`` pixels a module."""
    if not 1 <= scale <= 64:
        raise ValueError("scale is 1 to 64 pixels a module")
    dark = qr_modules(text)
    pixels = np.where(dark, 0, 255).astype(np.uint8)
    pixels = np.kron(pixels, np.ones((scale, scale), dtype=np.uint8))
    buffer = io.BytesIO()
    Image.fromarray(pixels).convert("1").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

"""Drawing labels as PDF content: QR codes, serials, numbers and PIN boxes.

Free of Django on purpose: the encoding processes a large run starts import only this module,
the platform's QR encoder (:mod:`banso.common.qrcode`), zxing-cpp, numpy and Pillow. Positions
arrive as a plain :class:`Plan` in points, made by :mod:`banso.stamps.printing` from the run's
sheet.

A QR code is drawn as a 1-bit image mask, one sample per module, scaled to the module size
without interpolation (PDF's default): its edges stay as sharp as the printer's resolution
allows, and the page's content is 5–10 times smaller and faster to write than one rectangle per
run of dark modules (see ``qr_vector_ops``, kept for comparison in the benchmark).
"""

import zlib
from dataclasses import dataclass, field

import numpy as np

from banso.common.qrcode import QUIET_ZONE_MODULES, qr_matrix


def qr_image_ops(dark: np.ndarray) -> str:
    """PDF operators painting ``dark`` as an image mask on the unit square."""
    size = dark.shape[0]
    data = np.packbits(dark, axis=1).tobytes().hex()
    return f"BI /W {size} /H {size} /IM true /BPC 1 /D [1 0] /F /AHx ID {data}> EI"


def qr_vector_ops(dark: np.ndarray) -> str:
    """PDF operators filling one rectangle per run of dark modules, on a grid of ``size``
    units (the slower alternative to :func:`qr_image_ops`)."""
    size = dark.shape[0]
    padded = np.zeros((size, size + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded.ravel())
    starts = np.flatnonzero(edges == 1) + 1
    ends = np.flatnonzero(edges == -1) + 1
    rows, columns = np.divmod(starts, size + 2)
    parts = [
        f"{column - 1} {size - 1 - row} {width} 1 re"
        for column, row, width in zip(
            columns.tolist(), rows.tolist(), (ends - starts).tolist(), strict=True
        )
    ]
    return " ".join(parts) + " f"


@dataclass(frozen=True)
class Plan:
    """Where things go on a page, in points from the page's bottom-left corner.

    ``slots`` are the labels' bottom-left corners; every other position is relative to them.
    Texts are (x, y, font size); boxes (x, y, width, height).
    """

    slots: tuple[tuple[float, float], ...]
    qr: tuple[float, float, float]  # x, y and side of the QR with its quiet zone
    serial: tuple[float, float, float, float]  # x, y, font size, room (width)
    number: tuple[float, float, float]
    pin: tuple[float, float, float, float] | None
    pin_font: float
    text_image: tuple[float, float, float, float] | None = None
    logo_image: tuple[float, float, float, float] | None = None
    crop_marks: tuple[tuple[float, float, float, float], ...] = field(default_factory=tuple)


SERIAL_FONT = "/F1"  # Courier-Bold
NUMBER_FONT = "/F2"  # Helvetica
MONOSPACE_ADVANCE = 0.6


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def label_ops(plan: Plan, slot: int, *, number: int, serial: str, pin: str, uri: str) -> str:
    """The operators of one label: QR, serial, number, PIN box, header images."""
    x0, y0 = plan.slots[slot]
    qx, qy, side = plan.qr
    dark = qr_matrix(uri)
    modules = dark.shape[0] + 2 * QUIET_ZONE_MODULES
    module = side / modules
    code_side = module * dark.shape[0]
    n = _number
    ops = [
        f"q {n(code_side)} 0 0 {n(code_side)} {n(x0 + qx + module * QUIET_ZONE_MODULES)} "
        f"{n(y0 + qy + module * QUIET_ZONE_MODULES)} cm {qr_image_ops(dark)} Q"
    ]
    sx, sy, size, room = plan.serial
    text_width = len(serial) * size * MONOSPACE_ADVANCE
    ops.append(
        f"BT {SERIAL_FONT} {n(size)} Tf {n(x0 + sx + (room - text_width) / 2)} {n(y0 + sy)} Td "
        f"({serial}) Tj ET"
    )
    nx, ny, nsize = plan.number
    ops.append(f"BT {NUMBER_FONT} {n(nsize)} Tf {n(x0 + nx)} {n(y0 + ny)} Td ({number}) Tj ET")
    if plan.pin is not None:
        px, py, pw, ph = plan.pin
        pin_width = len(pin) * plan.pin_font * MONOSPACE_ADVANCE
        ops.append(
            f"q 0.5 w 0.4 G {n(x0 + px)} {n(y0 + py)} {n(pw)} {n(ph)} re S Q "
            f"BT {SERIAL_FONT} {n(plan.pin_font)} Tf {n(x0 + px + (pw - pin_width) / 2)} "
            f"{n(y0 + py + (ph - plan.pin_font * 0.7) / 2)} Td ({pin}) Tj ET"
        )
    for name, box in (("/T", plan.text_image), ("/L", plan.logo_image)):
        if box is not None:
            bx, by, bw, bh = box
            ops.append(f"q {n(bw)} 0 0 {n(bh)} {n(x0 + bx)} {n(y0 + by)} cm {name} Do Q")
    return "\n".join(ops)


def page_content(plan: Plan, labels: list[tuple[int, str, str, str]]) -> bytes:
    """A page's content stream, compressed: ``labels`` are (number, serial, PIN, URI) in
    slot order."""
    ops = ["0 g"]
    for slot, (number, serial, pin, uri) in enumerate(labels):
        ops.append(label_ops(plan, slot, number=number, serial=serial, pin=pin, uri=uri))
    if plan.crop_marks:
        ops.append("q 0.25 w 0 G")
        ops += [
            f"{_number(x1)} {_number(y1)} m {_number(x2)} {_number(y2)} l S"
            for x1, y1, x2, y2 in plan.crop_marks
        ]
        ops.append("Q")
    return zlib.compress("\n".join(ops).encode("ascii"), 6)


def pages_content(plan: Plan, pages: list[list[tuple[int, str, str, str]]]) -> list[bytes]:
    """Several pages at once: the unit of work sent to an encoding process."""
    return [page_content(plan, labels) for labels in pages]

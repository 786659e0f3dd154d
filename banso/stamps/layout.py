"""Label sheets: where each stamp goes on an A4 page, and where each part goes on a label.

All measures are millimetres, with the origin at the page's bottom-left corner (as in PDF). The
labels' grid is centred on the page; ``margin_mm`` is the least white space left at its edges.
A label holds its QR code (with the four-module quiet zone the QR standard asks for), the serial
in large type, its number in the run in small type, the scratch PIN's box when the run has PINs,
and optionally a short text and a logo. With a bleed, crop marks are drawn in the page margins,
in line with the labels' edges.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from banso.common.qrcode import QUIET_ZONE_MODULES
from banso.stamps.models import LabelTemplate

A4_MM = (210.0, 297.0)
# The smallest QR module (X-dimension) a stamp may be printed with: the minimum that the GS1
# General Specifications set for a QR Code carrying a GS1 Digital Link URI on a trade item
# scanned at retail point of sale and by consumers' phones (section 5.12.3.1, symbol
# specification table 1: X from 0.396 mm to 0.990 mm, with a quiet zone of 4X). A smaller
# module is refused; on a small label the texts get smaller first (see ``_parts``).
MIN_MODULE_MM = 0.396
# Characters on a label: serials are 15, PINs at most 8, numbers up to 6 digits.
SERIAL_CHARACTERS = 15
MONOSPACE_ADVANCE = 0.6  # Courier's advance width, in ems
MIN_SERIAL_FONT_MM = 1.2
MAX_SERIAL_FONT_MM = 2.6
WIDE_SERIAL_FONT_MM = 1.8
PT_PER_MM = 72 / 25.4
FONT_STEP_MM = 0.05


@dataclass(frozen=True)
class SheetSpec:
    """A template's measures: label width and height, page margin, gap, bleed."""

    label_width_mm: float
    label_height_mm: float
    margin_mm: float
    gap_mm: float
    bleed_mm: float = 0.0


TEMPLATES: dict[str, SheetSpec] = {
    LabelTemplate.A4_30MM: SheetSpec(30, 30, 7, 2),
    LabelTemplate.A4_25MM: SheetSpec(25, 25, 7, 2),
    LabelTemplate.A4_40X30: SheetSpec(40, 30, 7, 2),
    LabelTemplate.A4_50X30: SheetSpec(50, 30, 7, 2),
}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class LabelParts:
    """Where each part sits on a label, relative to the label's bottom-left corner.

    ``qr`` includes the quiet zone; ``serial`` and ``number`` are text baselines (x is the
    left end of the text, which ``width`` of room follows); ``pin`` is the scratch box.
    """

    qr: Rect
    serial: Rect
    serial_font_mm: float
    number: Rect
    number_font_mm: float
    pin: Rect | None
    pin_font_mm: float
    header: Rect | None


@dataclass(frozen=True)
class Sheet:
    """A page of labels: how many per row and column, and each label's rectangle."""

    spec: SheetSpec
    columns: int
    rows: int
    parts: LabelParts
    page_width_mm: float = A4_MM[0]
    page_height_mm: float = A4_MM[1]

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def pages_for(self, count: int) -> int:
        return math.ceil(count / self.per_page)

    @property
    def grid(self) -> Rect:
        spec = self.spec
        width = self.columns * spec.label_width_mm + (self.columns - 1) * spec.gap_mm
        height = self.rows * spec.label_height_mm + (self.rows - 1) * spec.gap_mm
        return Rect(
            (self.page_width_mm - width) / 2, (self.page_height_mm - height) / 2, width, height
        )

    def label(self, index: int) -> Rect:
        """The ``index``-th label of a page (0-based), in reading order: left to right, then
        top to bottom."""
        if not 0 <= index < self.per_page:
            raise IndexError(index)
        spec, grid = self.spec, self.grid
        row, column = divmod(index, self.columns)
        x = grid.x + column * (spec.label_width_mm + spec.gap_mm)
        top = grid.y + grid.height - row * (spec.label_height_mm + spec.gap_mm)
        return Rect(x, top - spec.label_height_mm, spec.label_width_mm, spec.label_height_mm)

    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """Lines (x1, y1, x2, y2) in the margins at each label edge, clear of the bleed."""
        spec, grid = self.spec, self.grid
        if spec.bleed_mm <= 0:
            return []
        offset = spec.bleed_mm + 1.0
        length = min(5.0, min(grid.x, grid.y) - offset)
        if length < 1.0:
            return []
        marks = []
        for column in range(self.columns):
            left = grid.x + column * (spec.label_width_mm + spec.gap_mm)
            for x in (left, left + spec.label_width_mm):
                below, above = grid.y - offset, grid.y + grid.height + offset
                marks += [(x, below, x, below - length), (x, above, x, above + length)]
        for row in range(self.rows):
            bottom = grid.y + row * (spec.label_height_mm + spec.gap_mm)
            for y in (bottom, bottom + spec.label_height_mm):
                left, right = grid.x - offset, grid.x + grid.width + offset
                marks += [(left, y, left - length, y), (right, y, right + length, y)]
        return marks


def _block_height(serial_font: float, *, with_pin: bool, has_header: bool) -> float:
    """The height of a label's texts at this serial size: a row with the number and the PIN
    box, the serial, the header (short text and logo)."""
    number_font = max(1.2, serial_font * 0.7)
    pin_box_height = serial_font * 1.15 * 1.9 if with_pin else 0.0
    row_height = max(pin_box_height, number_font * 1.3)
    header_height = serial_font * 1.3 if has_header else 0.0
    return row_height + serial_font * 1.35 + header_height


def _parts(
    spec: SheetSpec, *, qr_modules: int, with_pin: bool, pin_length: int, has_header: bool
) -> LabelParts:
    width, height = spec.label_width_mm, spec.label_height_mm
    padding = max(0.8, 0.04 * min(width, height))
    inner_width, inner_height = width - 2 * padding, height - 2 * padding
    # A label wide enough for a column of text beside the QR has one; others stack them.
    side_room = inner_width - inner_height - padding
    wide = side_room >= SERIAL_CHARACTERS * MONOSPACE_ADVANCE * WIDE_SERIAL_FONT_MM
    text_width = side_room if wide else inner_width
    serial_font = min(MAX_SERIAL_FONT_MM, text_width / (SERIAL_CHARACTERS * MONOSPACE_ADVANCE))
    if serial_font < MIN_SERIAL_FONT_MM:
        raise ValidationError(
            _("The label is too narrow for the serial to be read."), code="label_too_narrow"
        )
    if not wide:
        # Stacked under the QR, the texts make room for a QR of GS1's least module size.
        room = inner_height - MIN_MODULE_MM * (qr_modules + 2 * QUIET_ZONE_MODULES)
        while (
            _block_height(serial_font, with_pin=with_pin, has_header=has_header) > room
            and serial_font - FONT_STEP_MM >= MIN_SERIAL_FONT_MM
        ):
            serial_font -= FONT_STEP_MM
    number_font = max(1.2, serial_font * 0.7)
    pin_font = serial_font * 1.15
    pin_box_height = pin_font * 1.9 if with_pin else 0.0
    pin_box_width = pin_length * pin_font * MONOSPACE_ADVANCE + 2 * pin_font
    header_height = serial_font * 1.3 if has_header else 0.0
    # The text block, from the bottom: a row with the number and the PIN box, the serial,
    # the header (short text and logo).
    row_height = max(pin_box_height, number_font * 1.3)
    block_height = _block_height(serial_font, with_pin=with_pin, has_header=has_header)
    if wide:
        qr_side = inner_height
        text_x = padding + qr_side + padding
        if block_height > inner_height:
            raise ValidationError(
                _("The label is too low for its texts and the PIN."), code="label_too_small"
            )
        base = padding
    else:
        qr_side = min(inner_width, inner_height - block_height)
        text_x = padding
        base = padding
    if qr_side / (qr_modules + 2 * QUIET_ZONE_MODULES) < MIN_MODULE_MM:
        raise ValidationError(
            _(
                "The QR code with its quiet zone does not fit on the label at a printable size: "
                "make the label larger or leave out the PIN or the text."
            ),
            code="qr_too_small",
        )
    if with_pin and pin_box_width > text_width:
        raise ValidationError(_("The PIN box does not fit on the label."), code="pin_too_wide")
    serial_y = base + row_height + serial_font * 0.35
    pin = (
        Rect(text_x + text_width - pin_box_width, base, pin_box_width, pin_box_height)
        if with_pin
        else None
    )
    header = (
        Rect(text_x, serial_y + serial_font * 1.1, text_width, header_height * 0.85)
        if has_header
        else None
    )
    if wide:
        qr = Rect(padding, padding, qr_side, qr_side)
    else:
        qr = Rect((width - qr_side) / 2, height - padding - qr_side, qr_side, qr_side)
    return LabelParts(
        qr=qr,
        serial=Rect(text_x, serial_y, text_width, serial_font),
        serial_font_mm=serial_font,
        number=Rect(text_x, base + (row_height - number_font) / 2 + number_font * 0.15, 0, 0),
        number_font_mm=number_font,
        pin=pin,
        pin_font_mm=pin_font,
        header=header,
    )


def sheet_build(
    spec: SheetSpec,
    *,
    qr_modules: int = 33,
    with_pin: bool = False,
    pin_length: int = 6,
    has_header: bool = False,
) -> Sheet:
    """The sheet for ``spec``, or a ValidationError saying what does not fit.

    ``qr_modules`` is the QR symbol's side without its quiet zone (33 for the version 4 codes
    most stamp URIs need).
    """
    for name, value, low, high in (
        ("label_width_mm", spec.label_width_mm, 10, 200),
        ("label_height_mm", spec.label_height_mm, 10, 280),
        ("margin_mm", spec.margin_mm, 0, 50),
        ("gap_mm", spec.gap_mm, 0, 50),
        ("bleed_mm", spec.bleed_mm, 0, 5),
    ):
        if value is None or not low <= value <= high:
            message = _("Between %(low)s and %(high)s mm.") % {"low": low, "high": high}
            raise ValidationError({name: ValidationError(message, code="out_of_range")})
    if spec.bleed_mm and (spec.gap_mm < 2 * spec.bleed_mm or spec.margin_mm < spec.bleed_mm):
        message = _("The gap must be at least twice the bleed, the margin at least it.")
        raise ValidationError({"bleed_mm": ValidationError(message, code="bleed")})
    page_width, page_height = A4_MM
    columns = int(
        (page_width - 2 * spec.margin_mm + spec.gap_mm) // (spec.label_width_mm + spec.gap_mm)
    )
    rows = int(
        (page_height - 2 * spec.margin_mm + spec.gap_mm) // (spec.label_height_mm + spec.gap_mm)
    )
    if columns < 1 or rows < 1:
        raise ValidationError(
            _("Not one label of this size fits on an A4 page within these margins."),
            code="no_label_fits",
        )
    parts = _parts(
        spec,
        qr_modules=qr_modules,
        with_pin=with_pin,
        pin_length=pin_length,
        has_header=has_header,
    )
    return Sheet(spec=spec, columns=columns, rows=rows, parts=parts)


def spec_for(
    template: str,
    *,
    label_width_mm: Decimal | float | None = None,
    label_height_mm: Decimal | float | None = None,
    margin_mm: Decimal | float | None = None,
    gap_mm: Decimal | float | None = None,
    bleed_mm: Decimal | float | None = None,
) -> SheetSpec:
    """A template's measures; a custom template takes the given ones (margin 7, gap 2 and no
    bleed unless given)."""
    if template != LabelTemplate.CUSTOM:
        return TEMPLATES[template]
    if label_width_mm is None or label_height_mm is None:
        name = "label_width_mm" if label_width_mm is None else "label_height_mm"
        message = _("A custom label needs its width and height.")
        raise ValidationError({name: ValidationError(message, code="required")})
    return SheetSpec(
        label_width_mm=float(label_width_mm),
        label_height_mm=float(label_height_mm),
        margin_mm=7.0 if margin_mm is None else float(margin_mm),
        gap_mm=2.0 if gap_mm is None else float(gap_mm),
        bleed_mm=0.0 if bleed_mm is None else float(bleed_mm),
    )

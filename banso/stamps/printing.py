"""A run's print files: the PDF of label sheets, and the CSV and Excel lists of serials.

Memory stays flat whatever the run's size: stamps are read from the database in chunks, ordered
by number; each page of the PDF is written to a temporary file as soon as it is drawn, and only
the byte offsets of the PDF's objects are kept until the end. (reportlab keeps every page of a
document in memory until it saves, so the pages are written here by a small PDF writer of our
own, with the 14 standard fonts and two image objects shared by every label.)

Large runs draw their pages in a pool of processes, a few pages per task, with only a few
tasks in flight: the QR encoder is the bulk of the work and uses one core per process.

Scratch PINs appear on the PDF's labels only, never in the CSV or Excel lists.
"""

import concurrent.futures
import contextlib
import multiprocessing
import os
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.conf import settings
from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFont

from banso.common.exports import csv_writer, sheet_append
from banso.common.qrcode import qr_matrix, qr_uri_compact
from banso.stamps import labels, layout
from banso.stamps.models import Stamp, StampRun
from banso.stamps.serials import SERIAL_ALPHABET, SERIAL_LENGTH, pin_for, pin_hash
from banso.trace.resolver import DigitalLink

PT = layout.PT_PER_MM
CHUNK_SIZE = 2_000
PAGES_PER_TASK = 4
# Below this many stamps the pages are drawn in the calling process.
POOL_THRESHOLD = 4_000
MAX_ENCODING_PROCESSES = 4
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
HEADER_DPI = 600


def stamp_path(*, gtin: str, lot_code: str | None, serial: str) -> str:
    """The Digital Link path of a stamp: ``/01/{gtin}[/10/{lot}]/21/{serial}``."""
    return DigitalLink(gtin=gtin, lot=lot_code or None, serial=serial).path


def stamp_uri_root() -> str:
    """The scheme and host of the stamps' URIs (``settings.STAMP_URL``), its host in capitals
    so that the QR codes use the alphanumeric mode (see :func:`qr_uri_compact`)."""
    return qr_uri_compact(settings.STAMP_URL)


def stamp_uri(run: StampRun, serial: str) -> str:
    """The URI printed in a stamp's QR code: ``https://HOST/01/{gtin}[/10/{lot}]/21/{serial}``.
    Every part after the host is made of digits, capitals and ``/``, except a lot code's own
    small letters or signs, which the encoder puts in a segment of their own."""
    lot_code = run.lot.code if run.lot is not None else None
    return stamp_uri_root() + stamp_path(gtin=run.product.gtin, lot_code=lot_code, serial=serial)


def qr_modules_for_run(run: StampRun) -> int:
    """The QR symbol's side (in modules) for the run's URIs: all have the same length."""
    return qr_matrix(stamp_uri(run, SERIAL_ALPHABET[-1] * SERIAL_LENGTH)).shape[0]


def sheet_for_run(run, *, qr_modules: int | None = None) -> layout.Sheet:
    """The sheet a run's stamps are laid out on; ``qr_modules`` defaults to the size of the
    run's own URIs with the longest serial."""
    spec = layout.spec_for(
        run.template,
        label_width_mm=run.label_width_mm,
        label_height_mm=run.label_height_mm,
        margin_mm=run.margin_mm,
        gap_mm=run.gap_mm,
        bleed_mm=run.bleed_mm,
    )
    return layout.sheet_build(
        spec,
        qr_modules=qr_modules or qr_modules_for_run(run),
        with_pin=run.with_pin,
        pin_length=run.pin_length,
        has_header=bool(run.label_text or run.logo),
    )


# The PDF writer -------------------------------------------------------------------------------


class PdfStream:
    """Writes a PDF of same-size pages one page at a time.

    Objects 1–4 are the catalogue, the page tree and the two fonts; images shared by every page
    come next, then each page's content and page objects.
    """

    CATALOG, PAGES, SERIAL_FONT, NUMBER_FONT = 1, 2, 3, 4

    def __init__(self, file, *, width_pt: float, height_pt: float):
        self.file = file
        self.width, self.height = width_pt, height_pt
        self.offsets: dict[int, int] = {}
        self.next_number = 5
        self.page_numbers: list[int] = []
        self.images: dict[str, int] = {}
        file.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        self._object(self.SERIAL_FONT, b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold >>")
        self._object(self.NUMBER_FONT, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

    def _object(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.file.tell()
        self.file.write(b"%d 0 obj\n" % number + body)
        if stream is not None:
            self.file.write(b"\nstream\n" + stream + b"\nendstream")
        self.file.write(b"\nendobj\n")

    def _number(self) -> int:
        self.next_number += 1
        return self.next_number - 1

    def add_image(self, name: str, image: Image.Image) -> None:
        """An image every page can draw as ``/{name} Do`` (gray or RGB, 8 bits)."""
        image = image.convert("L" if image.mode in ("1", "L", "LA") else "RGB")
        colours = "/DeviceGray" if image.mode == "L" else "/DeviceRGB"
        number = self._number()
        data = zlib.compress(image.tobytes(), 6)
        self._object(
            number,
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
            b"/BitsPerComponent 8 /Interpolate true /Filter /FlateDecode /Length %d >>"
            % (image.width, image.height, colours.encode(), len(data)),
            data,
        )
        self.images[name] = number

    def add_page(self, content: bytes) -> None:
        """A page whose content stream is ``content``, already Flate-compressed."""
        content_number, page_number = self._number(), self._number()
        self._object(
            content_number, b"<< /Length %d /Filter /FlateDecode >>" % len(content), content
        )
        images = b"".join(b"/%s %d 0 R " % (name.encode(), n) for name, n in self.images.items())
        self._object(
            page_number,
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << %s>> >> >>"
            % (
                self.PAGES,
                self.width,
                self.height,
                content_number,
                self.SERIAL_FONT,
                self.NUMBER_FONT,
                images,
            ),
        )
        self.page_numbers.append(page_number)

    def close(self) -> None:
        kids = b" ".join(b"%d 0 R" % number for number in self.page_numbers)
        self._object(
            self.PAGES,
            b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self.page_numbers), kids),
        )
        self._object(self.CATALOG, b"<< /Type /Catalog /Pages %d 0 R >>" % self.PAGES)
        xref_at = self.file.tell()
        size = self.next_number
        self.file.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for number in range(1, size):
            self.file.write(b"%010d 00000 n \n" % self.offsets[number])
        self.file.write(
            b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, self.CATALOG, xref_at)
        )


# Plan and header images ---------------------------------------------------------------------


def _points(rect: layout.Rect) -> tuple[float, float, float, float]:
    return (rect.x * PT, rect.y * PT, rect.width * PT, rect.height * PT)


def _font(size_px: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in FONTS:
        if os.path.exists(path):
            return ImageFont.truetype(path, size_px)
    return ImageFont.load_default(size_px)


def _text_image(text: str, height_mm: float) -> Image.Image:
    """The label's short text in a font with Vietnamese letters, as a gray image."""
    height_px = max(8, round(height_mm / 25.4 * HEADER_DPI))
    font = _font(round(height_px * 0.8))
    # Whole pixels: only a stroke would make them fractional.
    left, top, right, bottom = cast(tuple[int, int, int, int], font.getbbox(text))
    image = Image.new("L", (max(1, right - left + 2), height_px), 255)
    ImageDraw.Draw(image).text((1 - left, (height_px - (bottom - top)) / 2 - top), text, 0, font)
    return image


def _fit(box: layout.Rect, width: float, height: float) -> layout.Rect:
    scale = min(box.width / width, box.height / height)
    return layout.Rect(box.x, box.y, width * scale, height * scale)


def _plan_and_images(
    run: StampRun, sheet: layout.Sheet
) -> tuple[labels.Plan, dict[str, Image.Image]]:
    parts = sheet.parts
    images: dict[str, Image.Image] = {}
    text_box = logo_box = None
    if parts.header is not None:
        header = parts.header
        x = header.x
        if run.logo:
            with run.logo.open("rb") as file, Image.open(file) as logo:
                logo.thumbnail((600, 600))
                canvas = Image.new("RGB", logo.size, "white")
                canvas.paste(logo.convert("RGBA"), mask=logo.convert("RGBA"))
            fitted = _fit(layout.Rect(x, header.y, header.height * 3, header.height), *logo.size)
            logo_box = _points(fitted)
            images["L"] = canvas
            x += fitted.width + header.height * 0.3
        if run.label_text:
            image = _text_image(run.label_text, header.height)
            room = layout.Rect(x, header.y, header.x + header.width - x, header.height)
            text_box = _points(_fit(room, image.width, image.height))
            images["T"] = image
    plan = labels.Plan(
        slots=tuple((rect.x * PT, rect.y * PT) for rect in map(sheet.label, range(sheet.per_page))),
        qr=(parts.qr.x * PT, parts.qr.y * PT, parts.qr.width * PT),
        serial=(
            parts.serial.x * PT,
            parts.serial.y * PT,
            parts.serial_font_mm * PT,
            parts.serial.width * PT,
        ),
        number=(parts.number.x * PT, parts.number.y * PT, parts.number_font_mm * PT),
        pin=_points(parts.pin) if parts.pin else None,
        pin_font=parts.pin_font_mm * PT,
        text_image=text_box,
        logo_image=logo_box,
        crop_marks=tuple(
            (x1 * PT, y1 * PT, x2 * PT, y2 * PT) for x1, y1, x2, y2 in sheet.crop_marks()
        ),
    )
    return plan, images


# The files ------------------------------------------------------------------------------------


@dataclass
class RunFiles:
    pdf: Path
    csv: Path
    xlsx: Path


Label = tuple[int, str, str, str]  # number, serial, PIN ("" without), URI


def _stamp_chunks(run: StampRun) -> Iterator[tuple[int, str, str]]:
    """The run's (number, serial, PIN hash) in number order, one whole query per chunk.

    No cursor stays open between chunks: the layout writes its heartbeat and progress as it
    goes, and on SQLite a write on a connection whose read (an open cursor) began before
    another connection's commit fails at once with "database is locked" (the worker's own
    heartbeat, or a scan recorded by the site, is such a commit).
    """
    last = 0
    while True:
        chunk = list(
            Stamp.objects.filter(run_id=run.pk, number__gt=last)
            .order_by("number")
            .values_list("number", "serial", "pin_hash")[:CHUNK_SIZE]
        )
        yield from chunk
        if len(chunk) < CHUNK_SIZE:
            return
        last = chunk[-1][0]


def _labels(run: StampRun) -> Iterator[Label]:
    """The run's stamps in number order, read in chunks, with their PIN derived again and
    checked against the stored hash (a PIN that would not verify is never printed)."""
    lot_code = run.lot.code if run.lot is not None else None
    prefix = stamp_uri_root()
    gtin = run.product.gtin
    secret = bytes(run.pin_secret or b"")
    for number, serial, stored_hash in _stamp_chunks(run):
        pin = ""
        if run.with_pin:
            pin = pin_for(secret, serial, run.pin_length)
            if pin_hash(serial, pin) != stored_hash:
                raise ValueError(f"stamp {number} of run {run.pk}: its PIN does not verify")
        yield number, serial, pin, prefix + stamp_path(gtin=gtin, lot_code=lot_code, serial=serial)


def _pages(labels_: Iterator[Label], per_page: int, pages_per_task: int) -> Iterator[list]:
    task: list[list[Label]] = []
    page: list[Label] = []
    for label in labels_:
        page.append(label)
        if len(page) == per_page:
            task.append(page)
            page = []
            if len(task) == pages_per_task:
                yield task
                task = []
    if page:
        task.append(page)
    if task:
        yield task


def _drawn_pages(
    plan: labels.Plan, tasks: Iterator[list], *, processes: int
) -> Iterator[tuple[int, list[bytes]]]:
    """Each task's pages' content, in order; with ``processes`` > 1 drawn in a pool, keeping
    at most two tasks per process in flight."""
    if processes <= 1:
        for task in tasks:
            yield sum(map(len, task)), labels.pages_content(plan, task)
        return
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context) as pool:
        in_flight: list[tuple[int, concurrent.futures.Future]] = []
        for task in tasks:
            in_flight.append((sum(map(len, task)), pool.submit(labels.pages_content, plan, task)))
            if len(in_flight) >= 2 * processes:
                count, future = in_flight.pop(0)
                yield count, future.result()
        for count, future in in_flight:
            yield count, future.result()


def encoding_processes(quantity: int) -> int:
    if quantity < POOL_THRESHOLD:
        return 1
    most = getattr(settings, "STAMPS_ENCODING_PROCESSES", MAX_ENCODING_PROCESSES)
    return max(1, min(os.cpu_count() or 1, most))


@contextlib.contextmanager
def run_files(
    run: StampRun,
    *,
    report: Callable[[int], None] | None = None,
    processes: int | None = None,
) -> Iterator[RunFiles]:
    """Write the run's PDF, CSV and Excel files into a temporary directory, removed on exit.

    ``report`` is called with the number of labels done after every few pages.
    """
    sheet = sheet_for_run(run)
    plan, images = _plan_and_images(run, sheet)
    processes = encoding_processes(run.quantity) if processes is None else processes
    with tempfile.TemporaryDirectory(prefix="stamps-") as directory:
        files = RunFiles(
            pdf=Path(directory, "run.pdf"),
            csv=Path(directory, "run.csv"),
            xlsx=Path(directory, "run.xlsx"),
        )
        workbook = Workbook(write_only=True)
        sheet_xlsx = workbook.create_sheet("Stamps")
        header = ["number", "serial", "uri"]
        sheet_append(sheet_xlsx, header)
        with (
            files.pdf.open("wb") as pdf_file,
            files.csv.open("w", newline="", encoding="utf-8") as csv_file,
        ):
            pdf = PdfStream(
                pdf_file,
                width_pt=sheet.page_width_mm * PT,
                height_pt=sheet.page_height_mm * PT,
            )
            for name, image in images.items():
                pdf.add_image(name, image)
            writer = csv_writer(csv_file)
            writer.writerow(header)

            def listed(labels_: Iterator[Label]) -> Iterator[Label]:
                for label in labels_:
                    number, serial, _pin, uri = label
                    writer.writerow((number, serial, uri))
                    sheet_append(sheet_xlsx, (number, serial, uri))
                    yield label

            done = 0
            tasks = _pages(listed(_labels(run)), sheet.per_page, PAGES_PER_TASK)
            for count, contents in _drawn_pages(plan, tasks, processes=processes):
                for content in contents:
                    pdf.add_page(content)
                done += count
                if report:
                    report(done)
            pdf.close()
        workbook.save(files.xlsx)
        yield files

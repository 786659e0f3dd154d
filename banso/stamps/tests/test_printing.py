"""Print files: every QR on the PDF decodes to a stamp's URI, which resolves to its trace page;
PINs are printed and nowhere else; memory does not grow with the run."""

import csv
import io
import math
import tracemalloc

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from banso.stamps import printing
from banso.stamps.models import Stamp
from banso.stamps.serials import pin_for, pin_matches
from banso.stamps.services import runs
from banso.stamps.services.lifecycle import stamps_activate
from banso.stamps.services.runs import stamp_run_create, stamp_run_execute
from banso.stamps.tests.run_support import decode_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def order(actor, product, callbacks, **options):
    with callbacks(execute=True):
        return stamp_run_create(actor=actor, product=product, **options)


def uris_of(run) -> dict[str, Stamp]:
    return {
        printing.stamp_uri(run, stamp.serial): stamp
        for stamp in Stamp.objects.filter(run=run).order_by("number")
    }


@pytest.fixture
def printed_run(coop_member, product, lot, django_capture_on_commit_callbacks):
    """A run of 60 stamps of a lot, with 6-digit PINs and a short text; and its PIN secret."""
    run = order(
        coop_member,
        product,
        django_capture_on_commit_callbacks,
        lot=lot,
        quantity=60,
        with_pin=True,
        label_text="Quýt Mường Khương",
    )
    secret = bytes(run.pin_secret)
    return stamp_run_execute(run_id=run.pk), secret


def test_every_qr_on_the_pdf_decodes_to_a_stamp_and_resolves_to_its_trace_page(
    printed_run, client, lot, coop_member
):
    run, _secret = printed_run
    data = run.pdf.read()
    per_page = printing.sheet_for_run(run).per_page
    found = decode_pages(data)
    assert len(found) == math.ceil(60 / per_page) == 2
    assert [len(page) for page in found] == [per_page, 60 - per_page]
    expected = uris_of(run)
    assert {uri for page in found for uri in page} == set(expected)
    # The first page holds stamps 1…48, the second the rest.
    first = {expected[uri].number for uri in found[0]}
    assert first == set(range(1, per_page + 1))

    # Stuck on the lot's boxes at packing, the stamps show the lot's trace page.
    assert stamps_activate(actor=coop_member, lot=lot, run=run, number_from=1, number_to=60) == 60
    for uri, stamp in expected.items():
        path = uri.removeprefix(printing.stamp_uri_root())
        assert path == f"/01/{lot.product.gtin}/10/{lot.code}/21/{stamp.serial}"
        response = client.get(path)
        assert response.status_code == 307
        assert response["Location"].endswith(reverse("stamps_public:stamp", args=[stamp.serial]))
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert lot.code in page.content.decode()


def test_each_label_shows_its_serial_number_and_pin(printed_run):
    run, secret = printed_run
    document = pypdfium2.PdfDocument(run.pdf.read())
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    words = text.split()
    for stamp in Stamp.objects.filter(run=run):
        pin = pin_for(secret, stamp.serial, 6)
        assert pin_matches(stamp.serial, pin, stamp.pin_hash)
        at = words.index(stamp.serial)
        # The serial, then the stamp's number and its PIN in the scratch box.
        assert words[at + 1 : at + 3] == [str(stamp.number), pin]


def test_the_csv_and_excel_lists_hold_number_serial_and_uri_but_no_pin(printed_run):
    run, secret = printed_run
    expected = [[str(stamp.number), stamp.serial, uri] for uri, stamp in uris_of(run).items()]
    pins = {pin_for(secret, row[1], 6) for row in expected}
    rows = list(csv.reader(io.StringIO(run.serials_csv.read().decode())))
    assert rows[0] == ["number", "serial", "uri"]
    assert rows[1:] == expected
    sheet = load_workbook(run.serials_xlsx.open("rb"), read_only=True).active
    cells = [[str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == ["number", "serial", "uri"]
    assert cells[1:] == expected
    for table in (rows, cells):
        assert not pins & {cell for row in table for cell in row}
        assert all(len(row) == 3 for row in table)
        assert not any(pin in cell for pin in pins for row in table for cell in row[1:2])


def test_a_custom_wide_label_with_bleed_and_a_logo_decodes(
    coop_member, product, django_capture_on_commit_callbacks
):
    logo = io.BytesIO()
    Image.new("RGB", (120, 60), "darkgreen").save(logo, "PNG")
    run = order(
        coop_member,
        product,
        django_capture_on_commit_callbacks,
        quantity=20,
        template="custom",
        label_width_mm=60,
        label_height_mm=35,
        margin_mm=10,
        gap_mm=6,
        bleed_mm=2,
        label_text="HTX Mường Khương",
        logo=SimpleUploadedFile("logo.png", logo.getvalue(), content_type="image/png"),
    )
    run = stamp_run_execute(run_id=run.pk)
    sheet = printing.sheet_for_run(run)
    assert sheet.crop_marks() and sheet.per_page == 2 * 6
    found = decode_pages(run.pdf.read())
    assert [len(page) for page in found] == [12, 8]
    assert {uri for page in found for uri in page} == set(uris_of(run))
    # Without a lot the URI names the product and the serial only.
    assert all("/10/" not in uri for page in found for uri in page)


def test_the_pool_of_encoding_processes_writes_the_same_pdf(
    coop_member, product, django_capture_on_commit_callbacks
):
    run = order(coop_member, product, django_capture_on_commit_callbacks, quantity=200)
    runs._issue_batch(run, 200)
    run.refresh_from_db()
    with printing.run_files(run, processes=1) as files:
        alone = files.pdf.read_bytes()
    with printing.run_files(run, processes=2) as files:
        pooled = files.pdf.read_bytes()
    assert pooled == alone
    assert len(pypdfium2.PdfDocument(pooled)) == math.ceil(200 / 48)


def _layout_peak(run) -> int:
    tracemalloc.start()
    try:
        with printing.run_files(run, processes=1) as files:
            assert files.pdf.stat().st_size > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_stays_flat_whatever_the_size_of_the_run(
    coop_member, product, django_capture_on_commit_callbacks
):
    peaks = {}
    for quantity in (2_000, 20_000):
        run = order(coop_member, product, django_capture_on_commit_callbacks, quantity=quantity)
        while runs._issue_batch(run, runs.ISSUE_BATCH_SIZE) < quantity:
            pass
        run.refresh_from_db()
        peaks[quantity] = _layout_peak(run)
    # Ten times the stamps; the peak grows by the PDF's table of objects and little else.
    assert peaks[20_000] < 1.5 * peaks[2_000], peaks

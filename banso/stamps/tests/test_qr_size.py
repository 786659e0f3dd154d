"""Stamps' QR codes meet GS1's least module size on every label sheet, and are as small as
the Digital Link standard allows: the host in capitals, so the code uses the alphanumeric mode
and a lower version, and the link a phone reads still reaches the stamp's page."""

import io
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.db import OperationalError
from PIL import Image

from banso.common.qrcode import QUIET_ZONE_MODULES, qr_matrix, qr_png, qr_version
from banso.stamps import layout, printing
from banso.stamps.models import LabelTemplate, Scan
from banso.stamps.tests.scan_support import stamps_issue
from banso.trace.tests.makers import lot_make

pytestmark = pytest.mark.django_db

# GS1 General Specifications, 5.12.3.1, symbol specification table 1: a QR Code with a GS1
# Digital Link URI scanned at retail point of sale, X-dimension at least 0.396 mm.
GS1_MIN_X_MM = 0.396
# ISO/IEC 18004, level M: the most bytes (byte mode) a symbol of each version holds.
BYTE_CAPACITY_M = {1: 14, 2: 26, 3: 42, 4: 62, 5: 84, 6: 106}
PRODUCTION_HOST = "https://banso.laocai.gov.vn"


def _read(uri: str):
    """The QR code of ``uri`` as a phone's camera sees it: the PNG read by zxing-cpp."""
    image = Image.open(io.BytesIO(qr_png(uri, scale=6)))
    result = zxingcpp.read_barcode(image)
    assert result is not None and result.valid
    return result


@pytest.fixture
def stamp_run(product, lot):
    return stamps_issue(product, lot=lot, run_lot=lot, quantity=1)


@pytest.mark.parametrize("host", ["http://127.0.0.1:8000", PRODUCTION_HOST])
@pytest.mark.parametrize(
    "template", [value for value in LabelTemplate.values if value != LabelTemplate.CUSTOM]
)
@pytest.mark.parametrize(("with_pin", "text"), [(False, ""), (True, ""), (True, "OCOP 4 sao")])
def test_every_template_prints_modules_of_at_least_the_gs1_minimum(
    settings, stamp_run, template, host, with_pin, text
):
    settings.STAMP_URL = host
    run = stamp_run.run
    run.template, run.with_pin, run.pin_length, run.label_text = template, with_pin, 8, text
    side = qr_matrix(printing.stamp_uri(run, stamp_run.stamps[0].serial)).shape[0]
    printed = printing.sheet_for_run(run).parts.qr.width  # with its quiet zone, in mm
    module = printed / (side + 2 * QUIET_ZONE_MODULES)
    assert module >= GS1_MIN_X_MM


def test_the_30_mm_label_with_pin_and_text_was_below_the_minimum_and_no_longer_is(
    settings, stamp_run
):
    """The case that was found: a 12.3 mm code on a 30 mm label, modules of 0.37 mm."""
    settings.STAMP_URL = PRODUCTION_HOST
    run = stamp_run.run
    run.template, run.with_pin, run.label_text = LabelTemplate.A4_30MM, True, "OCOP 4 sao"
    sheet = printing.sheet_for_run(run)
    side = printing.qr_modules_for_run(run)
    assert sheet.parts.qr.width / (side + 2 * QUIET_ZONE_MODULES) >= GS1_MIN_X_MM
    # A label the codes cannot fit at that size is refused, not printed too small.
    with pytest.raises(layout.ValidationError) as refused:
        layout.sheet_build(layout.SheetSpec(20, 20, 7, 2), qr_modules=side, with_pin=True)
    assert refused.value.code == "qr_too_small"


def test_stamp_qr_uses_the_alphanumeric_mode_and_a_lower_version(settings, product, muong_khuong):
    settings.STAMP_URL = PRODUCTION_HOST
    lot = lot_make(product, muong_khuong, code="BH2025-04K")
    stamp_run = stamps_issue(product, lot=lot, run_lot=lot, quantity=1)
    serial = stamp_run.stamps[0].serial
    uri = printing.stamp_uri(stamp_run.run, serial)
    assert uri == (f"https://BANSO.LAOCAI.GOV.VN/01/{lot.product.gtin}/10/{lot.code}/21/{serial}")
    as_before = f"{PRODUCTION_HOST}/01/{lot.product.gtin}/10/{lot.code}/21/{serial}"
    read = _read(uri)
    assert read.text == uri
    version = int(read.extra["Version"])
    assert version == qr_version(qr_matrix(uri).shape[0])
    assert version < qr_version(qr_matrix(as_before).shape[0])
    # In byte mode alone the URI would not fit a symbol of this version: the encoder used
    # the alphanumeric mode for (at least) most of it.
    assert len(uri.encode()) > BYTE_CAPACITY_M[version]


def test_the_upper_case_link_a_phone_reads_reaches_the_stamp_page(
    settings, live_server, transactional_db, product, lot
):
    """Over real HTTP: the text decoded from the stamp's QR code, host in capitals, goes
    through the resolver (307) to the same stamp page as the small-letter link."""
    issued = stamps_issue(product, lot=lot, run_lot=lot, quantity=1)
    stamp = issued.stamps[0]
    settings.STAMP_URL = live_server.url.replace("127.0.0.1", "localhost")
    uri = _read(printing.stamp_uri(issued.run, stamp.serial)).text
    assert "//LOCALHOST:" in uri
    with urllib.request.urlopen(uri) as response:  # noqa: S310 (the test's own server)
        assert response.status == 200
        final = response.geturl()
        html = response.read().decode()
    assert final.endswith(f"/s/{stamp.serial}/")
    assert 'data-state="genuine"' in html
    with urllib.request.urlopen(uri.replace("LOCALHOST", "localhost")) as response:  # noqa: S310
        assert urlsplit(response.geturl()).path == urlsplit(final).path
    # Each page records its scan after the answer is sent: the test ends once both are stored,
    # so that no work of the server's is left holding the database when it is emptied.
    # On the tests' shared-cache SQLite a read while the server writes the scan is refused at
    # once ("table is locked") instead of waiting: that read is tried again, like the others.
    for _attempt in range(200):
        try:
            if Scan.objects.filter(stamp=stamp).count() == 2:
                break
        except OperationalError:
            pass
        time.sleep(0.05)
    assert Scan.objects.filter(stamp=stamp).count() == 2
    time.sleep(0.2)  # the recording's connection handed back after its commit

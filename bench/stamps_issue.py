"""A 100,000-stamp run issued and laid out as its print-ready PDF, on a scratch SQLite site.

Each size runs in a child process of its own, so that its peak memory (``ru_maxrss`` of the
process and of the encoding processes it starts) is its own: the run of 100,000 stamps is
measured against one of 20,000, and memory should stay flat. The floor, measured in the same
child as the 100,000-stamp run: zxing-cpp encoding the run's 100,000 URIs one after the other,
which any way of making these QR codes pays. Goals: the whole run (serials, PINs, PDF, CSV and
Excel) within 2.5 times the floor, and within 30 s wall time.

The details also compare the two ways of drawing a QR code in the PDF (a 1-bit image mask
against one rectangle per run of dark modules).
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.report import Goal, Measure, Report
from bench.server import child_figures, manage, site_environment

NAME = "stamps_issue"
QUANTITY = 100_000
SMALL_QUANTITY = 20_000
GOAL_WALL_SECONDS = 30
CHILD_TIMEOUT_SECONDS = 900


def _child(quantity: int, *, environment: dict[str, str]) -> dict:
    return child_figures(
        "bench.stamps_issue",
        environment,
        str(quantity),
        timeout=CHILD_TIMEOUT_SECONDS,
        what="stamps",
    )


def run(options: argparse.Namespace) -> Report:
    figures = {}
    for quantity in (SMALL_QUANTITY, QUANTITY):
        with tempfile.TemporaryDirectory(prefix="banso-bench-stamps-") as directory:
            var_dir = Path(directory)
            environment = site_environment(var_dir)
            manage(environment, "migrate", "--no-input", log_path=var_dir / "bench.log")
            figures[quantity] = _child(quantity, environment=environment)
    large, small = figures[QUANTITY], figures[SMALL_QUANTITY]
    return Report(
        measures=[
            Measure(f"{NAME} encode-only floor", "wall", large["floor_seconds"], "s"),
            Measure(
                NAME,
                "wall, 100,000 stamps",
                large["wall_seconds"],
                "s",
                baseline=large["floor_seconds"],
                goal=Goal(2.5, at_least=False),
            ),
            Measure(
                NAME,
                "vs 30 s goal",
                large["wall_seconds"],
                "s",
                baseline=GOAL_WALL_SECONDS,
                goal=Goal(1.0, at_least=False),
            ),
            Measure(
                NAME,
                "peak memory, 100,000 vs 20,000",
                large["peak_rss_mb"],
                "MB",
                baseline=small["peak_rss_mb"],
                goal=Goal(1.5, at_least=False),
            ),
        ],
        details={str(quantity): value for quantity, value in figures.items()},
    )


# --- what runs in the child process, with the scratch database -----------------------------


def _fixtures():
    import datetime

    from banso.accounts.services import user_create
    from banso.orgs.services import organisation_create
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.trace.models import Lot, Product

    if not AdministrativeUnit.objects.exists():
        units_load()
    unit = AdministrativeUnit.objects.filter(is_current=True, level="commune").first()
    admin = user_create(
        full_name="Quản trị", phone="0981000001", password="bench-pass-1", is_superuser=True
    )
    organisation = organisation_create(
        actor=admin, name="Hợp tác xã Quýt", kind="cooperative", unit=unit
    )
    product = Product.objects.create(
        organisation=organisation,
        name="Quýt Mường Khương",
        name_folded="quyt muong khuong",
        category="fruit",
        unit="kg",
        gtin="00209890000019",
    )
    lot = Lot.objects.create(
        product=product,
        code="MK2025-11",
        harvest_unit=unit,
        harvest_date=datetime.date(2025, 11, 20),
        quantity=1000,
        quantity_unit="kg",
    )
    return admin, product, lot


def _peak_rss_mb() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _drawing_comparison(count: int = 5_000) -> dict:
    import time

    from banso.common.qrcode import qr_matrix
    from banso.stamps import labels
    from banso.stamps.serials import serial_new

    matrices = [
        qr_matrix(f"https://banso.example/01/00209890000019/21/{serial_new()}")
        for _ in range(count)
    ]
    figures = {}
    for name, draw in (("image", labels.qr_image_ops), ("vector", labels.qr_vector_ops)):
        started = time.perf_counter()
        size = sum(len(draw(matrix)) for matrix in matrices)
        figures[f"{name}_microseconds_per_code"] = (time.perf_counter() - started) / count * 1e6
        figures[f"{name}_bytes_per_code"] = size / count
    return figures


def child_main(quantity: int) -> None:
    import time

    import django

    django.setup()
    import zxingcpp
    from django.db import transaction

    from banso.common.qrcode import QR_EC_LEVEL
    from banso.stamps.models import Stamp
    from banso.stamps.printing import sheet_for_run, stamp_uri
    from banso.stamps.services import runs
    from banso.stamps.services.runs import stamp_run_create, stamp_run_execute

    admin, product, lot = _fixtures()
    with transaction.atomic():
        run = stamp_run_create(
            actor=admin,
            product=product,
            lot=lot,
            quantity=quantity,
            with_pin=True,
            label_text="Quýt Mường Khương",
        )
    started = time.perf_counter()
    runs._issue(run, None)
    issued = time.perf_counter()
    run = stamp_run_execute(run_id=run.pk)
    wall = time.perf_counter() - started
    figures = {
        "quantity": quantity,
        "status": run.status,
        "wall_seconds": wall,
        "issue_seconds": issued - started,
        "layout_seconds": wall - (issued - started),
        "peak_rss_mb": _peak_rss_mb(),
        "pdf_mb": run.pdf.size / 1e6,
        "pages": run.pdf.size and -(-quantity // sheet_for_run(run).per_page),
    }
    if quantity == QUANTITY:
        uris = [
            stamp_uri(run, serial)
            for serial in Stamp.objects.filter(run=run).values_list("serial", flat=True)
        ]
        started = time.perf_counter()
        for uri in uris:
            zxingcpp.create_barcode(uri, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_EC_LEVEL)
        figures["floor_seconds"] = time.perf_counter() - started
        figures |= _drawing_comparison()
    print(json.dumps(figures))


if __name__ == "__main__":
    child_main(int(sys.argv[1]))

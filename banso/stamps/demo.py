"""QR stamps demo data: one small run with PINs for the Mường Khương tangerine lot, made on the
spot (not by the worker), printed, activated on the lot, and scanned a few times.

The run is looked up first; each step runs only while it is missing, so seeding twice adds
nothing.
"""

import datetime

from django.utils import timezone

from banso.orgs.selectors import organisation_owner
from banso.stamps.models import Scan, StampRun
from banso.stamps.printing import stamp_uri
from banso.stamps.services.lifecycle import stamps_activate, stamps_mark_printed
from banso.stamps.services.runs import stamp_run_create, stamp_run_execute
from banso.stamps.services.scans import ScanFacts, scan_record
from banso.trace.models import Lot

PRODUCT_NAME = "Quýt Mường Khương"
LOT_CODE = "MK2025-11A"
QUANTITY = 24
LABEL_TEXT = "OCOP 4★ · Quýt Mường Khương"
# (stamp number, days ago, latitude, longitude, device): buyers in Mường Khương, Lào Cai and
# Hà Nội; places rounded as the scan page keeps them.
SCANS = [
    (1, 6, 22.69, 104.12, "a"),
    (1, 5, 22.69, 104.12, "a"),
    (2, 4, 22.49, 103.97, "b"),
    (3, 3, 22.49, 103.97, "c"),
    (4, 2, 21.03, 105.85, "d"),
    (5, 1, 21.03, 105.85, "e"),
    (6, 0, 21.02, 105.84, "f"),
]


def _owner(organisation, fallback):
    return organisation_owner(organisation) or fallback


def _scan(run: StampRun, number: int, days_ago: int, latitude, longitude, device: str) -> None:
    stamp = run.stamps.get(number=number)
    scanned_at = timezone.now() - datetime.timedelta(days=days_ago, hours=2)
    scan_record(
        stamp_id=stamp.pk,
        facts=ScanFacts(
            scanned_at=scanned_at,
            language="vi",
            device_class="phone",
            ip_hash="",
            device_hash=f"demo-device-{device}",
            point=(latitude, longitude),
        ),
    )


def stamps_demo_seed(*, admin) -> list[str]:
    """The demo run's stamps; returns the Digital Link of its first stamp."""
    lot = (
        Lot.objects.filter(product__name=PRODUCT_NAME, code=LOT_CODE)
        .select_related("product__organisation")
        .first()
    )
    if lot is None:
        return []
    actor = _owner(lot.product.organisation, admin)
    run = StampRun.objects.filter(product=lot.product, lot=lot).order_by("pk").first()
    if run is None:
        run = stamp_run_create(
            actor=actor,
            product=lot.product,
            lot=lot,
            quantity=QUANTITY,
            with_pin=True,
            label_text=LABEL_TEXT,
        )
    if run.status != StampRun.Status.READY:
        run = stamp_run_execute(run_id=run.pk)
    run = StampRun.objects.select_related("organisation").get(pk=run.pk)
    stamps_mark_printed(actor=actor, run=run)
    stamps_activate(actor=actor, lot=lot, run=run, number_from=1, number_to=run.issued_count)
    if not Scan.objects.filter(stamp__run=run).exists():
        for spec in SCANS:
            _scan(run, *spec)
    first = run.stamps.get(number=1)
    # The link its QR code holds, as printed on the sheet.
    return [stamp_uri(run, first.serial)]

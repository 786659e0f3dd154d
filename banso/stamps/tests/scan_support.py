"""Helpers of the scan, PIN and clone tests: stamps with real serials and PINs, made straight in
the database, and communes to scan them from."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from banso.common.client_identity import address_hash, device_hash
from banso.places.models import AdministrativeUnit
from banso.stamps.models import Stamp, StampRun, StampStatus
from banso.stamps.serials import pin_for, pin_hash, pin_secret_new, serial_new
from banso.stamps.services.scans import ScanFacts

PIN_LENGTH = 6


@dataclass(frozen=True)
class Issued:
    run: StampRun
    stamps: list[Stamp]
    pins: dict[str, str]  # serial → PIN, as printed under the scratch layer

    def pin(self, stamp: Stamp) -> str:
        return self.pins[stamp.serial]


def stamps_issue(
    product,
    *,
    quantity: int = 3,
    lot=None,
    run_lot=None,
    status: str = StampStatus.ACTIVATED,
    with_pin: bool = True,
    pin_length: int = PIN_LENGTH,
) -> Issued:
    """A run of stamps with serials and PIN hashes as issuing makes them; activated stamps are
    bound to ``lot``."""
    secret = pin_secret_new()
    run = StampRun.objects.create(
        organisation=product.organisation,
        product=product,
        lot=run_lot,
        quantity=quantity,
        with_pin=with_pin,
        pin_length=pin_length,
        status=StampRun.Status.READY,
        issued_count=quantity,
    )
    pins = {}
    stamps = []
    for number in range(1, quantity + 1):
        serial = serial_new()
        pins[serial] = pin_for(secret, serial, pin_length)
        stamps.append(
            Stamp(
                run=run,
                number=number,
                serial=serial,
                pin_hash=pin_hash(serial, pins[serial]) if with_pin else "",
                status=status,
                lot=lot if status in (StampStatus.ACTIVATED, StampStatus.VOIDED) else None,
                activated_at=timezone.now() if status == StampStatus.ACTIVATED else None,
            )
        )
    Stamp.objects.bulk_create(stamps, batch_size=2000)
    return Issued(run=run, stamps=list(run.stamps.order_by("number")), pins=pins)


def commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.select_related("parent").get(
        is_current=True, level="commune", code=code
    )


def commune_of_province(province_code: str) -> AdministrativeUnit:
    """Some commune of another province (its centre is where a scan is placed)."""
    found = (
        AdministrativeUnit.objects.select_related("parent")
        .filter(is_current=True, level="commune", parent__code=province_code)
        .order_by("code")
        .first()
    )
    assert found is not None
    return found


def point_of(unit: AdministrativeUnit) -> tuple[float, float]:
    assert unit.latitude is not None and unit.longitude is not None
    return (round(unit.latitude, 2), round(unit.longitude, 2))


def facts(
    *,
    at: datetime.datetime,
    device: str = "device-one-0000000",
    point: tuple[float, float] | None = None,
    address: str = "203.0.113.7",
) -> ScanFacts:
    return ScanFacts(
        scanned_at=at,
        language="vi",
        device_class="phone",
        ip_hash=address_hash(address, day=at.date()),
        device_hash=device_hash(device),
        point=point,
    )


def lot_add(product, unit, *, code: str):
    from banso.trace.models import Lot

    lot = Lot(
        product=product,
        code=code,
        harvest_unit=unit,
        harvest_date=datetime.date(2025, 12, 1),
        quantity=500,
        quantity_unit="kg",
    )
    lot.full_clean()
    lot.save()
    return lot

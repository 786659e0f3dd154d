"""Scans of stamps, scratch-PIN confirmations, and the rules that flag a copied stamp.

A scan keeps only coarse facts: the time, the language, a device class read from the
User-Agent, a place only when the buyer's browser shared it (rounded to 0.01°, about a
kilometre, with the nearest commune), the keyed hash of a device cookie, and the IP address
hashed with a key that changes every day, so that an address can be neither recovered nor
followed from one day to the next.

A stamp is flagged (``is_flagged``, with one reason per rule in ``flag_reasons``) when, within
``STAMP_CLONE_WINDOW_HOURS``:

- ``many_places``: it was scanned from more than ``STAMP_CLONE_MAX_PLACES`` communes;
- ``many_devices``: by more than ``STAMP_CLONE_MAX_DEVICES`` devices;
- ``fast_travel``: two scans in a row are further apart than anyone could travel in the time
  between them (``STAMP_CLONE_MAX_SPEED_KMH``), in different provinces;

or, once its PIN has claimed it:

- ``claimed_elsewhere``: a device that had not scanned it before the claim scans it from
  another commune than the claim's;
- ``pin_after_claim``: such a device tries its PIN, unless it is known to be in the commune of
  the claim (a household sharing a box).

A printed copy of a genuine stamp is scanned by other buyers, elsewhere: these are the traces
it leaves. A flag warns; it changes nothing else.
"""

import datetime
import enum
import math
import re
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.common.client_identity import address_hash, device_hash
from banso.common.ratelimit import limit_exceeded, limit_hit
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.stamps.limits import PIN_PER_ADDRESS, PIN_PER_STAMP
from banso.stamps.models import DeviceClass, Scan, Stamp, StampStatus
from banso.stamps.serials import pin_matches

COORDINATE_DECIMALS = 2  # 0.01° ≈ 1.1 km
# How far around a point the nearest commune centre is looked for (degrees, ≈ 45 km).
COMMUNE_SEARCH_DEGREES = 0.4
EARTH_RADIUS_KM = 6371.0

CLONE_DEFAULTS = {
    "STAMP_CLONE_WINDOW_HOURS": 72,
    "STAMP_CLONE_MAX_PLACES": 3,
    "STAMP_CLONE_MAX_DEVICES": 8,
    "STAMP_CLONE_MAX_SPEED_KMH": 120,
    # Closer than this, two scans never count as travel (coarse places are a kilometre wide).
    "STAMP_CLONE_MIN_DISTANCE_KM": 30,
}


class FlagCode(models.TextChoices):
    """Why a stamp was flagged: the ``code`` of each of its ``flag_reasons``."""

    MANY_PLACES = "many_places", _("scanned in many places")
    MANY_DEVICES = "many_devices", _("scanned by many phones")
    FAST_TRAVEL = "fast_travel", _("scanned in places too far apart for the time between")
    CLAIMED_ELSEWHERE = "claimed_elsewhere", _("scanned elsewhere after its PIN was confirmed")
    PIN_AFTER_CLAIM = "pin_after_claim", _("its PIN was tried again after it was confirmed")


def clone_setting(name: str) -> int:
    return getattr(settings, name, CLONE_DEFAULTS[name])


# Facts of a request -------------------------------------------------------------------------


_TABLET = re.compile(r"iPad|Tablet|PlayBook|Silk|Kindle", re.IGNORECASE)
_PHONE = re.compile(r"Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini", re.IGNORECASE)
_DESKTOP = re.compile(r"Windows NT|Macintosh|X11|CrOS|Linux", re.IGNORECASE)
_ROBOT = re.compile(r"bot|crawl|spider|curl|wget|python|http", re.IGNORECASE)


def device_class_of(user_agent: str) -> str:
    """Phone, tablet, computer or other, by a few well-known words of the User-Agent."""
    if not user_agent or _ROBOT.search(user_agent):
        return DeviceClass.OTHER
    if _TABLET.search(user_agent) or ("Android" in user_agent and "Mobile" not in user_agent):
        return DeviceClass.TABLET
    if _PHONE.search(user_agent):
        return DeviceClass.PHONE
    if _DESKTOP.search(user_agent):
        return DeviceClass.DESKTOP
    return DeviceClass.OTHER


def coordinates_coarse(latitude, longitude) -> tuple[float, float] | None:
    """A point rounded to about a kilometre, or None when it is not a point on Earth."""
    try:
        latitude, longitude = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or math.isnan(latitude + longitude):
        return None
    return round(latitude, COORDINATE_DECIMALS), round(longitude, COORDINATE_DECIMALS)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def commune_nearest(point: tuple[float, float]) -> AdministrativeUnit | None:
    """The current commune whose centre is nearest, among those within about 45 km: one
    query over a box of a few dozen rows. None outside Vietnam."""
    latitude, longitude = point
    box = COMMUNE_SEARCH_DEGREES
    candidates = AdministrativeUnit.objects.filter(
        is_current=True,
        level=UnitLevel.COMMUNE,
        latitude__range=(latitude - box, latitude + box),
        longitude__range=(longitude - box, longitude + box),
    ).values_list("pk", "latitude", "longitude")
    # The ranges leave out communes without coordinates.
    nearest = min(
        candidates,
        key=lambda row: distance_km(point, cast(tuple[float, float], (row[1], row[2]))),
        default=None,
    )
    if nearest is None:
        return None
    return AdministrativeUnit.objects.select_related("parent").get(pk=nearest[0])


@dataclass(frozen=True)
class ScanFacts:
    """What a scan keeps of its request, read before the response is sent (no database)."""

    scanned_at: datetime.datetime
    language: str
    device_class: str
    ip_hash: str
    device_hash: str
    point: tuple[float, float] | None = None


def scan_facts(
    *,
    address: str,
    user_agent: str,
    language: str,
    device_id: str,
    point: tuple[float, float] | None = None,
    now: datetime.datetime | None = None,
) -> ScanFacts:
    now = now or timezone.now()
    return ScanFacts(
        scanned_at=now,
        language=language[:10],
        device_class=device_class_of(user_agent),
        ip_hash=address_hash(address, day=timezone.localdate(now)),
        device_hash=device_hash(device_id),
        point=point,
    )


# Recording ----------------------------------------------------------------------------------


def scan_record(*, stamp_id: int, facts: ScanFacts, stamp: Stamp | None = None) -> Scan:
    """Store one scan, count it on the stamp, then apply the clone rules.

    Called after the page has been sent (see ``public_views``): one INSERT and one UPDATE with
    ``F()``, so concurrent scans of one stamp never lose a count. ``stamp``, when the caller
    has just read it (the stamp page has), spares the clone rules reading it again: they use
    only its claim and its flags, and a flag raised meanwhile is merged by ``stamp_flag``
    under a row lock.
    """
    unit = commune_nearest(facts.point) if facts.point else None
    with transaction.atomic():
        scan = Scan.objects.create(
            stamp_id=stamp_id,
            scanned_at=facts.scanned_at,
            latitude=facts.point[0] if facts.point else None,
            longitude=facts.point[1] if facts.point else None,
            unit=unit,
            language=facts.language,
            device_class=facts.device_class,
            ip_hash=facts.ip_hash,
            device_hash=facts.device_hash,
        )
        Stamp.objects.filter(pk=stamp_id).update(
            scan_count=F("scan_count") + 1,
            first_scanned_at=Coalesce(F("first_scanned_at"), facts.scanned_at),
        )
    stamp_clone_check(scan=scan, stamp=stamp)
    return scan


# A place shared after the page was opened belongs to that device's scan of the last minutes.
PLACE_SHARE_SECONDS = 30 * 60


def scan_place_set(
    *, stamp: Stamp, device_hash: str, point: tuple[float, float], now: datetime.datetime
) -> Scan | None:
    """Give the device's latest scan of the stamp (of the last half hour, still without a
    place) the place its browser shared, then apply the clone rules again."""
    scan = (
        Scan.objects.filter(
            stamp=stamp,
            device_hash=device_hash,
            latitude__isnull=True,
            scanned_at__gte=now - datetime.timedelta(seconds=PLACE_SHARE_SECONDS),
        )
        .order_by("-scanned_at")
        .first()
    )
    if scan is None:
        return None
    scan.latitude, scan.longitude = point
    scan.unit = commune_nearest(point)
    scan.save(update_fields=["latitude", "longitude", "unit"])
    stamp_clone_check(scan=scan)
    return scan


# Clone rules --------------------------------------------------------------------------------
#
# Each scan is judged as it arrives, against the scans before it: a few small queries, none of
# them for a rule the stamp is already flagged for, so a stamp scanned thousands of times costs
# no more than a new one.


def _place_key(unit_id: int | None, latitude: float, longitude: float):
    """A commune, or a tenth of a degree (about 11 km) where no commune was found."""
    return unit_id if unit_id is not None else (round(latitude, 1), round(longitude, 1))


def _many_places(scan: Scan, recent) -> bool:
    rows = recent.filter(latitude__isnull=False).values_list("unit_id", "latitude", "longitude")
    places = {_place_key(*row) for row in rows}
    return len(places) > clone_setting("STAMP_CLONE_MAX_PLACES")


def _too_fast(a: Scan, b: Scan) -> bool:
    """Whether nobody could have carried the stamp between these two scans' provinces."""
    province_a = a.unit.parent_id if a.unit is not None else None
    province_b = b.unit.parent_id if b.unit is not None else None
    if province_a and province_b and province_a == province_b:
        return False
    # Only located scans are compared (see _fast_travel).
    distance = distance_km(
        cast(tuple[float, float], (a.latitude, a.longitude)),
        cast(tuple[float, float], (b.latitude, b.longitude)),
    )
    if distance < clone_setting("STAMP_CLONE_MIN_DISTANCE_KM"):
        return False
    hours = abs((b.scanned_at - a.scanned_at).total_seconds()) / 3600
    return hours == 0 or distance / hours > clone_setting("STAMP_CLONE_MAX_SPEED_KMH")


def _fast_travel(scan: Scan) -> bool:
    """Compared with the located scans just before and just after it (a place shared late
    can put a scan between two others)."""
    located = (
        Scan.objects.filter(stamp_id=scan.stamp_id, latitude__isnull=False)
        .exclude(pk=scan.pk)
        .select_related("unit")
        .only("scanned_at", "latitude", "longitude", "unit", "unit__parent")
    )
    neighbours = [
        located.filter(scanned_at__lte=scan.scanned_at).order_by("-scanned_at").first(),
        located.filter(scanned_at__gt=scan.scanned_at).order_by("scanned_at").first(),
    ]
    return any(other is not None and _too_fast(other, scan) for other in neighbours)


def _claimed_elsewhere(stamp: Stamp, scan: Scan) -> bool:
    if stamp.claimed_at is None or stamp.claimed_unit_id is None or scan.unit_id is None:
        return False
    if scan.scanned_at <= stamp.claimed_at or scan.unit_id == stamp.claimed_unit_id:
        return False
    return not Scan.objects.filter(
        stamp_id=stamp.pk, device_hash=scan.device_hash, scanned_at__lte=stamp.claimed_at
    ).exists()


def stamp_flag(*, stamp_id: int, codes: set[FlagCode]) -> list[str]:
    """Add these reasons to the stamp's flags (each code once, with when it was first seen);
    the codes that were new."""
    if not codes:
        return []
    with transaction.atomic():
        stamp = Stamp.objects.select_for_update().only("flag_reasons").get(pk=stamp_id)
        have = {reason.get("code") for reason in stamp.flag_reasons}
        new = sorted(code.value for code in codes if code.value not in have)
        if not new:
            return []
        at = timezone.now().isoformat(timespec="seconds")
        reasons = stamp.flag_reasons + [{"code": code, "at": at} for code in new]
        Stamp.objects.filter(pk=stamp_id).update(is_flagged=True, flag_reasons=reasons)
    return new


def stamp_clone_check(*, scan: Scan, stamp: Stamp | None = None) -> list[str]:
    """Apply the scan rules to a newly recorded (or newly located) scan; the reasons newly
    flagged. ``stamp`` is the scan's stamp when the caller already read it."""
    if stamp is None or stamp.pk != scan.stamp_id:
        stamp = Stamp.objects.only("claimed_at", "claimed_unit", "flag_reasons").get(
            pk=scan.stamp_id
        )
    have = {reason.get("code") for reason in stamp.flag_reasons}
    window = datetime.timedelta(hours=clone_setting("STAMP_CLONE_WINDOW_HOURS"))
    recent = Scan.objects.filter(
        stamp_id=scan.stamp_id,
        scanned_at__gte=scan.scanned_at - window,
        scanned_at__lte=scan.scanned_at,
    )
    found = set()
    if FlagCode.MANY_DEVICES not in have:
        devices = recent.aggregate(count=Count("device_hash", distinct=True))["count"]
        if devices > clone_setting("STAMP_CLONE_MAX_DEVICES"):
            found.add(FlagCode.MANY_DEVICES)
    if scan.latitude is not None:
        if FlagCode.MANY_PLACES not in have and _many_places(scan, recent):
            found.add(FlagCode.MANY_PLACES)
        if FlagCode.FAST_TRAVEL not in have and _fast_travel(scan):
            found.add(FlagCode.FAST_TRAVEL)
        if FlagCode.CLAIMED_ELSEWHERE not in have and _claimed_elsewhere(stamp, scan):
            found.add(FlagCode.CLAIMED_ELSEWHERE)
    return stamp_flag(stamp_id=scan.stamp_id, codes=found)


# PIN ----------------------------------------------------------------------------------------


class PinOutcome(enum.StrEnum):
    CLAIMED = "claimed"  # the first right PIN: the stamp is now claimed
    ALREADY_VERIFIED = "already_verified"  # right PIN, claimed before
    WRONG = "wrong"
    LOCKED = "locked"  # too many wrong PINs on this stamp or from this address: not checked
    UNAVAILABLE = "unavailable"  # the stamp has no PIN, or is not genuine


@dataclass(frozen=True)
class PinResult:
    outcome: PinOutcome
    claimed_at: datetime.datetime | None = None
    claimed_unit: AdministrativeUnit | None = None
    attempts_left: int | None = None


_PIN_FORMAT = re.compile(r"[0-9]{6,8}")


def _place_of_device(stamp: Stamp, device: str) -> AdministrativeUnit | None:
    scan = (
        Scan.objects.filter(stamp=stamp, device_hash=device, unit__isnull=False)
        .select_related("unit__parent")
        .order_by("-scanned_at")
        .first()
    )
    return scan.unit if scan else None


def _pin_after_claim(stamp: Stamp, device: str, unit: AdministrativeUnit | None) -> None:
    """An attempt on a claimed stamp from a device that had not scanned it before the claim
    flags it, unless the device is known to be in the claim's commune."""
    if stamp.claimed_at is None:
        return
    known = set(
        Scan.objects.filter(stamp=stamp, scanned_at__lte=stamp.claimed_at).values_list(
            "device_hash", flat=True
        )
    )
    if not known or device in known:
        return
    if unit is not None and unit.pk == stamp.claimed_unit_id:
        return
    stamp_flag(stamp_id=stamp.pk, codes={FlagCode.PIN_AFTER_CLAIM})


def pin_confirm(
    *,
    stamp: Stamp,
    pin: str,
    ip_hash: str,
    device_hash: str,
    point: tuple[float, float] | None = None,
    now: datetime.datetime | None = None,
) -> PinResult:
    """Check a scratch PIN. The first right PIN claims the stamp (when and, if known, where);
    later right ones are told when and where it was claimed.

    Wrong PINs count against the stamp (``limits.PIN_PER_STAMP``) and the address
    (``limits.PIN_PER_ADDRESS``); once either is locked, PINs are not checked at all, right
    or wrong, until the lock ends. Only an activated stamp with a PIN can be claimed.
    """
    now = now or timezone.now()
    if stamp.status != StampStatus.ACTIVATED or not stamp.pin_hash:
        return PinResult(PinOutcome.UNAVAILABLE)
    limits = ((PIN_PER_STAMP, str(stamp.pk)), (PIN_PER_ADDRESS, ip_hash))
    if any(limit_exceeded(limit, subject) for limit, subject in limits):
        return PinResult(PinOutcome.LOCKED)
    unit = commune_nearest(point) if point else _place_of_device(stamp, device_hash)
    _pin_after_claim(stamp, device_hash, unit)
    pin = re.sub(r"[\s-]", "", pin or "")
    if not (_PIN_FORMAT.fullmatch(pin) and pin_matches(stamp.serial, pin, stamp.pin_hash)):
        hits = [limit_hit(limit, subject) for limit, subject in limits]
        left = PIN_PER_STAMP.count - hits[0]
        if left <= 0 or hits[1] >= PIN_PER_ADDRESS.count:
            return PinResult(PinOutcome.LOCKED)
        return PinResult(PinOutcome.WRONG, attempts_left=left)
    claimed = Stamp.objects.filter(pk=stamp.pk, claimed_at__isnull=True).update(
        claimed_at=now, claimed_unit=unit
    )
    if claimed:
        stamp.claimed_at, stamp.claimed_unit = now, unit
        return PinResult(PinOutcome.CLAIMED, claimed_at=now, claimed_unit=unit)
    stamp.refresh_from_db(fields=["claimed_at", "claimed_unit"])
    claimed_unit = (
        AdministrativeUnit.objects.select_related("parent").get(pk=stamp.claimed_unit_id)
        if stamp.claimed_unit_id
        else None
    )
    return PinResult(
        PinOutcome.ALREADY_VERIFIED, claimed_at=stamp.claimed_at, claimed_unit=claimed_unit
    )

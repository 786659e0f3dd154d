"""The clone rules, one at a time, with scans at chosen times and places."""

import datetime

import pytest
from django.utils import timezone

from banso.places.models import AdministrativeUnit
from banso.stamps.models import Stamp
from banso.stamps.services.scans import (
    device_hash,
    distance_km,
    pin_confirm,
    scan_place_set,
    scan_record,
)
from banso.stamps.tests.scan_support import commune_of_province, facts, point_of

pytest_plugins = ["banso.stamps.tests.scan_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

HANOI = "01"


def lao_cai_communes(count: int) -> list:
    """Communes of Lào Cai far enough apart to be told apart by their centres."""
    return list(
        AdministrativeUnit.objects.filter(
            is_current=True, level="commune", parent__code="15"
        ).order_by("code")[: count * 10 : 10]
    )


def start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=10)


def reasons(stamp) -> set[str]:
    stamp.refresh_from_db()
    return {reason["code"] for reason in stamp.flag_reasons}


def test_three_places_are_fine_four_are_flagged(issued, places):
    stamp, at = issued.stamps[0], start()
    units = lao_cai_communes(4)
    for index, unit in enumerate(units[:3]):
        scan_record(
            stamp_id=stamp.pk,
            facts=facts(at=at + datetime.timedelta(hours=index), point=point_of(unit)),
        )
    assert reasons(stamp) == set()
    assert not stamp.is_flagged
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(at=at + datetime.timedelta(hours=4), point=point_of(units[3])),
    )
    assert reasons(stamp) == {"many_places"}
    assert stamp.is_flagged


def test_places_outside_the_window_do_not_count(issued, places):
    stamp = issued.stamps[0]
    at = timezone.now() - datetime.timedelta(days=30)
    for index, unit in enumerate(lao_cai_communes(4)):
        scan_record(
            stamp_id=stamp.pk,
            facts=facts(at=at + datetime.timedelta(days=4 * index), point=point_of(unit)),
        )
    assert reasons(stamp) == set()


def test_eight_devices_are_fine_nine_are_flagged(issued):
    stamp, at = issued.stamps[0], start()
    for index in range(8):
        scan_record(
            stamp_id=stamp.pk,
            facts=facts(at=at + datetime.timedelta(minutes=index), device=f"phone-{index:02d}" * 2),
        )
    assert reasons(stamp) == set()
    scan_record(
        stamp_id=stamp.pk, facts=facts(at=at + datetime.timedelta(minutes=9), device="x" * 20)
    )
    assert reasons(stamp) == {"many_devices"}


def test_scans_in_two_provinces_sooner_than_travel_allows(issued, muong_khuong):
    stamp, at = issued.stamps[0], start()
    hanoi = commune_of_province(HANOI)
    distance = distance_km(point_of(muong_khuong), point_of(hanoi))
    assert distance > 200
    scan_record(stamp_id=stamp.pk, facts=facts(at=at, point=point_of(muong_khuong)))
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(at=at + datetime.timedelta(hours=1), device="y" * 20, point=point_of(hanoi)),
    )
    assert reasons(stamp) == {"fast_travel"}


def test_the_same_trip_at_road_speed_is_fine(issued, muong_khuong):
    stamp, at = issued.stamps[0], start()
    hanoi = commune_of_province(HANOI)
    hours = distance_km(point_of(muong_khuong), point_of(hanoi)) / 100  # 100 km/h
    scan_record(stamp_id=stamp.pk, facts=facts(at=at, point=point_of(muong_khuong)))
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(at=at + datetime.timedelta(hours=hours), point=point_of(hanoi)),
    )
    assert reasons(stamp) == set()


def test_far_apart_in_one_province_is_not_travel(issued, muong_khuong, bac_ha):
    stamp, at = issued.stamps[0], start()
    scan_record(stamp_id=stamp.pk, facts=facts(at=at, point=point_of(muong_khuong)))
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(at=at + datetime.timedelta(minutes=5), point=point_of(bac_ha)),
    )
    assert reasons(stamp) == set()


def test_shared_area_arriving_later_is_judged_too(issued, muong_khuong):
    stamp, now = issued.stamps[0], timezone.now()
    hanoi = commune_of_province(HANOI)
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(at=now - datetime.timedelta(minutes=20), point=point_of(muong_khuong)),
    )
    scan_record(stamp_id=stamp.pk, facts=facts(at=now, device="z" * 20))
    assert reasons(stamp) == set()
    scan_place_set(stamp=stamp, device_hash=device_hash("z" * 20), point=point_of(hanoi), now=now)
    assert reasons(stamp) == {"fast_travel"}


def _claim(issued, stamp, unit, at):
    scan_record(
        stamp_id=stamp.pk, facts=facts(at=at, device="claimer-device-01", point=point_of(unit))
    )
    result = pin_confirm(
        stamp=stamp,
        pin=issued.pin(stamp),
        ip_hash="a" * 64,
        device_hash=device_hash("claimer-device-01"),
        point=point_of(unit),
        now=at + datetime.timedelta(minutes=1),
    )
    assert result.outcome == "claimed"


def test_scan_elsewhere_by_a_new_device_after_the_claim(issued, muong_khuong, bac_ha):
    stamp, at = issued.stamps[0], start()
    _claim(issued, stamp, muong_khuong, at)
    # The buyer's own phone, elsewhere, and a neighbour in the same commune: fine.
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(
            at=at + datetime.timedelta(hours=3), device="claimer-device-01", point=point_of(bac_ha)
        ),
    )
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(
            at=at + datetime.timedelta(hours=4),
            device="neighbour-00000",
            point=point_of(muong_khuong),
        ),
    )
    assert reasons(stamp) == set()
    scan_record(
        stamp_id=stamp.pk,
        facts=facts(
            at=at + datetime.timedelta(hours=5), device="stranger-000000", point=point_of(bac_ha)
        ),
    )
    assert reasons(stamp) == {"claimed_elsewhere"}


def test_pin_tried_by_another_device_after_the_claim(issued, muong_khuong):
    stamp, at = issued.stamps[0], start()
    _claim(issued, stamp, muong_khuong, at)
    stamp.refresh_from_db()
    again = pin_confirm(
        stamp=stamp,
        pin=issued.pin(stamp),
        ip_hash="a" * 64,
        device_hash=device_hash("claimer-device-01"),
    )
    assert again.outcome == "already_verified"
    assert reasons(stamp) == set()
    other = pin_confirm(
        stamp=stamp, pin="000000", ip_hash="b" * 64, device_hash=device_hash("other-phone-0000")
    )
    assert other.outcome == "wrong"
    assert reasons(stamp) == {"pin_after_claim"}
    assert Stamp.objects.get(pk=stamp.pk).is_flagged


def test_each_reason_is_recorded_once(issued, muong_khuong):
    stamp, at = issued.stamps[0], start()
    hanoi = commune_of_province(HANOI)
    for hour in range(0, 6, 2):
        scan_record(
            stamp_id=stamp.pk,
            facts=facts(at=at + datetime.timedelta(hours=hour), point=point_of(muong_khuong)),
        )
        scan_record(
            stamp_id=stamp.pk,
            facts=facts(at=at + datetime.timedelta(hours=hour + 1), point=point_of(hanoi)),
        )
    stamp.refresh_from_db()
    assert [reason["code"] for reason in stamp.flag_reasons] == ["fast_travel"]

"""The stamp page: its panel in each state, the scan it records, its size and its rate limit."""

import gzip
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from banso.common.client_identity import address_hash, device_hash
from banso.stamps.models import Scan, Stamp, StampStatus
from banso.stamps.public_views import DEVICE_COOKIE, stamp_page
from banso.stamps.tests.scan_support import stamps_issue
from banso.trace.tests.journey_support import full_journey

pytest_plugins = ["banso.stamps.tests.scan_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131 Mobile Safari/537.36"
)
IPAD = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def page(client, stamp, **headers):
    return client.get(f"/s/{stamp.serial}/", **headers)


def state_of(response) -> str:
    found = re.search(rb'data-state="([a-z_]+)"', response.content)
    assert found is not None
    return found.group(1).decode()


def test_genuine_first_scan_shows_the_lot_trace_page(client, issued, lot):
    response = page(client, issued.stamps[0])
    assert response.status_code == 200
    assert state_of(response) == "genuine"
    assert b'data-scans="1"' in response.content
    assert lot.code.encode() in response.content
    assert b'id="journey"' in response.content
    assert b'id="pin-form"' in response.content
    assert "no-cache" in response["Cache-Control"]


def test_genuine_scanned_again_says_how_many_times(client, issued):
    stamp = issued.stamps[0]
    page(client, stamp)
    page(client, stamp)
    response = page(client, stamp)
    assert b'data-scans="3"' in response.content
    stamp.refresh_from_db()
    assert stamp.scan_count == 3
    assert stamp.first_scanned_at is not None


@pytest.mark.parametrize("status", [StampStatus.ISSUED, StampStatus.PRINTED])
def test_not_activated_stamp_says_so_and_claims_nothing(client, product, lot, status):
    stamp = stamps_issue(product, run_lot=lot, status=status).stamps[0]
    response = page(client, stamp)
    assert response.status_code == 200
    assert state_of(response) == "not_activated"
    assert b'class="no"' in response.content
    assert b'id="journey"' not in response.content
    assert lot.code.encode() not in response.content
    assert b'id="pin-form"' not in response.content


def test_voided_stamp_says_so_and_claims_nothing(client, product, lot):
    stamp = stamps_issue(product, lot=lot, status=StampStatus.VOIDED).stamps[0]
    response = page(client, stamp)
    assert state_of(response) == "voided"
    assert b'id="journey"' not in response.content
    assert b'id="pin-form"' not in response.content


def test_flagged_stamp_warns_and_still_shows_the_trace(client, issued):
    stamp = issued.stamps[0]
    Stamp.objects.filter(pk=stamp.pk).update(
        is_flagged=True, flag_reasons=[{"code": "fast_travel", "at": "2025-12-01T10:00:00"}]
    )
    response = page(client, stamp)
    assert state_of(response) == "flagged"
    assert b'id="stamp-warning"' in response.content
    assert b'id="journey"' in response.content


def test_stamp_without_pin_has_no_pin_form(client, product, lot):
    stamp = stamps_issue(product, lot=lot, with_pin=False).stamps[0]
    response = page(client, stamp)
    assert state_of(response) == "genuine"
    assert b'id="pin-form"' not in response.content


def test_page_fits_the_first_round_trip(client, issued, lot, coop_member, village):
    from banso.trace.models import Lot

    leaf = Lot.objects.create(
        product=lot.product,
        code="MK2025-LEAF",
        harvest_unit=lot.harvest_unit,
        harvest_date=lot.harvest_date,
        quantity=100,
        quantity_unit="kg",
    )
    full_journey(lot, leaf)
    html = page(client, issued.stamps[0]).content
    assert html.count(b'class="st ') >= 8
    assert len(gzip.compress(html)) <= 14 * 1024
    assert b"<script src" not in html


def test_scan_records_coarse_facts_and_no_address(client, issued):
    stamp = issued.stamps[0]
    response = page(
        client, stamp, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.23", HTTP_ACCEPT_LANGUAGE="en"
    )
    scan = Scan.objects.get(stamp=stamp)
    device = response.cookies[DEVICE_COOKIE].value
    assert scan.device_class == "phone"
    assert scan.language == "en"
    assert scan.ip_hash == address_hash("198.51.100.23", day=timezone.localdate())
    assert "198.51.100.23" not in scan.ip_hash and len(scan.ip_hash) == 64
    assert scan.device_hash == device_hash(device) and device not in scan.device_hash
    assert scan.latitude is None and scan.unit is None
    assert abs((timezone.now() - scan.scanned_at).total_seconds()) < 60


def test_address_hash_changes_with_the_day():
    import datetime

    day = datetime.date(2025, 12, 1)
    assert address_hash("198.51.100.23", day=day) == address_hash("198.51.100.23", day=day)
    assert address_hash("198.51.100.23", day=day) != address_hash(
        "198.51.100.23", day=day + datetime.timedelta(days=1)
    )
    assert address_hash("198.51.100.23", day=day) != address_hash("198.51.100.24", day=day)


def test_device_cookie_is_kept_so_a_phone_is_one_device(client, issued):
    stamp = issued.stamps[0]
    page(client, stamp, HTTP_USER_AGENT=IPAD)
    page(client, stamp, HTTP_USER_AGENT=IPAD)
    scans = Scan.objects.filter(stamp=stamp)
    assert scans.count() == 2
    assert {scan.device_hash for scan in scans} == {scans[0].device_hash}
    assert {scan.device_class for scan in scans} == {"tablet"}


@pytest.mark.django_db(transaction=True)
def test_scan_is_written_after_the_response_is_sent(issued):
    """Commits for real: closing the response also closes the request's connections, as the
    WSGI server does, which on PostgreSQL would end a rolled-back test's transaction."""
    stamp = issued.stamps[0]
    request = RequestFactory().get(f"/s/{stamp.serial}/", REMOTE_ADDR="192.0.2.1")
    request.user = AnonymousUser()
    response = stamp_page(request, stamp.serial)
    assert response.status_code == 200
    assert not Scan.objects.filter(stamp=stamp).exists()
    stamp.refresh_from_db()
    assert stamp.scan_count == 0
    response.close()  # what the WSGI server does once the body is out
    assert Scan.objects.filter(stamp=stamp).count() == 1
    stamp.refresh_from_db()
    assert stamp.scan_count == 1


def test_scan_logging_off_records_nothing(client, issued, settings):
    settings.STAMP_SCAN_LOGGING = False
    stamp = issued.stamps[0]
    assert page(client, stamp).status_code == 200
    assert not Scan.objects.filter(stamp=stamp).exists()


def test_head_is_not_a_scan(client, issued):
    stamp = issued.stamps[0]
    assert client.head(f"/s/{stamp.serial}/").status_code == 200
    assert not Scan.objects.filter(stamp=stamp).exists()


def test_shared_area_is_given_to_the_devices_scan(client, issued, bac_ha):
    stamp = issued.stamps[0]
    page(client, stamp)
    response = client.post(
        f"/s/{stamp.serial}/place/", {"latitude": "22.52461", "longitude": "104.30688"}
    )
    assert response.status_code == 204
    scan = Scan.objects.get(stamp=stamp)
    assert (scan.latitude, scan.longitude) == (22.52, 104.31)
    assert scan.unit == bac_ha


def test_shared_area_needs_csrf(issued):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    stamp = issued.stamps[0]
    page(client, stamp)
    response = client.post(f"/s/{stamp.serial}/place/", {"latitude": "22.5", "longitude": "104"})
    assert response.status_code == 403


def test_unknown_serial_page_is_404(client, issued):
    from banso.stamps.serials import serial_new

    assert client.get(f"/s/{serial_new()}/").status_code == 404
    assert client.get("/s/not-a-serial/").status_code == 404


def test_too_many_scans_from_one_address_is_429(client, issued, settings):
    settings.STAMP_SCAN_RATE_PER_MINUTE = 5
    stamp = issued.stamps[0]
    statuses = [page(client, stamp, REMOTE_ADDR="192.0.2.9").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    limited = page(client, stamp, REMOTE_ADDR="192.0.2.9", HTTP_ACCEPT_LANGUAGE="vi")
    assert limited["Retry-After"] == "60"
    assert b'lang="vi"' in limited.content
    assert Scan.objects.filter(stamp=stamp).count() == 5
    assert page(client, stamp, REMOTE_ADDR="192.0.2.10").status_code == 200


def test_stamps_of_one_lot_share_the_lots_part_of_the_page(
    client, issued, settings, django_assert_num_queries
):
    settings.STAMP_SCAN_LOGGING = False
    first, second = issued.stamps[:2]
    page(client, first)
    with django_assert_num_queries(1):  # the stamp itself
        response = page(client, second)
    assert f"(21){second.serial}".encode() in response.content
    assert f"/s/{second.serial}/?lang=en".encode() in response.content
    assert b'id="journey"' in response.content


def test_pin_field_names_the_pin_under_the_scratch_off_layer(client, issued):
    content = page(client, issued.stamps[0]).content.decode()
    assert "Mã PIN dưới lớp cào" in content
    assert "Mã PIN cào" not in content

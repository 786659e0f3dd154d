"""The scratch PIN: the first right PIN claims a stamp, later ones are told when and where;
wrong PINs are counted and lock the stamp, and the address, out."""

import re

import pytest
from django.test import Client

from banso.common import ratelimit
from banso.stamps import limits
from banso.stamps.models import Stamp, StampStatus
from banso.stamps.services.scans import PinOutcome, device_hash, pin_confirm
from banso.stamps.tests.scan_support import point_of, stamps_issue

pytest_plugins = ["banso.stamps.tests.scan_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 10 ** len(pin):0{len(pin)}d}"


def outcome_of(response) -> str:
    found = re.search(rb'id="pin-result" data-outcome="([a-z_]+)"', response.content)
    assert found is not None
    return found.group(1).decode()


def post_pin(client, stamp, pin, *, address="127.0.0.1"):
    return client.post(f"/s/{stamp.serial}/", {"pin": pin}, REMOTE_ADDR=address)


def test_first_right_pin_claims_then_second_device_is_told_when_and_where(issued, muong_khuong):
    stamp = issued.stamps[0]
    buyer, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    buyer.get(f"/s/{stamp.serial}/")
    token = buyer.cookies["csrftoken"].value
    latitude, longitude = point_of(muong_khuong)
    response = buyer.post(
        f"/s/{stamp.serial}/",
        {
            "pin": issued.pin(stamp),
            "latitude": str(latitude),
            "longitude": str(longitude),
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 200
    assert outcome_of(response) == "claimed"
    stamp.refresh_from_db()
    assert stamp.claimed_at is not None
    assert stamp.claimed_unit == muong_khuong

    other.get(f"/s/{stamp.serial}/", HTTP_ACCEPT_LANGUAGE="en")
    response = other.post(
        f"/s/{stamp.serial}/",
        {"pin": issued.pin(stamp), "csrfmiddlewaretoken": other.cookies["csrftoken"].value},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert outcome_of(response) == "already_verified"
    text = response.content.decode()
    assert "Xã Mường Khương, Tỉnh Lào Cai" in text
    day = stamp.claimed_at.astimezone()
    assert f"{day.day} {day:%b} {day.year}" in text  # English dates name the month
    claimed_before = stamp.claimed_at
    stamp.refresh_from_db()
    assert stamp.claimed_at == claimed_before


def test_pin_form_needs_csrf(issued):
    stamp = issued.stamps[0]
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/s/{stamp.serial}/", {"pin": issued.pin(stamp)})
    assert response.status_code == 403
    stamp.refresh_from_db()
    assert stamp.claimed_at is None


def test_wrong_pin_is_counted_and_claims_nothing(client, issued):
    stamp = issued.stamps[0]
    response = post_pin(client, stamp, wrong(issued.pin(stamp)))
    assert response.status_code == 200
    assert outcome_of(response) == "wrong"
    stamp.refresh_from_db()
    assert stamp.claimed_at is None
    subject = str(stamp.pk)
    assert ratelimit.limit_count(limits.PIN_PER_STAMP, subject) == 1


def test_stamp_locks_after_five_wrong_pins_and_then_checks_nothing(client, issued):
    stamp = issued.stamps[0]
    outcomes = [
        outcome_of(post_pin(client, stamp, wrong(issued.pin(stamp)), address=f"192.0.2.{i}"))
        for i in range(5)
    ]
    assert outcomes == ["wrong"] * 4 + ["locked"]
    # Locked: even the right PIN, from another address, is not checked.
    response = post_pin(client, stamp, issued.pin(stamp), address="192.0.2.200")
    assert response.status_code == 429
    assert outcome_of(response) == "locked"
    stamp.refresh_from_db()
    assert stamp.claimed_at is None
    # Other stamps are not locked.
    other = issued.stamps[1]
    assert outcome_of(post_pin(client, other, issued.pin(other))) == "claimed"


def test_address_locks_after_twenty_wrong_pins_across_stamps(client, product, lot):
    many = stamps_issue(product, lot=lot, quantity=6)
    outcomes = []
    for index in range(20):
        stamp = many.stamps[index % 6]
        response = post_pin(client, stamp, wrong(many.pin(stamp)), address="198.51.100.5")
        outcomes.append(outcome_of(response))
    assert outcomes[:19] == ["wrong"] * 19
    assert outcomes[19] == "locked"
    fresh = stamps_issue(product, lot=lot, quantity=1)
    stamp = fresh.stamps[0]
    response = post_pin(client, stamp, fresh.pin(stamp), address="198.51.100.5")
    assert outcome_of(response) == "locked"
    assert Stamp.objects.get(pk=stamp.pk).claimed_at is None
    # The same stamp from another address is still checked.
    response = post_pin(client, stamp, fresh.pin(stamp), address="198.51.100.6")
    assert outcome_of(response) == "claimed"


def test_lock_ends_when_the_cache_forgets_it(issued):
    stamp = issued.stamps[0]
    for _ in range(5):
        pin_confirm(stamp=stamp, pin="000000", ip_hash="a" * 64, device_hash="d")
    assert pin_confirm(stamp=stamp, pin=issued.pin(stamp), ip_hash="b" * 64, device_hash="d") == (
        pin_confirm(stamp=stamp, pin="000000", ip_hash="b" * 64, device_hash="d")
    )
    ratelimit.limit_reset(limits.PIN_PER_STAMP, str(stamp.pk))
    result = pin_confirm(stamp=stamp, pin=issued.pin(stamp), ip_hash="b" * 64, device_hash="d")
    assert result.outcome == PinOutcome.CLAIMED


@pytest.mark.parametrize("status", [StampStatus.PRINTED, StampStatus.VOIDED])
def test_a_stamp_that_is_not_genuine_cannot_be_claimed(product, lot, status):
    issued = stamps_issue(product, lot=lot, run_lot=lot, status=status)
    stamp = issued.stamps[0]
    result = pin_confirm(
        stamp=stamp, pin=issued.pin(stamp), ip_hash="c" * 64, device_hash=device_hash("x" * 20)
    )
    assert result.outcome == PinOutcome.UNAVAILABLE
    assert Stamp.objects.get(pk=stamp.pk).claimed_at is None


def test_malformed_pins_count_as_wrong(issued):
    stamp = issued.stamps[0]
    for pin in ("", "12", "abcdef", "1234567890"):
        result = pin_confirm(stamp=stamp, pin=pin, ip_hash="e" * 64, device_hash="d")
        assert result.outcome == PinOutcome.WRONG
    assert (
        pin_confirm(
            stamp=stamp,
            pin=issued.pin(stamp)[:3] + " " + issued.pin(stamp)[3:],
            ip_hash="e" * 64,
            device_hash="d",
        ).outcome
        == PinOutcome.CLAIMED
    )

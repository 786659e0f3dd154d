"""The forgery test: 100,000 made-up serials and 100,000 PIN guesses against a run of real
stamps. No serial resolves, no PIN confirms, and the lockout stops the guessing early."""

import random
import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banso.common import ratelimit
from banso.stamps import limits
from banso.stamps.models import Stamp
from banso.stamps.provider import provider
from banso.stamps.serials import SERIAL_ALPHABET, SERIAL_LENGTH
from banso.stamps.services.scans import PinOutcome, pin_confirm
from banso.stamps.tests.scan_support import stamps_issue
from banso.trace.resolver import DigitalLink

pytest_plugins = ["banso.stamps.tests.scan_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

GUESSES = 100_000
RUN_SIZE = 40


def random_serial() -> str:
    return "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_LENGTH))


@pytest.fixture
def real(product, lot):
    return stamps_issue(product, lot=lot, quantity=RUN_SIZE, pin_length=8)


def test_random_serials_never_resolve_and_rarely_reach_the_database(product, lot, real):
    real_serials = set(real.pins)
    guesses = [random_serial() for _ in range(GUESSES)]
    assert not real_serials & set(guesses)
    with CaptureQueriesContext(connection) as queries:
        known = [
            serial
            for serial in guesses
            if provider.knows_serial(product=product, lot=lot, serial=serial)
            or provider.knows_serial(product=product, lot=None, serial=serial)
        ]
    assert known == []
    # The keyed tag turns away all but about one guess in 1,024 before any query.
    assert len(queries.captured_queries) < GUESSES / 1024 * 2 * 2


def test_random_serials_over_http_are_404_then_rate_limited(client, product, lot, real):
    statuses = []
    for serial in (random_serial() for _ in range(150)):
        statuses.append(client.get(f"/s/{serial}/").status_code)
        link = DigitalLink(gtin=product.gtin, lot=lot.code, serial=serial)
        assert client.get(link.path).status_code == 404
    # 120 a minute from one address, then refused before any lookup.
    assert set(statuses[:120]) == {404}
    assert set(statuses[120:]) == {429}


def test_pin_guesses_never_confirm_and_the_lockout_engages(real):
    generator = random.Random(20251201)
    stamps = real.stamps
    outcomes = {outcome: 0 for outcome in PinOutcome}
    for index in range(GUESSES):
        stamp = stamps[index % RUN_SIZE]
        guess = f"{generator.randrange(10**8):08d}"
        # Each guess from its own address: only the per-stamp lock stands in the way.
        result = pin_confirm(stamp=stamp, pin=guess, ip_hash=f"{index:064x}", device_hash="forger")
        outcomes[result.outcome] += 1
    assert outcomes[PinOutcome.CLAIMED] == 0
    assert outcomes[PinOutcome.ALREADY_VERIFIED] == 0
    # Four wrong answers per stamp, the fifth locks it; every later guess is never checked.
    assert outcomes[PinOutcome.WRONG] == 4 * RUN_SIZE
    assert outcomes[PinOutcome.LOCKED] == GUESSES - 4 * RUN_SIZE
    assert not Stamp.objects.filter(pk__in=[s.pk for s in stamps], claimed_at__isnull=False)
    for stamp in stamps:
        assert ratelimit.limit_exceeded(limits.PIN_PER_STAMP, str(stamp.pk))
    # Locked means locked: the right PIN is not accepted either.
    stamp = stamps[0]
    result = pin_confirm(stamp=stamp, pin=real.pin(stamp), ip_hash="f" * 64, device_hash="owner")
    assert result.outcome == PinOutcome.LOCKED


def test_pin_guesses_over_http_lock_the_stamp_and_the_address(client, real):
    stamp = real.stamps[0]
    statuses = []
    for index in range(12):
        response = client.post(
            f"/s/{stamp.serial}/", {"pin": f"{index:08d}"}, REMOTE_ADDR="203.0.113.50"
        )
        statuses.append(response.status_code)
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    assert Stamp.objects.get(pk=stamp.pk).claimed_at is None
    # The same address guessing across the run is stopped after 20 wrong PINs.
    outcomes = []
    for index, other in enumerate(real.stamps[1:25]):
        response = client.post(
            f"/s/{other.serial}/", {"pin": f"{index:08d}"}, REMOTE_ADDR="203.0.113.51"
        )
        outcomes.append(response.status_code)
    assert outcomes[:19] == [200] * 19
    assert set(outcomes[19:]) == {429}

"""Rate limits that hold: one count shared by every gunicorn worker, kept when a worker dies,
atomic under concurrent hits, and keyed on the client's address as the trusted proxies saw it."""

import http.client
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.test import RequestFactory

from banso.common import ratelimit
from banso.common.client_identity import client_address
from banso.common.ratelimit import Limit, limit_count, limit_exceeded, limit_hit, limit_reset

SCAN_LIMIT = 10
REQUESTS = 32


def _stores(tmp_path: Path) -> list[str]:
    stores = [str(tmp_path / "counters.sqlite3")]
    if os.environ.get("BANSO_CACHE_URL", "").startswith("redis://"):
        stores.append(os.environ["BANSO_CACHE_URL"])
    return stores


# The store ----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_window_counts_hits_then_starts_again(backend, settings, tmp_path):
    stores = dict(zip(["sqlite", "redis"], _stores(tmp_path), strict=False))
    if backend not in stores:
        pytest.skip("BANSO_CACHE_URL names no Redis")
    settings.RATE_LIMIT_STORE = stores[backend]
    limit = Limit(f"test-window-{time.time_ns()}", count=3, window_seconds=1)
    assert [limit_hit(limit, "a") for _ in range(4)] == [1, 2, 3, 4]
    assert limit_exceeded(limit, "a") and not limit_exceeded(limit, "b")
    time.sleep(1.1)
    assert limit_count(limit, "a") == 0 and not limit_exceeded(limit, "a")
    assert limit_hit(limit, "a") == 1
    limit_reset(limit, "a")
    assert limit_count(limit, "a") == 0


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_lockout_outlives_the_window_and_only_grows(backend, settings, tmp_path):
    stores = dict(zip(["sqlite", "redis"], _stores(tmp_path), strict=False))
    if backend not in stores:
        pytest.skip("BANSO_CACHE_URL names no Redis")
    settings.RATE_LIMIT_STORE = stores[backend]
    limit = Limit(f"test-lock-{time.time_ns()}", count=2, window_seconds=1, lockout_seconds=60)
    limit_hit(limit, "a")
    assert not limit_exceeded(limit, "a")
    limit_hit(limit, "a")
    time.sleep(1.1)
    assert limit_exceeded(limit, "a")
    assert 58 < ratelimit.limit_locked_seconds(limit, "a") <= 60
    ratelimit.limit_lock(limit, "a", seconds=5)  # a shorter lock leaves the longer one
    assert ratelimit.limit_locked_seconds(limit, "a") > 58
    ratelimit.limit_lock(limit, "a", seconds=600)
    assert ratelimit.limit_locked_seconds(limit, "a") > 590


def test_concurrent_hits_from_many_threads_lose_no_count(settings, tmp_path):
    """Each thread has its own connection to the file, as each worker process has."""
    settings.RATE_LIMIT_STORE = str(tmp_path / "counters.sqlite3")
    limit = Limit("test-concurrent", count=10_000, window_seconds=60)
    with ThreadPoolExecutor(8) as pool:
        hits = list(pool.map(lambda _: limit_hit(limit, "x"), range(400)))
    assert sorted(hits) == list(range(1, 401))
    assert limit_count(limit, "x") == 400


# Two gunicorn workers -----------------------------------------------------------------------


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    """One request over a connection of its own, as separate phones would send them."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_two_gunicorn_workers_enforce_one_limit_and_a_killed_worker_forgets_nothing(backend):
    """Stamp pages from one address: ``SCAN_LIMIT`` a minute in all, whichever of the two
    workers answers, and still after every worker has been killed and started again.

    Requests go four at a time over fresh connections, so that both sync workers answer
    some. The limit is counted before the stamp is looked up, so an unknown serial counts
    (404) like a real one."""
    from bench.server import served_site

    site_settings = {"BANSO_STAMP_SCAN_RATE_PER_MINUTE": str(SCAN_LIMIT)}
    if backend == "redis":
        url = os.environ.get("BANSO_CACHE_URL", "")
        if not url.startswith("redis://"):
            pytest.skip("BANSO_CACHE_URL names no Redis")
        site_settings["BANSO_CACHE_URL"] = url
    with served_site(workers=2, seed=False, settings=site_settings) as site:
        path = "/s/ABCDEFGHJKMNPQRST/"
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda _: _get(site.port, path), range(REQUESTS)))
        assert statuses.count(404) == SCAN_LIMIT
        assert statuses.count(429) == REQUESTS - SCAN_LIMIT

        master = site.pid
        workers = _workers_of(master)
        assert len(workers) == 2
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            alive = [pid for pid in _workers_of(master) if pid not in workers]
            if len(alive) == 2:
                break
            time.sleep(0.2)
        assert len(alive) == 2, "gunicorn did not start new workers"
        statuses = [_get(site.port, path) for _ in range(4)]
        assert statuses == [429] * 4


# The client's address -----------------------------------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_proxies_the_client_is_the_nth_address_from_the_right(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(_request("10.0.0.2", "198.51.100.9")) == "198.51.100.9"
    # Whatever the client wrote itself stands further left and changes nothing.
    assert client_address(_request("10.0.0.2", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"
    settings.TRUSTED_PROXIES = 2
    assert client_address(_request("10.0.0.3", "6.6.6.6, 198.51.100.9, 10.0.0.2")) == (
        "198.51.100.9"
    )
    assert client_address(_request("10.0.0.3", " 2001:db8::1 ,10.0.0.2")) == "2001:db8::1"


def test_a_forwarded_header_shorter_than_the_proxies_or_not_an_address_is_not_believed(
    settings,
):
    settings.TRUSTED_PROXIES = 2
    assert client_address(_request("10.0.0.3", "198.51.100.9")) == "10.0.0.3"
    assert client_address(_request("10.0.0.3")) == "10.0.0.3"
    assert client_address(_request("10.0.0.3", "not-an-address, 10.0.0.2")) == "10.0.0.3"


def _scan_statuses(client, *, remote: str, forwarded: str, count: int) -> list[int]:
    return [
        client.get(
            "/s/ABCDEFGHJKMNPQRST/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code
        for _ in range(count)
    ]


@pytest.mark.django_db
def test_the_scan_limit_counts_each_client_behind_the_proxy_apart(client, settings):
    """Behind one proxy every request comes from the proxy's address: the limit must count
    the address the proxy saw, and a client cannot escape it by writing its own header."""
    settings.TRUSTED_PROXIES = 1
    settings.STAMP_SCAN_RATE_PER_MINUTE = 3
    proxy = "10.0.0.2"
    first = _scan_statuses(client, remote=proxy, forwarded="198.51.100.1", count=4)
    assert first == [404, 404, 404, 429]
    # The same client pretending to forward for others is still itself.
    spoofed = _scan_statuses(client, remote=proxy, forwarded="6.6.6.6, 198.51.100.1", count=1)
    assert spoofed == [429]
    # Another client behind the same proxy has its own count.
    assert _scan_statuses(client, remote=proxy, forwarded="198.51.100.2", count=3) == [404] * 3


@pytest.mark.django_db
def test_without_proxies_a_spoofed_forwarded_header_does_not_escape_the_limit(client, settings):
    settings.TRUSTED_PROXIES = 0
    settings.STAMP_SCAN_RATE_PER_MINUTE = 3
    statuses = [
        _scan_statuses(client, remote="203.0.113.5", forwarded=f"198.51.100.{n}", count=1)[0]
        for n in range(5)
    ]
    assert statuses == [404, 404, 404, 429, 429]

"""Counters in Django's cache that limit how fast anyone may try PINs or open stamp pages.

A limit counts hits on one subject (a stamp, a hashed address) in a window that starts at the
subject's first hit: the counter is made with ``cache.add`` and the window's timeout, then
raised with ``cache.incr``, which keeps the timeout in both the local-memory cache and Redis,
and is atomic in Redis. A limit with a lockout, once reached, sets a lock that outlives the
window: while it stands nothing is checked, whatever is tried.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """``count`` hits per ``window_seconds``; reaching it locks for ``lockout_seconds`` (0: the
    subject is refused only until its window ends)."""

    name: str
    count: int
    window_seconds: int
    lockout_seconds: int = 0

    def counter_key(self, subject: str) -> str:
        return f"stamps:rate:{self.name}:{subject}"

    def lock_key(self, subject: str) -> str:
        return f"stamps:lock:{self.name}:{subject}"


HOUR = 3600
PIN_PER_STAMP = Limit("pin-stamp", count=5, window_seconds=HOUR, lockout_seconds=HOUR)
PIN_PER_ADDRESS = Limit("pin-address", count=20, window_seconds=HOUR, lockout_seconds=HOUR)


def scan_limit() -> Limit:
    return Limit("scan-address", count=settings.STAMP_SCAN_RATE_PER_MINUTE, window_seconds=60)


def limit_hit(limit: Limit, subject: str) -> int:
    """Count one hit; the number of hits in the current window. Reaching the limit sets the
    lock when the limit has one."""
    key = limit.counter_key(subject)
    cache.add(key, 0, timeout=limit.window_seconds)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.add(key, 1, timeout=limit.window_seconds)
        hits = 1
    if limit.lockout_seconds and hits >= limit.count:
        cache.set(limit.lock_key(subject), True, timeout=limit.lockout_seconds)
    return hits


def limit_exceeded(limit: Limit, subject: str) -> bool:
    """Whether ``subject`` is refused now: locked out, or at its count in this window."""
    if limit.lockout_seconds:
        return bool(cache.get(limit.lock_key(subject)))
    return (cache.get(limit.counter_key(subject)) or 0) >= limit.count


def limit_reset(limit: Limit, subject: str) -> None:
    cache.delete_many([limit.counter_key(subject), limit.lock_key(subject)])

"""Rate limits every app can use: counters of hits on a subject (a stamp, an account, a hashed
address) in a window, and locks that outlive it.

A limit counts hits on one subject in a window that starts at the subject's first hit; the
count goes back to zero when the window ends. A limit with a lockout, once reached, sets a lock
that outlives the window: while it stands, whatever is tried is refused unchecked.

The counters are shared by every process of the site, so that two gunicorn workers enforce one
limit, not one each, and a worker that is killed forgets nothing. Where they live
(``RATE_LIMIT_STORE``):

- **Redis** when the cache is Redis (``BANSO_CACHE_URL``): every hit is one Lua script, atomic
  on the server (``INCR``, and ``PEXPIRE`` on the hit that opens the window, so no counter is
  ever left without an expiry).
- Otherwise **a small SQLite file of their own** (``ratelimit.sqlite3`` under
  ``BANSO_VAR_DIR``): every hit is one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``,
  atomic across processes because SQLite runs one write at a time. The file is not the main
  database, so a scan never waits for the main database's write lock (an import holding it, a
  checkout), and the main database never waits for a scan. The counters are kept with
  ``synchronous=OFF``: a power cut may forget the last hits, which a limit can afford, and a
  hit costs no disk flush.

Django's cache was the store before: its local-memory backend is private to each process, so
every limit was multiplied by the number of workers. Its database backend's ``incr`` is a read
and a write that two workers can interleave, and its file backend likewise; neither is atomic.
"""

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings


@dataclass(frozen=True)
class Limit:
    """``count`` hits per ``window_seconds``; reaching it locks for ``lockout_seconds`` (0: the
    subject is refused only until its window ends)."""

    name: str
    count: int
    window_seconds: int
    lockout_seconds: int = 0

    def counter_key(self, subject: str) -> str:
        return f"rate:{self.name}:{subject}"

    def lock_key(self, subject: str) -> str:
        return f"lock:{self.name}:{subject}"


class CounterStore(Protocol):
    def hit(self, key: str, window_seconds: int) -> int: ...
    def count(self, key: str) -> int: ...
    def lock(self, key: str, seconds: float) -> None: ...
    def lock_remaining(self, key: str) -> float: ...
    def delete(self, keys: list[str]) -> None: ...
    def clear(self) -> None: ...


class SqliteCounters:
    """Counters and locks in one table of a SQLite file: a row per key with its hits and the
    time (Unix seconds) it expires; a lock is a row whose expiry is the end of the lock."""

    PURGE_EVERY = 1000  # hits of one connection between two deletions of expired rows

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():  # a connection never crosses a fork
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA busy_timeout=10000")
            self._retry_busy(lambda: connection.execute("PRAGMA journal_mode=WAL"))
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS counter ("
                " key TEXT PRIMARY KEY, hits INTEGER NOT NULL, expires REAL NOT NULL"
                ") WITHOUT ROWID"
            )
            local.connection, local.pid, local.hits = connection, os.getpid(), 0
        return local.connection

    @staticmethod
    def _retry_busy(statement) -> None:
        # Switching a new file to WAL needs it alone for a moment: when two workers open it at
        # once, the second may be told it is busy without waiting.
        for attempt in range(50):
            try:
                statement()
                return
            except sqlite3.OperationalError:
                if attempt == 49:
                    raise
                time.sleep(0.02)

    def hit(self, key: str, window_seconds: int) -> int:
        connection = self._connection()
        now = time.time()
        (hits,) = connection.execute(
            "INSERT INTO counter (key, hits, expires) VALUES (?1, 1, ?2 + ?3)"
            " ON CONFLICT (key) DO UPDATE SET"
            " hits = CASE WHEN counter.expires <= ?2 THEN 1 ELSE counter.hits + 1 END,"
            " expires = CASE WHEN counter.expires <= ?2 THEN ?2 + ?3 ELSE counter.expires END"
            " RETURNING hits",
            (key, now, window_seconds),
        ).fetchone()
        self._local.hits += 1
        if self._local.hits % self.PURGE_EVERY == 0:
            connection.execute("DELETE FROM counter WHERE expires <= ?", (now,))
        return hits

    def count(self, key: str) -> int:
        row = (
            self._connection()
            .execute("SELECT hits FROM counter WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return row[0] if row else 0

    def lock(self, key: str, seconds: float) -> None:
        now = time.time()
        self._connection().execute(
            "INSERT INTO counter (key, hits, expires) VALUES (?1, 1, ?2)"
            " ON CONFLICT (key) DO UPDATE SET hits = 1, expires = max(counter.expires, ?2)",
            (key, now + seconds),
        )

    def lock_remaining(self, key: str) -> float:
        row = (
            self._connection()
            .execute("SELECT expires FROM counter WHERE key = ?", (key,))
            .fetchone()
        )
        return max(0.0, row[0] - time.time()) if row else 0.0

    def delete(self, keys: list[str]) -> None:
        self._connection().executemany("DELETE FROM counter WHERE key = ?", [(k,) for k in keys])

    def clear(self) -> None:
        self._connection().execute("DELETE FROM counter")


_REDIS_HIT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return hits
"""
_REDIS_LOCK = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], 1, 'PX', ARGV[1])
end
"""


class RedisCounters:
    """Counters and locks as Redis keys with an expiry, under ``banso:`` like the cache's."""

    PREFIX = "banso:"

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self._hit = self.client.register_script(_REDIS_HIT)
        self._lock = self.client.register_script(_REDIS_LOCK)

    def hit(self, key: str, window_seconds: int) -> int:
        return int(self._hit(keys=[self.PREFIX + key], args=[window_seconds * 1000]))

    def count(self, key: str) -> int:
        value = self.client.get(self.PREFIX + key)
        return int(value) if value is not None else 0

    def lock(self, key: str, seconds: float) -> None:
        self._lock(keys=[self.PREFIX + key], args=[max(1, int(seconds * 1000))])

    def lock_remaining(self, key: str) -> float:
        milliseconds = self.client.pttl(self.PREFIX + key)
        return milliseconds / 1000 if milliseconds > 0 else 0.0

    def delete(self, keys: list[str]) -> None:
        if keys:
            self.client.delete(*(self.PREFIX + key for key in keys))

    def clear(self) -> None:
        for prefix in ("rate:", "lock:"):
            keys = list(self.client.scan_iter(f"{self.PREFIX}{prefix}*", count=1000))
            if keys:
                self.client.delete(*keys)


_stores: dict[str, CounterStore] = {}


def counter_store() -> CounterStore:
    """The store ``RATE_LIMIT_STORE`` names: a ``redis://`` address, or a SQLite file's path."""
    location = settings.RATE_LIMIT_STORE
    store = _stores.get(location)
    if store is None:
        if location.startswith(("redis://", "rediss://")):
            store = RedisCounters(location)
        else:
            store = SqliteCounters(location)
        store = _stores.setdefault(location, store)
    return store


def limit_hit(limit: Limit, subject: str) -> int:
    """Count one hit; the number of hits in the current window. Reaching the limit sets the
    lock when the limit has one."""
    store = counter_store()
    hits = store.hit(limit.counter_key(subject), limit.window_seconds)
    if limit.lockout_seconds and hits >= limit.count:
        store.lock(limit.lock_key(subject), limit.lockout_seconds)
    return hits


def limit_count(limit: Limit, subject: str) -> int:
    """The hits counted on ``subject`` in its current window."""
    return counter_store().count(limit.counter_key(subject))


def limit_exceeded(limit: Limit, subject: str) -> bool:
    """Whether ``subject`` is refused now: locked out, or at its count in this window."""
    if limit.lockout_seconds:
        return limit_locked_seconds(limit, subject) > 0
    return limit_count(limit, subject) >= limit.count


def limit_lock(limit: Limit, subject: str, *, seconds: float) -> None:
    """Lock ``subject`` for at least ``seconds`` (a lock that ends later is kept)."""
    counter_store().lock(limit.lock_key(subject), seconds)


def limit_locked_seconds(limit: Limit, subject: str) -> float:
    """How long ``subject``'s lock still stands (0: not locked)."""
    return counter_store().lock_remaining(limit.lock_key(subject))


def limit_reset(limit: Limit, subject: str) -> None:
    counter_store().delete([limit.counter_key(subject), limit.lock_key(subject)])


def rate_counters_clear() -> None:
    """Forget every counter and lock (tests start from none)."""
    counter_store().clear()

"""The numbers that tell a polling speaker whether its playlist or its emergencies changed.

Each commune has a ``ScheduleVersion`` row, raised by every write that changes what its
speakers play (``services.freshness.schedule_changed``). A poll reads the commune's numbers
from the cache and makes its ETag of them, so an unchanged poll answers 304 without a query.

The database holds the numbers; the cache keeps a copy for ``CACHE_SECONDS``, and the
writer forgets the copy once its transaction commits. With a shared cache (Redis) every
process sees a change at once; with the default local-memory cache, each process of the
site keeps its own copy, and another process sees the change within ``CACHE_SECONDS``
(``EMERGENCY_CACHE_SECONDS`` for emergencies).

A speaker's emergencies also change with no write: when an approved emergency's validity
begins or ends. ``emergency_moments`` gives the last such moment and the next, for all
emergencies at once (they are few), so an emergency poll's ETag changes exactly then;
``bulletin_moments`` does the same for all bulletins (the public feed's key).
"""

import datetime
import math
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Q

from banso.broadcast.models import Bulletin, BulletinState, Priority, ScheduleVersion

CACHE_SECONDS = 5
EMERGENCY_CACHE_SECONDS = 1
EMERGENCY_MOMENTS_KEY = "broadcast:emergency:moments"
BULLETIN_MOMENTS_KEY = "broadcast:bulletin:moments"
# Emergencies that ended longer ago than this no longer count for the last moment.
MOMENTS_LOOKBACK = datetime.timedelta(days=1)


def schedule_version_key(commune_id: int) -> str:
    return f"broadcast:schedule:{commune_id}"


def emergency_version_key(commune_id: int) -> str:
    return f"broadcast:emergency:{commune_id}"


def _numbers(commune_id: int) -> tuple[int, int]:
    row = (
        ScheduleVersion.objects.filter(pk=commune_id)
        .values_list("number", "emergency_number")
        .first()
    )
    return (row[0], row[1]) if row else (0, 0)


def schedule_version(commune_id: int) -> int:
    """How many times what the commune's speakers play has changed."""
    key = schedule_version_key(commune_id)
    number = cache.get(key)
    if number is None:
        number = _numbers(commune_id)[0]
        cache.set(key, number, CACHE_SECONDS)
    return number


def emergency_version(commune_id: int) -> int:
    """How many times the commune's emergencies have changed."""
    key = emergency_version_key(commune_id)
    number = cache.get(key)
    if number is None:
        number = _numbers(commune_id)[1]
        cache.set(key, number, EMERGENCY_CACHE_SECONDS)
    return number


def emergency_moments(now: datetime.datetime) -> tuple[int, int | None]:
    """The last moment (Unix seconds) at or before ``now`` when an approved emergency's
    validity began or ended, 0 when none did, and the next such moment (None: none planned).
    Kept in the cache until the next moment, ``EMERGENCY_CACHE_SECONDS`` at most."""
    return _moments(
        EMERGENCY_MOMENTS_KEY,
        Q(priority=Priority.EMERGENCY),
        now,
        EMERGENCY_CACHE_SECONDS,
    )


def bulletin_moments(now: datetime.datetime) -> tuple[int, int | None]:
    """:func:`emergency_moments` for all approved bulletins, ``CACHE_SECONDS`` at most."""
    return _moments(BULLETIN_MOMENTS_KEY, Q(), now, CACHE_SECONDS)


def _moments(
    key: str, bulletins: Q, now: datetime.datetime, seconds: int
) -> tuple[int, int | None]:
    found = _moments_current(cache.get(key), now)
    if found is not None:
        return found
    moments: set[int] = set()
    for valid_from, valid_until in Bulletin.objects.filter(
        bulletins,
        state=BulletinState.APPROVED,
        valid_until__gt=now - MOMENTS_LOOKBACK,
    ).values_list("valid_from", "valid_until"):
        # Whole seconds, rounded up: at the moment counted, the change has happened.
        moments.update((math.ceil(valid_from.timestamp()), math.ceil(valid_until.timestamp())))
    moment = int(now.timestamp())
    last = max((m for m in moments if m <= moment), default=0)
    following = min((m for m in moments if m > moment), default=None)
    cache.set(key, (last, following), seconds)
    return last, following


def _moments_current(found, now: datetime.datetime) -> tuple[int, int | None] | None:
    """``found`` (the cached moments) while they still hold at ``now``, else None."""
    if found is None:
        return None
    _last, following = found
    if following is not None and now.timestamp() >= following:
        return None
    return found


def emergency_state(commune_id: int, now: datetime.datetime) -> tuple[int, int]:
    """What the commune's emergency lists depend on at ``now``: its emergency number and the
    last moment an emergency began or ended. Equal states, equal lists."""
    return emergency_version(commune_id), emergency_moments(now)[0]


def emergency_states_cached(
    commune_ids: Iterable[int], now: datetime.datetime
) -> dict[int, tuple[int, int] | None]:
    """:func:`emergency_state` of each commune from the cache alone, in one read: None for a
    commune whose state the cache does not hold (then no query is made)."""
    keys = {emergency_version_key(commune_id): commune_id for commune_id in commune_ids}
    found = cache.get_many([*keys, EMERGENCY_MOMENTS_KEY])
    moments = _moments_current(found.get(EMERGENCY_MOMENTS_KEY), now)
    states: dict[int, tuple[int, int] | None] = {}
    for key, commune_id in keys.items():
        number = found.get(key)
        states[commune_id] = None if number is None or moments is None else (number, moments[0])
    return states

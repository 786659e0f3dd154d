"""A circuit breaker for the translation engine, shared by every process through the cache.

When the engine is down, each translation task would otherwise wait for its timeouts and
retries, and all the workers would keep knocking at a server that is trying to restart. After
``TRANSLATION_CIRCUIT_FAILURES`` failed calls in a row the circuit opens: for
``TRANSLATION_CIRCUIT_COOLDOWN_SECONDS`` no process calls the engine at all. Then one process
(whichever adds the trial key first) makes a trial call: success closes the circuit, failure
opens it for another cool-down.

The state lives in Django's cache (local memory in the embedded mode, Redis with many
machines), so the workers of every machine agree on it. A cache that loses the keys only
closes the circuit early: the next failures open it again.
"""

import time

from django.conf import settings
from django.core.cache import cache

# Keys outlive any cool-down so that the half-open trial, not an expiry, closes the circuit.
STATE_SECONDS = 24 * 3600


class CircuitBreaker:
    def __init__(self, name: str) -> None:
        prefix = f"lingo:circuit:{name}:"
        self.failures_key = prefix + "failures"
        self.open_until_key = prefix + "open-until"
        self.trial_key = prefix + "trial"

    @property
    def threshold(self) -> int:
        return max(1, int(settings.TRANSLATION_CIRCUIT_FAILURES))

    @property
    def cooldown(self) -> float:
        return float(settings.TRANSLATION_CIRCUIT_COOLDOWN_SECONDS)

    def allows_call(self) -> bool:
        """Whether this process may call the engine now: the circuit is closed, or its
        cool-down has passed and no other process holds the trial."""
        open_until = cache.get(self.open_until_key)
        if open_until is None:
            return True
        if time.time() < open_until:
            return False
        # Half-open: one trial call. The trial key expires, so a process that died during its
        # trial does not keep the circuit open for ever.
        return cache.add(self.trial_key, 1, timeout=max(1, int(self.cooldown) + 1))

    def record_success(self) -> None:
        cache.delete_many([self.failures_key, self.open_until_key, self.trial_key])

    def record_failure(self) -> None:
        cache.add(self.failures_key, 0, timeout=STATE_SECONDS)
        try:
            failures = cache.incr(self.failures_key)
        except ValueError:  # expired between add and incr
            cache.set(self.failures_key, 1, timeout=STATE_SECONDS)
            failures = 1
        half_open = cache.get(self.open_until_key) is not None
        if half_open or failures >= self.threshold:
            cache.set(self.open_until_key, time.time() + self.cooldown, timeout=STATE_SECONDS)
            cache.delete(self.trial_key)

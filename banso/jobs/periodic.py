"""Work the task worker does on a clock, registered by the apps that own it.

An app calls :func:`periodic_register` from its ``AppConfig.ready()``; ``manage.py worker`` runs
every registered check once when it starts, then each again once its interval has passed, in a
thread beside django-tasks' worker. A check should be quick (a query, a task enqueued): the
work itself belongs in a task. A check that fails is logged and tried again with backoff
(sooner than its interval when that is long: a locked database or a lost connection usually
passes in seconds); it never stops the worker or the other checks.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from banso.jobs.backoff import backoff_seconds

logger = logging.getLogger(__name__)


@dataclass
class Periodic:
    name: str
    every_seconds: float
    function: Callable[[], object]
    last_run: float | None = field(default=None, compare=False)
    # Failures in a row, and when the next try is due after the last of them.
    failures: int = field(default=0, compare=False)
    retry_at: float | None = field(default=None, compare=False)

    def due_at(self) -> float:
        if self.last_run is None:
            return float("-inf")
        if self.retry_at is not None:
            return self.retry_at
        return self.last_run + self.every_seconds


_registry: dict[str, Periodic] = {}


def periodic_register(*, name: str, every_seconds: float, function: Callable[[], object]) -> None:
    """Run ``function`` every ``every_seconds`` in the worker (registering a name again replaces
    it). An interval of 0 or less turns the check off."""
    if every_seconds <= 0:
        _registry.pop(name, None)
        return
    _registry[name] = Periodic(name=name, every_seconds=every_seconds, function=function)


def periodic_unregister(name: str) -> None:
    _registry.pop(name, None)


def periodic_run_due(*, now: float | None = None) -> list[str]:
    """Run every check that is due (all of them the first time); returns the names of those
    that ran without error."""
    now = time.monotonic() if now is None else now
    ran = []
    for periodic in list(_registry.values()):
        if now < periodic.due_at():
            continue
        periodic.last_run = now
        try:
            periodic.function()
        except Exception as error:
            periodic.failures += 1
            wait = min(periodic.every_seconds, backoff_seconds(periodic.failures))
            periodic.retry_at = now + wait
            logger.exception(
                "periodic check %s failed",
                periodic.name,
                extra={
                    "event": "periodic_check_failed",
                    "check": periodic.name,
                    "error": repr(error),
                    "failures": periodic.failures,
                    "retry_in_seconds": round(wait, 2),
                },
            )
        else:
            periodic.failures = 0
            periodic.retry_at = None
            ran.append(periodic.name)
    return ran


def periodic_next_in(*, now: float | None = None) -> float:
    """Seconds until the next check is due (0 when one is due now; 60 with none registered)."""
    now = time.monotonic() if now is None else now
    return min((max(0.0, p.due_at() - now) for p in _registry.values()), default=60.0)

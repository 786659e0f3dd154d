"""Work the task worker does on a clock, registered by the apps that own it.

An app calls :func:`periodic_register` from its ``AppConfig.ready()``; ``manage.py worker`` runs
every registered check once when it starts, then each again once its interval has passed, in a
thread beside django-tasks' worker. A check should be quick (a query, a task enqueued): the
work itself belongs in a task. A check that fails is logged and tried again at its next turn; it
never stops the worker or the other checks.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass
class Periodic:
    name: str
    every_seconds: float
    function: Callable[[], object]
    last_run: float | None = field(default=None, compare=False)


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
    """Run every check whose interval has passed (all of them the first time); returns the
    names of those that ran without error."""
    now = time.monotonic() if now is None else now
    ran = []
    for periodic in list(_registry.values()):
        if periodic.last_run is not None and now - periodic.last_run < periodic.every_seconds:
            continue
        periodic.last_run = now
        try:
            periodic.function()
        except Exception:
            logger.exception("periodic check %s failed", periodic.name)
        else:
            ran.append(periodic.name)
    return ran


def periodic_next_in(*, now: float | None = None) -> float:
    """Seconds until the next check is due (0 when one is due now; 60 with none registered)."""
    now = time.monotonic() if now is None else now
    waits = [
        0.0 if p.last_run is None else max(0.0, p.last_run + p.every_seconds - now)
        for p in _registry.values()
    ]
    return min(waits, default=60.0)

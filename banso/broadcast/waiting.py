"""Held emergency polls: the request threads of a process wait here for their commune's
emergencies to change, without looking themselves.

A thousand speakers holding their poll in one process would otherwise each wake every
fraction of a second to read the commune's number, thousands of looks a second for nothing,
and all of them contending for the interpreter. Here each held request sleeps on an event of
its own; one thread of the process looks at the numbers of the communes being waited for,
all at once (one read of the cache), every ``STEP_SECONDS``, and wakes the requests whose
commune's state differs from the one they hold.

The watching thread reads the cache only. When a commune's state is not there (it expired,
or a write forgot it), it wakes one of that commune's requests, which reads it again in its
own thread, with its own database connection, and waits again if nothing changed.
"""

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Mapping

logger = logging.getLogger(__name__)

STEP_SECONDS = 0.25

# The communes' states as the cache has them: commune id → state, None when not there.
Look = Callable[[Iterable[int]], Mapping[int, Hashable | None]]


class _Waiter:
    __slots__ = ("event", "seen")

    def __init__(self, seen: Hashable) -> None:
        self.seen = seen
        self.event = threading.Event()


class StateWatch:
    """Requests wait (:meth:`wait`) until their commune's state, as ``look`` reads it, is no
    longer the one they saw; one daemon thread per process looks for all of them."""

    def __init__(self, look: Look, step: float = STEP_SECONDS) -> None:
        self._look = look
        self._step = step
        self._lock = threading.Lock()
        self._waiting: dict[int, list[_Waiter]] = {}
        self._thread: threading.Thread | None = None

    def wait(self, commune_id: int, seen: Hashable, seconds: float) -> None:
        """Return when the commune's state may differ from ``seen``, or after ``seconds``:
        the caller reads the state again either way."""
        waiter = _Waiter(seen)
        with self._lock:
            self._waiting.setdefault(commune_id, []).append(waiter)
            # Started by the first wait of each process (gunicorn forks its workers first).
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="broadcast-emergency-watch", daemon=True
                )
                self._thread.start()
        try:
            waiter.event.wait(max(0.0, seconds))
        finally:
            with self._lock:
                waiting = self._waiting.get(commune_id, [])
                if waiter in waiting:
                    waiting.remove(waiter)
                if not waiting:
                    self._waiting.pop(commune_id, None)

    def waiting(self) -> int:
        """How many requests wait now."""
        with self._lock:
            return sum(len(waiters) for waiters in self._waiting.values())

    def _run(self) -> None:
        while True:
            time.sleep(self._step)
            try:
                self.look_once()
            except Exception:  # the watch must outlive a cache that fails for a moment
                logger.exception("The emergency watch could not read the communes' states")

    def look_once(self) -> None:
        """Wake the requests whose commune's state changed, and one request of each commune
        whose state the cache does not hold."""
        with self._lock:
            communes = list(self._waiting)
        if not communes:
            return
        states = self._look(communes)
        with self._lock:
            for commune_id in communes:
                waiting = self._waiting.get(commune_id)
                if not waiting:
                    continue
                state = states.get(commune_id)
                if state is None:
                    waiting[0].event.set()
                    continue
                for waiter in waiting:
                    if waiter.seen != state:
                        waiter.event.set()

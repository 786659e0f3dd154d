"""Many simulated speakers in one asyncio loop, sharing one HTTP client, with their faults
drawn from one seed; and a thread to run them beside a test or a benchmark."""

import asyncio
import contextlib
import logging
import random
import threading
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from banso.broadcast.sim.clock import SimClock, Store
from banso.broadcast.sim.speaker import Exchange, Link, Settings, SimSpeaker

KINDS = ("playlist", "audio", "reports", "heartbeat", "ack", "emergency")


@dataclass(frozen=True)
class Faults:
    """The faults of a fleet, each drawn per speaker from ``seed``: the same seed gives the
    same slow speakers, skews, cuts and power losses."""

    seed: int = 1
    drop_rate: float = 0.0  # chance that a download attempt is cut mid-body
    slow_share: float = 0.0  # share of speakers on a slow link
    slow_bytes_per_second: int = 6_000  # what a slow link reads (48 kbit/s audio is 6,000 B/s)
    skew_seconds: float = 0.0  # each speaker's clock is off by up to this, either way
    power_losses_per_hour: float = 0.0  # per speaker
    off_seconds: float = 2.0  # how long a speaker stays off after a power loss


SPEAKERS_PER_POOL = 32


def kind_of(path: str) -> str:
    for kind in KINDS:
        if f"/{kind}" in path:
            return kind
    return "other"


@dataclass
class Stats:
    """What the fleet's requests met: answers by kind and status, and the time each took."""

    answers: Counter = field(default_factory=Counter)
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def record(self, _speaker: SimSpeaker, exchange: Exchange) -> None:
        kind = kind_of(exchange.path)
        status = exchange.status if exchange.status is not None else exchange.note or "error"
        self.answers[f"{kind} {status}"] += 1
        if exchange.status is not None and exchange.seconds:
            self.seconds[f"{kind} {exchange.status}"].append(exchange.seconds)


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


class Fleet:
    def __init__(
        self,
        *,
        base_url: str,
        tokens: list[str],
        clock: SimClock | None = None,
        settings: Settings | None = None,
        faults: Faults | None = None,
        store_root: Path | None = None,
        ramp_seconds: float = 0.0,
        max_connections: int | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.clock = clock or SimClock()
        self.settings = settings or Settings()
        self.faults = faults or Faults()
        self.store_root = store_root
        self.ramp_seconds = ramp_seconds
        self.max_connections = max_connections
        self.stats = Stats()
        self.speakers: list[SimSpeaker] = []
        self.clients: list[httpx.AsyncClient] = []
        self._power_task: asyncio.Task | None = None
        self._starting: asyncio.Task | None = None

    def _make(self) -> None:
        draw = random.Random(self.faults.seed)  # noqa: S311 (seeded faults, no secret)
        assert self.clients
        for index, token in enumerate(self.tokens):
            slow = draw.random() < self.faults.slow_share
            link = Link(
                bytes_per_second=self.faults.slow_bytes_per_second if slow else None,
                drop_rate=self.faults.drop_rate,
            )
            store = Store(self.store_root / f"speaker-{index}" if self.store_root else None)
            self.speakers.append(
                SimSpeaker(
                    name=f"speaker-{index}",
                    token=token,
                    client=self.clients[index * len(self.clients) // len(self.tokens)],
                    clock=self.clock,
                    store=store,
                    link=link,
                    settings=self.settings,
                    skew_seconds=draw.uniform(-1, 1) * self.faults.skew_seconds,
                    seed=draw.randrange(2**32),
                    record=self.stats.record,
                )
            )

    async def start(self) -> None:
        # A line per request from the client library would drown the log of any run.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        # A real fleet has a connection each. Connection pools of a few dozen speakers stand
        # for them: one pool for thousands would spend the simulator's time looking through
        # its connections at every request. Unlimited by default (a held poll must never wait
        # for a slot); a test against a server with one database connection per request
        # thread bounds the whole fleet to ``max_connections``, in one pool.
        pools = 1 if self.max_connections else -(-len(self.tokens) // SPEAKERS_PER_POOL)
        self.clients = [
            httpx.AsyncClient(
                base_url=self.base_url,
                timeout=httpx.Timeout(30.0, pool=120.0),
                limits=httpx.Limits(
                    max_connections=self.max_connections, max_keepalive_connections=64
                ),
            )
            for _ in range(max(1, pools))
        ]
        self._make()
        self._starting = asyncio.create_task(self._start_all())
        if self.faults.power_losses_per_hour:
            self._power_task = asyncio.create_task(self._power_losses())

    async def _start_all(self) -> None:
        gap = self.ramp_seconds / max(1, len(self.speakers))
        for speaker in self.speakers:
            speaker.start()
            if gap:
                await asyncio.sleep(gap)

    async def _power_losses(self) -> None:
        """Each second, each speaker loses power with the chance its hourly rate gives."""
        draw = random.Random(self.faults.seed + 1)  # noqa: S311 (seeded faults)
        chance = self.faults.power_losses_per_hour / 3600
        restarting: set[asyncio.Task] = set()
        while True:
            await asyncio.sleep(1.0)
            for speaker in self.speakers:
                if draw.random() < chance:
                    task = asyncio.create_task(speaker.power_loss(self.faults.off_seconds))
                    restarting.add(task)
                    task.add_done_callback(restarting.discard)

    async def stop(self) -> None:
        for task in (self._starting, self._power_task):
            if task is not None:
                task.cancel()
        await asyncio.gather(*(speaker.stop() for speaker in self.speakers))
        # What the speakers still hold is sent once more (a device sends it when it can),
        # for 30 s at most.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(
                    *(speaker.send_reports() for speaker in self.speakers if speaker.link.up)
                ),
                timeout=30,
            )
        for client in self.clients:
            await client.aclose()

    async def run(self, seconds: float) -> dict:
        await self.start()
        try:
            await asyncio.sleep(seconds)
        finally:
            await self.stop()
        return self.summary()

    def summary(self) -> dict[str, Any]:
        plays = Counter(
            play.outcome for speaker in self.speakers for play in speaker.counters.plays
        )
        latencies = {
            key: {
                "count": len(values),
                "p50_ms": round(quantile(values, 0.5) * 1000, 2),
                "p99_ms": round(quantile(values, 0.99) * 1000, 2),
            }
            for key, values in sorted(self.stats.seconds.items())
        }
        return {
            "speakers": len(self.speakers),
            "answers": dict(sorted(self.stats.answers.items())),
            "latency": latencies,
            "played": plays.get("played", 0),
            "failed": plays.get("failed", 0),
            "acknowledged": sum(len(s.counters.acks) for s in self.speakers),
            "downloads": sum(s.counters.downloads for s in self.speakers),
            "resumed": sum(s.counters.resumed for s in self.speakers),
            "checksum_failures": sum(s.counters.checksum_failures for s in self.speakers),
            "restarts": sum(s.counters.restarts for s in self.speakers),
            "reports_unsent": sum(len(s.outbox) for s in self.speakers),
        }


def fleet_run(fleet: Fleet, seconds: float) -> dict:
    """Run the fleet for ``seconds`` in a loop of its own thread, whatever loop the caller's
    thread may be running, and return its summary."""
    result: dict = {}

    def body() -> None:
        result.update(asyncio.run(fleet.run(seconds)))

    thread = threading.Thread(target=body, name="speaker-sim")
    thread.start()
    thread.join()
    if not result:
        raise RuntimeError("the simulated speakers stopped without a summary")
    return result


class FleetThread:
    """A fleet's asyncio loop in a thread of its own, for synchronous callers (the tests, the
    benchmarks): ``start()``, then ``call()`` coroutines on it, ``stop()``."""

    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def call(self, make: Callable[[], Awaitable[Any]], timeout: float = 60.0) -> Any:
        async def wrapped():
            return await make()

        future: Future = asyncio.run_coroutine_threadsafe(wrapped(), self.loop)
        return future.result(timeout)

    def clock_set(self, moment) -> None:
        """Move the simulated world to ``moment`` and wake every player to look again."""
        self.fleet.clock.set(moment)
        for speaker in self.fleet.speakers:
            self.loop.call_soon_threadsafe(speaker.wake)

    def start(self) -> "FleetThread":
        self.thread.start()
        self.call(self.fleet.start)
        return self

    def stop(self) -> dict:
        try:
            self.call(self.fleet.stop)
            return self.fleet.summary()
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()

    def __enter__(self) -> "FleetThread":
        return self.start()

    def __exit__(self, *_exc) -> None:
        if self.thread.is_alive():
            self.stop()

"""One simulated loudspeaker: what a real IP receiver does, over real HTTP.

At start (and after each power loss) it sends a heartbeat and sets its clock by the answer,
then runs side by side: the playlist poll (``If-None-Match``; new audio downloaded into its
store, resumed with ``Range`` and ``If-Range`` when a download is cut, checked by SHA-256),
the player (each item at its absolute time, from the store, whether the link is up or not;
played or failed reported with an identifier made of the speaker, the version and the start,
so a report sent again is recorded once), the emergency poll (short, or held with ``wait``),
and the heartbeat. An emergency is acknowledged on receipt, downloaded, stops what is playing
(reported as failed, "pre-empted") and is played and reported.

Faults: the link can be down (every request fails at once, as with no signal), a download can
be cut after some bytes (the connection closed mid-body), a slow link reads at a set number of
bytes a second, the clock can be skewed (until the heartbeat's answer corrects it), and a
power loss restarts the device: its store and its outbox of reports stay, its memory (ETags,
playlist) is lost.
"""

import asyncio
import datetime
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx

from banso.broadcast.sim.clock import SimClock, Store

DEVICE = "/api/broadcast/device"
CHUNK_BYTES = 4096
REPORTS_LIMIT = 200
DOWNLOAD_ATTEMPTS = 12


class LinkDown(Exception):
    """The simulated link is down: the request never left the device."""


@dataclass
class Link:
    """The speaker's 4G link, as the simulation makes it."""

    up: bool = True
    bytes_per_second: float | None = None  # a slow link; None: as fast as the loopback
    drop_rate: float = 0.0  # chance that a download attempt is cut mid-body
    cut_next_after: int | None = None  # cut the next download after this many bytes


@dataclass(frozen=True)
class Exchange:
    """One request the speaker sent, as it saw it: what the tests read."""

    at: float  # loop time
    method: str
    path: str
    status: int | None  # None: no answer (link down, cut, error)
    range: str = ""
    seconds: float = 0.0
    note: str = ""


@dataclass
class Settings:
    poll_seconds: float = 30.0
    emergency_seconds: float = 5.0  # short poll interval; with emergency_wait, the gap between
    emergency_wait: int = 0  # seconds to hold the emergency poll (0: short polls)
    heartbeat_seconds: float = 60.0
    report_seconds: float = 2.0
    jitter: float = 0.2  # share of each interval drawn at random, so polls spread out
    late_grace_seconds: float = 5.0  # an item whose start passed longer ago is missed
    firmware: str = "sim-1.0"


@dataclass
class Play:
    version: int
    bulletin: int
    scheduled_at: datetime.datetime
    outcome: str
    error: str = ""


@dataclass
class Counters:
    plays: list[Play] = field(default_factory=list)
    acks: dict[int, float] = field(default_factory=dict)  # bulletin → loop time of the ack
    restarts: int = 0
    downloads: int = 0
    resumed: int = 0
    checksum_failures: int = 0


def report_id(speaker_id: int, version: int, starts_at: datetime.datetime) -> str:
    """The same play always has the same identifier: a report sent again, or made again after
    a restart, is recorded once."""
    return f"s{speaker_id}-v{version}-t{int(starts_at.timestamp())}"


def _when(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


class SimSpeaker:
    def __init__(
        self,
        *,
        name: str,
        token: str,
        client: httpx.AsyncClient,
        clock: SimClock,
        store: Store | None = None,
        link: Link | None = None,
        settings: Settings | None = None,
        skew_seconds: float = 0.0,
        seed: int = 0,
        record: Any = None,
    ) -> None:
        self.name = name
        self.token = token
        self.client = client
        self.clock = clock
        self.store = store or Store()
        self.link = link or Link()
        self.settings = settings or Settings()
        self.skew_seconds = skew_seconds
        self.random = random.Random(seed)  # noqa: S311 (seeded faults, no secret)
        self.record = record  # called with each Exchange (the fleet's statistics)
        self.log: deque[Exchange] = deque(maxlen=500)
        self.counters = Counters()
        self.outbox: list[dict] = []  # reports not yet answered: kept across restarts
        self.speaker_id = 0
        self._tasks: list[asyncio.Task] = []
        self._sending: set[asyncio.Task] = set()
        self._forget()

    # --- memory, lost at a power loss ---------------------------------------------------

    def _forget(self) -> None:
        self.playlist_etag: str | None = None
        self.emergency_etag: str | None = None
        self.items: list[dict] = []
        self.correction = 0.0  # what the clock is set back by, learnt from the heartbeat
        self.done: set[str] = set()
        self.emergencies_seen: set[int] = set()
        self._changed = asyncio.Event()
        self._playing: asyncio.Task | None = None
        self._busy = asyncio.Lock()

    def wake(self) -> None:
        """Make the player look at its playlist and the clock again."""
        self._changed.set()

    # --- time ---------------------------------------------------------------------------

    def device_clock(self) -> datetime.datetime:
        """The device's own clock: the world's time plus its skew, less what it corrected."""
        moment = self.clock.now()
        return moment + datetime.timedelta(seconds=self.skew_seconds - self.correction)

    async def _sleep_until(self, moment: datetime.datetime) -> None:
        await self.clock.sleep((moment - self.device_clock()).total_seconds())

    async def _pause(self, seconds: float) -> None:
        spread = seconds * self.settings.jitter
        await asyncio.sleep(max(0.0, seconds + self.random.uniform(-spread, spread)))

    # --- HTTP ---------------------------------------------------------------------------

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def _note(self, exchange: Exchange) -> None:
        self.log.append(exchange)
        if self.record is not None:
            self.record(self, exchange)

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        json: Any = None,
        params: dict | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        loop = asyncio.get_running_loop()
        begun = loop.time()
        if not self.link.up:
            self._note(Exchange(begun, method, path, None, note="link down"))
            raise LinkDown
        try:
            response = await self.client.request(
                method,
                path,
                headers=self._headers(headers),
                json=json,
                params=params,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.HTTPError as error:
            self._note(Exchange(begun, method, path, None, note=type(error).__name__))
            raise
        self._note(Exchange(begun, method, path, response.status_code, seconds=loop.time() - begun))
        return response

    # --- start, stop, power -------------------------------------------------------------

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._guarded(self._boot_and_poll)),
            asyncio.create_task(self._guarded(self._player)),
            asyncio.create_task(self._guarded(self._emergency_loop)),
            asyncio.create_task(self._guarded(self._heartbeat_loop)),
            asyncio.create_task(self._guarded(self._report_loop)),
        ]

    async def stop(self) -> None:
        tasks = [*self._tasks, *self._sending, *([self._playing] if self._playing else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks = []

    async def power_loss(self, off_seconds: float = 1.0) -> None:
        """The device loses power: everything in memory goes, the store and the outbox stay;
        it boots again after ``off_seconds``."""
        await self.stop()
        self._forget()
        self.counters.restarts += 1
        await asyncio.sleep(off_seconds)
        self.start()

    async def _guarded(self, body) -> None:
        """Run a loop of the device; an unexpected error restarts that loop after a pause, as
        a receiver's watchdog would."""
        while True:
            try:
                await body()
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:  # a device never stops for an error
                self._note(Exchange(0.0, "-", body.__name__, None, note=repr(error)[:200]))
                await asyncio.sleep(1.0)

    # --- the loops ----------------------------------------------------------------------

    async def _boot_and_poll(self) -> None:
        await self.heartbeat()
        while True:
            await self.poll_playlist()
            await self._pause(self.settings.poll_seconds)

    async def _heartbeat_loop(self) -> None:
        while True:
            await self._pause(self.settings.heartbeat_seconds)
            await self.heartbeat()

    async def _report_loop(self) -> None:
        while True:
            await self._pause(self.settings.report_seconds)
            await self.send_reports()

    async def _emergency_loop(self) -> None:
        while True:
            await self.poll_emergency()
            if not self.settings.emergency_wait or not self.link.up:
                await self._pause(self.settings.emergency_seconds)

    async def heartbeat(self) -> bool:
        sent = self.device_clock()
        body = {
            "clock": sent.isoformat(),
            "signal_dbm": self.random.randint(-110, -65),
            "power_source": self.random.choice(["mains", "mains", "solar", "battery"]),
            "battery_percent": self.random.randint(20, 100),
            "temperature_c": round(self.random.uniform(18, 48), 1),
            "firmware": self.settings.firmware,
        }
        try:
            response = await self.request("POST", f"{DEVICE}/heartbeat", json=body)
        except (LinkDown, httpx.HTTPError):
            return False
        if response.status_code != 200:
            return False
        self._clock_set(sent, self.device_clock(), _when(response.json()["server_time"]))
        return True

    def _clock_set(
        self, sent: datetime.datetime, received: datetime.datetime, server: datetime.datetime
    ) -> None:
        """Set the clock by the server's time, as NTP does: the server's moment is taken as the
        middle of the round trip, and a difference smaller than the round trip's uncertainty
        (or a second) is left alone. The server's clock is the real one: the simulated world,
        which may run fast, reads it through ``from_real``."""
        world = self.clock.from_real(server)
        middle = sent + (received - sent) / 2
        estimate = (middle - world).total_seconds()
        uncertainty = max(1.0, (received - sent).total_seconds() / 2)
        if abs(estimate) > uncertainty:
            self.correction += estimate

    async def poll_playlist(self) -> None:
        headers = {"If-None-Match": self.playlist_etag} if self.playlist_etag else {}
        try:
            response = await self.request("GET", f"{DEVICE}/playlist", headers=headers)
        except (LinkDown, httpx.HTTPError):
            return
        if response.status_code != 200:
            return
        found = response.json()
        self.speaker_id = found["speaker"]
        for item in found["items"]:
            await self.download(item)
        self.items = sorted(found["items"], key=lambda item: item["starts_at"])
        self.playlist_etag = response.headers.get("ETag")
        self._changed.set()

    async def download(self, item: dict) -> bool:
        """Bring the item's audio into the store: resumed from the part a cut left, checked
        by SHA-256; True when the store has it."""
        sha256 = item["sha256"]
        for _attempt in range(DOWNLOAD_ATTEMPTS):
            if self.store.has(sha256):
                return True
            try:
                if await self._download_once(item):
                    self.counters.downloads += 1
                    return True
            except (LinkDown, httpx.HTTPError):
                if not self.link.up:
                    return False
            await asyncio.sleep(0.05)
        return self.store.has(sha256)

    async def _download_once(self, item: dict) -> bool:
        sha256, path = item["sha256"], httpx.URL(item["audio_url"]).path
        have = self.store.partial_size(sha256)
        headers = {}
        if have:
            headers = {"Range": f"bytes={have}-", "If-Range": f'"{sha256}"'}
            self.counters.resumed += 1
        if not self.link.up:
            self._note(Exchange(0.0, "GET", path, None, headers.get("Range", ""), note="link down"))
            raise LinkDown
        cut = self.link.cut_next_after
        if cut is None and self.link.drop_rate and self.random.random() < self.link.drop_rate:
            remaining = max(1, item["size_bytes"] - have)
            cut = self.random.randint(1, remaining)
        self.link.cut_next_after = None
        loop = asyncio.get_running_loop()
        begun = loop.time()
        async with self.client.stream("GET", path, headers=self._headers(headers)) as response:
            status = response.status_code
            if status == 200 and have:
                self.store.discard(sha256)  # the server sent it whole: start again
            elif status not in (200, 206):
                await response.aread()
                if status == 416:
                    self.store.discard(sha256)
                self._note(Exchange(begun, "GET", path, status, headers.get("Range", "")))
                return False
            received = 0
            async for chunk in response.aiter_bytes(CHUNK_BYTES):
                if cut is not None and received + len(chunk) >= cut:
                    self.store.append(sha256, chunk[: cut - received])
                    self._note(
                        Exchange(begun, "GET", path, status, headers.get("Range", ""), note="cut")
                    )
                    raise httpx.ReadError("the link dropped mid-download")
                self.store.append(sha256, chunk)
                received += len(chunk)
                if self.link.bytes_per_second:
                    await asyncio.sleep(len(chunk) / self.link.bytes_per_second)
        self._note(
            Exchange(begun, "GET", path, status, headers.get("Range", ""), loop.time() - begun)
        )
        if not self.store.finish(sha256):
            self.counters.checksum_failures += 1
            return False
        return True

    # --- playing ------------------------------------------------------------------------

    def _next_item(self) -> dict | None:
        """The next item to play on time; an emergency's item (``pre_empt``) comes by the
        emergency poll, which plays it at once."""
        now = self.device_clock()
        for item in self.items:
            if item["pre_empt"]:
                continue
            key = report_id(self.speaker_id, item["version"], _when(item["starts_at"]))
            if key in self.done:
                continue
            if (now - _when(item["starts_at"])).total_seconds() > self.settings.late_grace_seconds:
                continue
            return item
        return None

    async def _player(self) -> None:
        while True:
            item = self._next_item()
            self._changed.clear()
            if item is None:
                await self._wait_change(5.0)
                continue
            seconds = (_when(item["starts_at"]) - self.device_clock()).total_seconds()
            if seconds > 0:
                # Sleep until the start, or until the playlist changes (then look again).
                if await self._wait_change(min(self.clock.real_seconds(seconds), 5.0)):
                    continue
                if (_when(item["starts_at"]) - self.device_clock()).total_seconds() > 0:
                    continue
            async with self._busy:
                self._playing = asyncio.create_task(self._play(item))
                await asyncio.wait({self._playing})
                if self._playing.cancelled():
                    self._finish(item, "failed", "pre-empted by an emergency")
                self._playing = None

    async def _wait_change(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._changed.wait(), timeout=max(0.0, seconds))
        except TimeoutError:
            return False
        return True

    async def _play(self, item: dict) -> None:
        """Play from the store, link or no link: a file missing or damaged fails."""
        started = self.device_clock()
        if not self.store.checks(item["sha256"]):
            self._finish(item, "failed", "audio not in the store", started=started)
            return
        await self.clock.sleep(item["duration_ms"] / 1000)
        self._finish(item, "played", started=started)

    def _finish(
        self, item: dict, outcome: str, error: str = "", started: datetime.datetime | None = None
    ) -> None:
        scheduled = _when(item["starts_at"])
        key = report_id(self.speaker_id, item["version"], scheduled)
        if key in self.done:
            return
        self.done.add(key)
        started = started or self.device_clock()
        ended = max(started, self.device_clock())
        self.outbox.append(
            {
                "id": key,
                "version": item["version"],
                "outcome": outcome,
                "started_at": started.isoformat(),
                "ended_at": ended.isoformat(),
                "scheduled_at": scheduled.isoformat(),
                "error": error,
            }
        )
        self.counters.plays.append(
            Play(item["version"], item["bulletin"], scheduled, outcome, error)
        )
        task = asyncio.get_running_loop().create_task(self.send_reports())
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def send_reports(self) -> None:
        while self.outbox:
            batch = self.outbox[:REPORTS_LIMIT]
            try:
                response = await self.request("POST", f"{DEVICE}/reports", json={"reports": batch})
            except (LinkDown, httpx.HTTPError):
                return
            if response.status_code != 200:
                return
            answered = {answer["id"] for answer in response.json()["results"]}
            self.outbox = [report for report in self.outbox if report["id"] not in answered]

    # --- emergencies --------------------------------------------------------------------

    async def poll_emergency(self) -> None:
        headers = {"If-None-Match": self.emergency_etag} if self.emergency_etag else {}
        wait = self.settings.emergency_wait if self.emergency_etag else 0
        try:
            response = await self.request(
                "GET",
                f"{DEVICE}/emergency",
                headers=headers,
                params={"wait": wait} if wait else None,
                timeout=wait + 15 if wait else None,
            )
        except (LinkDown, httpx.HTTPError):
            return
        if response.status_code != 200:
            return
        self.emergency_etag = response.headers.get("ETag")
        for emergency in response.json()["emergencies"]:
            if emergency["bulletin"] not in self.emergencies_seen:
                await self.emergency(emergency)

    async def emergency(self, emergency: dict) -> None:
        """Acknowledge it on receipt, download it, stop what plays, play it, report it.

        The acknowledgement says the emergency reached the speaker, before its audio (the
        largest part of the exchange) is fetched; the play report says when it played."""
        self.emergencies_seen.add(emergency["bulletin"])
        await self.acknowledge(emergency["bulletin"])
        items = [
            item
            for item in emergency["items"]
            if report_id(self.speaker_id, item["version"], _when(item["starts_at"]))
            not in self.done
        ]
        for item in items:
            await self.download(item)
        if self._playing is not None and not self._playing.done():
            self._playing.cancel()
        async with self._busy:
            for item in items:
                await self._play(item)

    async def acknowledge(self, bulletin: int) -> None:
        for _attempt in range(5):
            try:
                response = await self.request(
                    "POST",
                    f"{DEVICE}/emergency/{bulletin}/ack",
                    json={"device_time": self.device_clock().isoformat()},
                )
            except (LinkDown, httpx.HTTPError):
                await asyncio.sleep(1.0)
                continue
            if response.status_code == 200:
                self.counters.acks[bulletin] = asyncio.get_running_loop().time()
                return
            if response.status_code < 500:
                return
            await asyncio.sleep(0.5)

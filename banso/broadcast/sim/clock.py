"""The simulated world's time, and the store a simulated speaker keeps its audio in."""

import asyncio
import datetime
import hashlib
import time
from pathlib import Path


class SimClock:
    """The time of the simulated world: from ``start`` (now by default), running ``speed``
    times faster than the real clock. A test starts it a few seconds before a programme slot
    and lets it run fast, so that a 30-second bulletin "plays" in half a second; the network
    stays in real time."""

    def __init__(self, *, start: datetime.datetime | None = None, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.start = start or datetime.datetime.now(datetime.UTC)
        self.speed = speed
        self._begun = time.monotonic()
        self._real_begun = datetime.datetime.now(datetime.UTC)

    def now(self) -> datetime.datetime:
        elapsed = (time.monotonic() - self._begun) * self.speed
        return self.start + datetime.timedelta(seconds=elapsed)

    def set(self, moment: datetime.datetime) -> None:
        """Move the simulated world to ``moment`` (a test, once its speakers are ready)."""
        self.start = moment
        self._begun = time.monotonic()
        self._real_begun = datetime.datetime.now(datetime.UTC)

    def from_real(self, moment: datetime.datetime) -> datetime.datetime:
        """The simulated time at the real moment ``moment`` (a time the server gave)."""
        return self.start + (moment - self._real_begun) * self.speed

    def shift(self) -> float:
        """Seconds the simulated world is ahead of the real clock (the server's)."""
        return (self.now() - datetime.datetime.now(datetime.UTC)).total_seconds()

    def real_seconds(self, simulated: float) -> float:
        return simulated / self.speed

    async def sleep(self, simulated: float) -> None:
        await asyncio.sleep(max(0.0, self.real_seconds(simulated)))


class Store:
    """A speaker's audio store, kept across restarts: complete files by SHA-256, and the part
    of a download a cut link left. In memory, or in a directory (``<sha256>.mp3`` and
    ``<sha256>.part``)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._files: dict[str, bytes] = {}
        self._parts: dict[str, bytearray] = {}
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def _path(self, sha256: str, suffix: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{sha256}.{suffix}"

    def has(self, sha256: str) -> bool:
        if self.directory is None:
            return sha256 in self._files
        return self._path(sha256, "mp3").exists()

    def read(self, sha256: str) -> bytes:
        if self.directory is None:
            return self._files[sha256]
        return self._path(sha256, "mp3").read_bytes()

    def partial_size(self, sha256: str) -> int:
        if self.directory is None:
            return len(self._parts.get(sha256, b""))
        path = self._path(sha256, "part")
        return path.stat().st_size if path.exists() else 0

    def append(self, sha256: str, chunk: bytes) -> None:
        if self.directory is None:
            self._parts.setdefault(sha256, bytearray()).extend(chunk)
            return
        with self._path(sha256, "part").open("ab") as part:
            part.write(chunk)

    def discard(self, sha256: str) -> None:
        if self.directory is None:
            self._parts.pop(sha256, None)
            return
        self._path(sha256, "part").unlink(missing_ok=True)

    def finish(self, sha256: str) -> bool:
        """Keep the downloaded part as the file when its SHA-256 is right; otherwise throw it
        away (the next attempt starts again) and say so."""
        if self.directory is None:
            data = bytes(self._parts.pop(sha256, b""))
            if hashlib.sha256(data).hexdigest() != sha256:
                return False
            self._files[sha256] = data
            return True
        part = self._path(sha256, "part")
        if hashlib.sha256(part.read_bytes()).hexdigest() != sha256:
            part.unlink(missing_ok=True)
            return False
        part.replace(self._path(sha256, "mp3"))
        return True

    def checks(self, sha256: str) -> bool:
        """Whether the stored file is whole (read again before it plays)."""
        return self.has(sha256) and hashlib.sha256(self.read(sha256)).hexdigest() == sha256

"""Load generators: ``wrk`` where it is installed, else a small keep-alive client in Python.

Both only ever talk to the loopback address, for a fixed number of seconds, and report the
same figures, so a run can use either. Figures from different generators are not comparable
with each other; ratios within one run are, since both sides of a ratio use the same one.
"""

import http.client
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

HOST = "127.0.0.1"
REQUEST_TIMEOUT_SECONDS = 5
# An upper bound on the requests one Python client thread sends, whatever the duration.
MAX_REQUESTS_PER_THREAD = 200_000


class LoadError(RuntimeError):
    """The load run failed or the server answered with errors: its figures mean nothing."""


@dataclass(frozen=True)
class LoadResult:
    path: str
    tool: str
    seconds: float
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def combine(results: list[LoadResult]) -> LoadResult:
    """Several runs on one path as one: throughput over their total time, latencies averaged.

    Percentiles cannot be merged exactly from wrk's summaries; the mean of the runs' p50 and
    p99 is what both generators report, so their figures stay comparable.
    """
    seconds = sum(result.seconds for result in results)
    requests = sum(result.requests for result in results)
    return LoadResult(
        path=results[0].path,
        tool=results[0].tool,
        seconds=seconds,
        requests=requests,
        errors=sum(result.errors for result in results),
        requests_per_second=requests / seconds,
        p50_ms=sum(result.p50_ms for result in results) / len(results),
        p99_ms=sum(result.p99_ms for result in results) / len(results),
    )


def wrk_find(*, install: bool) -> str | None:
    """Path of ``wrk``; as root, installs Debian's package first when it is missing."""
    found = shutil.which("wrk")
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install_command = ["apt-get", "install", "-y", "-qq", "wrk"]
    for commands in ([install_command], [["apt-get", "update", "-qq"], install_command]):
        try:
            for command in commands:
                subprocess.run(
                    command,
                    env=env,
                    check=True,
                    timeout=300,
                    capture_output=True,
                    stdin=subprocess.DEVNULL,
                )
        except (subprocess.SubprocessError, OSError):
            continue
        return shutil.which("wrk")
    return None


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_NUMBER_WITH_UNIT = r"([\d.]+)(us|ms|s|m)\b"


def _milliseconds(pattern: str, output: str) -> float:
    match = re.search(pattern + r"\s+" + _NUMBER_WITH_UNIT, output)
    if match is None:
        raise LoadError(f"wrk printed no {pattern!r}:\n{output}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk_parse(output: str, *, path: str) -> LoadResult:
    """Read the figures from wrk's ``--latency`` report."""
    done = re.search(r"(\d+) requests in " + _NUMBER_WITH_UNIT, output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if done is None or rate is None:
        raise LoadError(f"wrk printed no totals:\n{output}")
    errors = 0
    non_success = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_success:
        errors += int(non_success.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(count) for count in sockets.groups())
    return LoadResult(
        path=path,
        tool="wrk",
        seconds=float(done.group(2)) * _UNITS[done.group(3)] / 1000,
        requests=int(done.group(1)),
        errors=errors,
        requests_per_second=float(rate.group(1)),
        p50_ms=_milliseconds(r"\b50%", output),
        p99_ms=_milliseconds(r"\b99%", output),
    )


def wrk_run(wrk: str, *, port: int, path: str, seconds: float, connections: int) -> LoadResult:
    command = [
        wrk,
        "--threads=1",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={REQUEST_TIMEOUT_SECONDS}s",
        "--latency",
        f"http://{HOST}:{port}{path}",
    ]
    try:
        finished = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 30, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise LoadError(f"wrk did not finish: {' '.join(command)}") from error
    if finished.returncode != 0:
        raise LoadError(f"wrk failed ({finished.returncode}): {finished.stderr or finished.stdout}")
    return wrk_parse(finished.stdout, path=path)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted, non-empty list."""
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def python_run(*, port: int, path: str, seconds: float, connections: int) -> LoadResult:
    """``connections`` threads, each with one keep-alive connection, for ``seconds``.

    A connection the server closes (gunicorn's sync workers close after every response) is
    opened again before the next request, and the connect is not counted in the latency, as
    with wrk.
    """
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def client(index: int) -> None:
        own = latencies[index]
        connection: http.client.HTTPConnection | None = None
        while time.perf_counter() < deadline and len(own) < MAX_REQUESTS_PER_THREAD:
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(
                        HOST, port, timeout=REQUEST_TIMEOUT_SECONDS
                    )
                    connection.connect()
                started = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                own.append(time.perf_counter() - started)
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.01)
                continue
            if response.status >= 400:
                errors[index] += 1
            if response.will_close:
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT_SECONDS + 10)
    elapsed = time.perf_counter() - started
    samples = sorted(latency for own in latencies for latency in own)
    if not samples:
        raise LoadError(f"no request to {path} succeeded")
    return LoadResult(
        path=path,
        tool="python",
        seconds=elapsed,
        requests=len(samples),
        errors=sum(errors),
        requests_per_second=len(samples) / elapsed,
        p50_ms=percentile(samples, 0.50) * 1000,
        p99_ms=percentile(samples, 0.99) * 1000,
    )


class LoadGenerator:
    """Runs load against one port with the chosen tool: ``auto``, ``wrk`` or ``python``."""

    def __init__(self, *, port: int, connections: int, tool: str = "auto") -> None:
        self.port = port
        self.connections = connections
        self.wrk = None if tool == "python" else wrk_find(install=True)
        if tool == "wrk" and self.wrk is None:
            raise LoadError("wrk is not installed: install the Debian package 'wrk'")
        self.tool = "wrk" if self.wrk else "python"

    def run(self, path: str, seconds: float) -> LoadResult:
        if self.wrk:
            result = wrk_run(
                self.wrk, port=self.port, path=path, seconds=seconds, connections=self.connections
            )
        else:
            result = python_run(
                port=self.port, path=path, seconds=seconds, connections=self.connections
            )
        if result.errors > 0:
            raise LoadError(f"{result.errors} of {result.requests} requests to {path} failed")
        return result

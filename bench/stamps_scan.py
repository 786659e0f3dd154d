"""The stamp page a QR scan lands on, with scan logging on against off.

Two scratch sites are served side by side, the same in all but ``BANSO_STAMP_SCAN_LOGGING``;
each gets the lot of ``bench.trace_page`` (eight steps on its page) and a run of activated
stamps with PINs. The load generator measures them in alternating rounds, each round on a fresh
stamp of its site, so that neither side gains from running first. The scan rate limit is
raised out of the way: the load comes from one address.

With logging on, each scan is one INSERT and one UPDATE plus the clone rules, done after
the response has been sent: the buyer's latency should not move, and a sync worker's
throughput only by the time that work takes.

Each round also measures the bare view on the site without logging, so that the stamp page's
own cost (its rate limit counted per request included) reads as a ratio to the bare view, like
the trace page's.
"""

import argparse
import os
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.load import LoadGenerator, LoadResult, combine
from bench.report import Goal, Measure, Report
from bench.server import manage, served_site, site_environment
from bench.web import BARE_PATH, status_of

NAME = "stamps_scan"
STAMPS = 12
SERIALS_FILE = "stamp-serials.txt"
THROUGHPUT_GOAL = Goal(0.85, at_least=True)
P99_GOAL = Goal(1.50, at_least=False)


def seed(path: str) -> None:
    """The trace page's lot and a run of activated stamps for it (run inside the scratch site);
    their serials are written to ``path``."""
    from django.utils import timezone

    from banso.stamps.models import Stamp, StampRun, StampStatus
    from banso.stamps.serials import pin_for, pin_hash, pin_secret_new, serial_new
    from banso.trace.models import Lot
    from bench.trace_page import GTIN, LOT_CODE
    from bench.trace_page import seed as trace_seed

    trace_seed()
    lot = Lot.objects.select_related("product__organisation").get(product__gtin=GTIN, code=LOT_CODE)
    run = StampRun.objects.create(
        organisation=lot.product.organisation,
        product=lot.product,
        lot=lot,
        quantity=STAMPS,
        with_pin=True,
        status=StampRun.Status.READY,
        issued_count=STAMPS,
    )
    secret = pin_secret_new()
    serials = [serial_new() for _ in range(STAMPS)]
    Stamp.objects.bulk_create(
        Stamp(
            run=run,
            number=number,
            serial=serial,
            pin_hash=pin_hash(serial, pin_for(secret, serial, 6)),
            status=StampStatus.ACTIVATED,
            lot=lot,
            activated_at=timezone.now(),
        )
        for number, serial in enumerate(serials, start=1)
    )
    Path(path).write_text("\n".join(serials))


@contextmanager
def _environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _site(stack: ExitStack, *, logging: bool, workers: int):
    with _environment(
        BANSO_STAMP_SCAN_LOGGING="true" if logging else "false",
        BANSO_STAMP_SCAN_RATE_PER_MINUTE="100000000",
    ):
        site = stack.enter_context(served_site(workers=workers))
    serials_path = site.var_dir / SERIALS_FILE
    manage(
        site_environment(site.var_dir),
        "shell",
        "-c",
        f"from bench.stamps_scan import seed; seed({str(serials_path)!r})",
        log_path=site.var_dir / "server.log",
    )
    paths = [f"/s/{serial}/" for serial in serials_path.read_text().split()]
    status = status_of(site.port, paths[0])
    if status != 200:
        raise RuntimeError(f"GET {paths[0]} answered {status}, not 200")
    return site, paths


def run(options: argparse.Namespace) -> Report:
    rounds: dict[str, list[LoadResult]] = {"bare": [], "off": [], "on": []}
    with ExitStack() as stack:
        sites = {
            label: _site(stack, logging=label == "on", workers=options.workers)
            for label in ("off", "on")
        }
        loads = {
            label: LoadGenerator(port=site.port, connections=options.connections, tool=options.load)
            for label, (site, _paths) in sites.items()
        }
        # Stamp 0 warms each site up; each round then scans a stamp no round has scanned.
        for label, (_served, paths) in sites.items():
            if options.warmup:
                loads[label].run(paths[0], options.warmup)
        if options.warmup:
            loads["off"].run(BARE_PATH, options.warmup)
        for index in range(options.rounds):
            rounds["bare"].append(loads["off"].run(BARE_PATH, options.duration / options.rounds))
            for label, (_served, paths) in sites.items():
                path = paths[1 + index % (STAMPS - 1)]
                rounds[label].append(loads[label].run(path, options.duration / options.rounds))
        scans = _scans_recorded(sites["on"][0].var_dir)

    bare, off, on = combine(rounds["bare"]), combine(rounds["off"]), combine(rounds["on"])
    measures = [
        Measure(f"{NAME} bare view", "throughput", bare.requests_per_second, "requests/s"),
        Measure(f"{NAME} bare view", "p99 latency", bare.p99_ms, "ms"),
        Measure(
            f"{NAME} logging off",
            "throughput",
            off.requests_per_second,
            "requests/s",
            bare.requests_per_second,
        ),
        Measure(f"{NAME} logging off", "p50 latency", off.p50_ms, "ms", bare.p50_ms),
        Measure(f"{NAME} logging off", "p99 latency", off.p99_ms, "ms", bare.p99_ms),
        Measure(
            f"{NAME} logging on",
            "throughput",
            on.requests_per_second,
            "requests/s",
            off.requests_per_second,
            THROUGHPUT_GOAL,
        ),
        Measure(f"{NAME} logging on", "p50 latency", on.p50_ms, "ms", off.p50_ms),
        Measure(f"{NAME} logging on", "p99 latency", on.p99_ms, "ms", off.p99_ms, P99_GOAL),
    ]
    details = {
        "tool": loads["on"].tool,
        "workers": options.workers,
        "connections": options.connections,
        "scans_recorded": scans,
        "requests_with_logging_on": sum(result.requests for result in rounds["on"]),
        "rounds": {
            label: [result.as_dict() for result in results] for label, results in rounds.items()
        },
    }
    return Report(measures=measures, details=details)


def _scans_recorded(var_dir: Path) -> int:
    """How many scans the logging site stored (every measured request should be one)."""
    import sqlite3

    with sqlite3.connect(var_dir / "banso.sqlite3") as connection:
        return connection.execute("SELECT COUNT(*) FROM stamps_scan").fetchone()[0]

"""``python -m bench``: run every benchmark, print one table and write bench/results/latest.json."""

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

from bench import (
    broadcast_emergency,
    broadcast_poll,
    broadcast_voice,
    households_import,
    indicators_recompute,
    lingo_memory,
    lingo_pages,
    lingo_speech,
    market_checkout,
    market_feed,
    market_pages,
    market_search,
    report,
    stamps_issue,
    stamps_scan,
    teams_import,
    teams_report,
    teams_sync,
    tourism_availability,
    tourism_booking,
    tourism_pages,
    trace_capture,
    trace_journey,
    trace_page,
    web,
)

# Every benchmark module: a NAME and a run(options) -> report.Report.
BENCHMARKS = [
    web,
    trace_capture,
    trace_page,
    trace_journey,
    stamps_issue,
    stamps_scan,
    market_search,
    market_pages,
    market_checkout,
    market_feed,
    tourism_pages,
    lingo_memory,
    lingo_pages,
    lingo_speech,
    broadcast_voice,
    tourism_availability,
    tourism_booking,
    indicators_recompute,
    households_import,
    teams_sync,
    teams_report,
    teams_import,
    broadcast_poll,
    broadcast_emergency,
]

RESULTS_PATH = Path(__file__).resolve().parent / "results" / "latest.json"


def bounded(low: float, high: float, kind: type = float):
    def parse(text: str):
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        choices=[module.NAME for module in BENCHMARKS],
        help="run only this benchmark (may be repeated)",
    )
    parser.add_argument(
        "--duration",
        type=bounded(1, 120),
        default=9.0,
        help="seconds of load on each path, over all rounds (default 9)",
    )
    parser.add_argument(
        "--rounds",
        type=bounded(1, 10, int),
        default=3,
        help="rounds the measuring time is cut into, each over every path (default 3)",
    )
    parser.add_argument(
        "--warmup",
        type=bounded(0, 30),
        default=2.0,
        help="seconds of load on each path before measuring, not counted (default 2)",
    )
    parser.add_argument(
        "--workers", type=bounded(1, 16, int), default=2, help="gunicorn workers (default 2)"
    )
    parser.add_argument(
        "--connections",
        type=bounded(1, 64, int),
        default=4,
        help="concurrent client connections (default 4)",
    )
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk, the built-in Python client, or wrk when it can be had",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a goal is missed"
    )
    parser.add_argument("--output", type=Path, default=RESULTS_PATH, help="JSON results file")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    options = parse_arguments(argv)
    selected = [m for m in BENCHMARKS if not options.only or m.NAME in options.only]
    started_at = datetime.datetime.now(datetime.UTC)
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    measures: list[report.Measure] = []
    details = {}
    for module in selected:
        print(f"Running {module.NAME} …", file=sys.stderr, flush=True)
        result = module.run(options)
        measures += result.measures
        details[module.NAME] = result.details

    load_after = os.getloadavg()[0]
    print(report.format_table(measures))
    print(
        f"{os.cpu_count()} CPUs; load average {load_before:.1f} before, {load_after:.1f} after; "
        f"{time.monotonic() - started:.0f} s"
    )
    missed = [m for m in measures if m.goal_met is False]
    for measure in missed:
        print(
            f"Goal missed: {measure.benchmark} {measure.measure}: "
            f"ratio {measure.ratio:.3f}, goal {measure.goal}"
        )
    report.write_json(
        options.output,
        {
            "started_at": started_at.isoformat(timespec="seconds"),
            "seconds": round(time.monotonic() - started, 1),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "load_average_before": load_before,
                "load_average_after": load_after,
            },
            "options": {
                key: str(value) if isinstance(value, Path) else value
                for key, value in vars(options).items()
            },
            "results": [measure.as_dict() for measure in measures],
            "details": details,
        },
    )
    print(f"Results written to {options.output}", file=sys.stderr)
    return 1 if options.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The site's own pages against a bare Django view, served the same way in the same run.

gunicorn with sync workers serves a scratch copy of the site; the load generator sends the
same load to each path in turn. The bare view (``bench.urls.bare``) goes through the same
server, middleware and settings and does nothing, so a page's ratio to it is what the page
itself costs. The measuring time is cut into rounds, and each round measures the bare view
and then every page, so a machine that speeds up or slows down during the run (other work on
it) weighs on both sides of every ratio alike.
"""

import argparse
import http.client

from bench.load import HOST, LoadGenerator, LoadResult, combine
from bench.report import Goal, Measure, Report
from bench.server import served_site

NAME = "web"
BARE_PATH = "/bench/bare"
# Each page with its goals: the share of the bare view's throughput it should keep, and the
# multiple of the bare view's p99 latency it should stay under (see docs/benchmarks.md).
PAGES = {
    "/": (Goal(0.25, at_least=True), Goal(4.00, at_least=False)),
    "/healthz": (Goal(0.50, at_least=True), Goal(2.50, at_least=False)),
    # Mường Khương's public board of bulletins and its Atom feed, opened by electronic boards
    # every 30 s and by chat channels: kept rendered under the commune's schedule numbers.
    "/broadcast/kiosk/02761/": (Goal(0.50, at_least=True), Goal(2.50, at_least=False)),
    "/broadcast/kiosk/02761/feed.atom": (Goal(0.50, at_least=True), Goal(2.50, at_least=False)),
}


def status_of(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def measure_rounds(
    load: LoadGenerator, paths: list[str], options: argparse.Namespace
) -> dict[str, list[LoadResult]]:
    """Warm every path up (templates, translations, workers), then measure them in rounds."""
    if options.warmup:
        for path in paths:
            load.run(path, options.warmup)
    results: dict[str, list[LoadResult]] = {path: [] for path in paths}
    for _ in range(options.rounds):
        for path in paths:
            results[path].append(load.run(path, options.duration / options.rounds))
    return results


def page_measures(path: str, result: LoadResult, bare: LoadResult) -> list[Measure]:
    throughput_goal, p99_goal = PAGES[path]
    benchmark = f"{NAME} {path}"
    return [
        Measure(
            benchmark,
            "throughput",
            result.requests_per_second,
            "requests/s",
            bare.requests_per_second,
            throughput_goal,
        ),
        Measure(benchmark, "p50 latency", result.p50_ms, "ms", bare.p50_ms),
        Measure(benchmark, "p99 latency", result.p99_ms, "ms", bare.p99_ms, p99_goal),
    ]


def run(options: argparse.Namespace) -> Report:
    paths = [BARE_PATH, *PAGES]
    with served_site(workers=options.workers) as site:
        for path in paths:
            status = status_of(site.port, path)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}, not 200")
        load = LoadGenerator(port=site.port, connections=options.connections, tool=options.load)
        rounds = measure_rounds(load, paths, options)

    combined = {path: combine(results) for path, results in rounds.items()}
    bare = combined[BARE_PATH]
    measures = [
        Measure(f"{NAME} bare view", "throughput", bare.requests_per_second, "requests/s"),
        Measure(f"{NAME} bare view", "p50 latency", bare.p50_ms, "ms"),
        Measure(f"{NAME} bare view", "p99 latency", bare.p99_ms, "ms"),
    ]
    for path in PAGES:
        measures += page_measures(path, combined[path], bare)
    details = {
        "tool": load.tool,
        "workers": options.workers,
        "connections": options.connections,
        "rounds": {
            path: [result.as_dict() for result in results] for path, results in rounds.items()
        },
    }
    return Report(measures=measures, details=details)

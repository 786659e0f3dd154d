"""The marketplace's public pages and the organisations list against the bare Django view,
served the same way in the same rounds.

The scratch site of ``bench.server`` holds the demo data (four shops, their listings, the
organisations). The load generator is an anonymous visitor without a session, as most of the
marketplace's visitors are, so each page is answered from the page cache
(``common.page_cache``) after its first rendering, as in production.
"""

import argparse
import http.client
import re

from bench.load import HOST, LoadGenerator, combine
from bench.report import Goal, Measure, Report
from bench.server import served_site
from bench.web import BARE_PATH, measure_rounds, status_of

NAME = "market_pages"
HOME_PATH = "/market/"
SEARCH_PATH = "/market/search/?q=quyt"
ORGANISATIONS_PATH = "/orgs/"
THROUGHPUT_GOAL = Goal(0.50, at_least=True)
P99_GOAL = Goal(2.00, at_least=False)


def listing_path(port: int) -> str:
    """The first listing the marketplace's front page links to."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", HOME_PATH)
        html = connection.getresponse().read().decode()
    finally:
        connection.close()
    found = re.search(r'href="(/market/p/[0-9]+/)"', html)
    if found is None:
        raise RuntimeError("the marketplace's front page links to no listing")
    return found.group(1)


def run(options: argparse.Namespace) -> Report:
    with served_site(workers=options.workers) as site:
        pages = {
            "home": HOME_PATH,
            "listing": listing_path(site.port),
            "search": SEARCH_PATH,
            "organisations": ORGANISATIONS_PATH,
        }
        for path in [BARE_PATH, *pages.values()]:
            status = status_of(site.port, path)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}, not 200")
        load = LoadGenerator(port=site.port, connections=options.connections, tool=options.load)
        rounds = measure_rounds(load, [BARE_PATH, *pages.values()], options)

    combined = {path: combine(results) for path, results in rounds.items()}
    bare = combined[BARE_PATH]
    measures = [
        Measure(f"{NAME} bare view", "throughput", bare.requests_per_second, "requests/s"),
        Measure(f"{NAME} bare view", "p99 latency", bare.p99_ms, "ms"),
    ]
    for label, path in pages.items():
        result = combined[path]
        measures += [
            Measure(
                f"{NAME} {label}",
                "throughput",
                result.requests_per_second,
                "requests/s",
                bare.requests_per_second,
                THROUGHPUT_GOAL,
            ),
            Measure(f"{NAME} {label}", "p50 latency", result.p50_ms, "ms", bare.p50_ms),
            Measure(f"{NAME} {label}", "p99 latency", result.p99_ms, "ms", bare.p99_ms, P99_GOAL),
        ]
    details = {
        "tool": load.tool,
        "workers": options.workers,
        "connections": options.connections,
        "paths": pages,
        "rounds": {
            path: [result.as_dict() for result in results] for path, results in rounds.items()
        },
    }
    return Report(measures=measures, details=details)

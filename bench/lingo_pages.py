"""A public page in English against the same page in Vietnamese, served the same way in the
same rounds: what showing content in the visitor's language costs.

Two scratch sites with the demo data are served in turn. On the first, as in production, an
anonymous visitor without a session gets pages from the page cache after their first
rendering. On the second the cache finds nothing (``BANSO_BENCH_NO_CACHE``), so every request
renders its page: the English one reads its translations (one query a list), the Vietnamese
one none. The pages: the marketplace's front page (a list of listings) and a listing with
English words of its own. The goal, per page and site: the Vietnamese page's throughput at most
1.15 times the English one's.
"""

import argparse
import http.client
import re

from bench.load import HOST, LoadGenerator, combine
from bench.report import Goal, Measure, Report
from bench.server import served_site
from bench.web import BARE_PATH, measure_rounds, status_of

NAME = "lingo_pages"
HOME_PATH = "/market/"
RATIO_GOAL = Goal(1.15, at_least=False)


def translated_listing_path(port: int) -> str:
    """A listing of the English front page whose title the demo translated into English."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", "/en" + HOME_PATH)
        html = connection.getresponse().read().decode()
    finally:
        connection.close()
    found = re.search(r'href="/en(/market/p/[0-9]+/)"[^>]*>\s*<[^>]*lang="en"', html)
    found = found or re.search(r'href="/en(/market/p/[0-9]+/)"', html)
    if found is None:
        raise RuntimeError("the marketplace's English front page links to no listing")
    return found.group(1)


def _site(options: argparse.Namespace, *, cached: bool) -> tuple[dict, dict]:
    settings = {} if cached else {"BANSO_BENCH_NO_CACHE": "true"}
    with served_site(workers=options.workers, settings=settings) as site:
        listing = translated_listing_path(site.port)
        pages = {"front page": HOME_PATH, "listing": listing}
        paths = [BARE_PATH]
        for path in pages.values():
            paths += [path, "/en" + path]
        for path in paths:
            status = status_of(site.port, path)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}, not 200")
        load = LoadGenerator(port=site.port, connections=options.connections, tool=options.load)
        rounds = measure_rounds(load, paths, options)
    return pages, {path: combine(results) for path, results in rounds.items()}


def run(options: argparse.Namespace) -> Report:
    measures = []
    details = {}
    for cached in (True, False):
        label = "cached" if cached else "rendered"
        pages, combined = _site(options, cached=cached)
        bare = combined[BARE_PATH]
        for page, path in pages.items():
            vietnamese, english = combined[path], combined["/en" + path]
            benchmark = f"{NAME} {page}, {label}"
            measures += [
                Measure(
                    benchmark,
                    "English throughput",
                    english.requests_per_second,
                    "requests/s",
                    bare.requests_per_second,
                ),
                Measure(
                    benchmark,
                    "Vietnamese/English throughput",
                    vietnamese.requests_per_second,
                    "requests/s",
                    english.requests_per_second,
                    RATIO_GOAL,
                ),
                Measure(benchmark, "English p99 latency", english.p99_ms, "ms", vietnamese.p99_ms),
            ]
        details[label] = {
            "paths": pages,
            "results": {path: result.as_dict() for path, result in combined.items()},
        }
    return Report(measures=measures, details=details)

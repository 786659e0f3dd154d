"""Tourism's most-opened public pages (the front page, a place, a stay, the stays list) against
the bare Django view, served the same way in the same rounds.

The scratch site of ``bench.server`` holds the demo data; a dozen published places, approved
stays with two room types and five photos each, and tours are added to it through the test
makers. The load generator is an anonymous visitor without a session, so each page is answered
from the page cache (``common.page_cache``) after its first rendering, as in production; the
goal is that each keeps at least half the bare view's throughput.
"""

import argparse

from bench.load import LoadGenerator, combine
from bench.report import Goal, Measure, Report
from bench.server import manage, served_site, site_environment
from bench.web import BARE_PATH, measure_rounds, status_of

NAME = "tourism_pages"
THROUGHPUT_GOAL = Goal(0.50, at_least=True)
P99_GOAL = Goal(2.00, at_least=False)
PAGES = {
    "home": "/tourism/",
    "place": "/tourism/places/bench-place-0/",
    "stay": "/tourism/stays/bench-stay-0/",
    "stays": "/tourism/stays/",
}

SEED = """
from banso.orgs.models import Organisation
from banso.tourism.tests.makers import (
    departure_make, lodging_make, photo_make, place_make, room_type_make, tour_make,
)
host = Organisation.objects.filter(unit__isnull=False).order_by("pk").first()
for number in range(12):
    place = place_make(
        host.unit, slug=f"bench-place-{number}", name=f"Điểm tham quan {number}",
        story="Ruộng bậc thang và chợ phiên. " * 20, fee_adult_vnd=30000, best_months=[3, 9],
    )
    stay = lodging_make(host, slug=f"bench-stay-{number}", name=f"Homestay {number}",
                        story="Nhà trình tường. " * 20)
    room_type_make(stay, name="Phòng đôi", rate_vnd=450000, amenities=["wifi", "hot_water"])
    room_type_make(stay, name="Gác chung", rate_vnd=150000, max_guests=6, position=1)
    for position in range(5):
        photo_make(place, caption=f"Ảnh {position}", position=position)
        photo_make(stay, caption=f"Ảnh {position}", position=position)
    tour = tour_make(host, slug=f"bench-tour-{number}", name=f"Tour {number}", places=[place])
    departure_make(tour)
"""


def run(options: argparse.Namespace) -> Report:
    with served_site(workers=options.workers) as site:
        manage(
            site_environment(site.var_dir),
            "shell",
            "-c",
            SEED,
            log_path=site.var_dir / "server.log",
        )
        for path in [BARE_PATH, *PAGES.values()]:
            status = status_of(site.port, path)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}, not 200")
        load = LoadGenerator(port=site.port, connections=options.connections, tool=options.load)
        rounds = measure_rounds(load, [BARE_PATH, *PAGES.values()], options)

    combined = {path: combine(results) for path, results in rounds.items()}
    bare = combined[BARE_PATH]
    measures = [
        Measure(f"{NAME} bare view", "throughput", bare.requests_per_second, "requests/s"),
        Measure(f"{NAME} bare view", "p99 latency", bare.p99_ms, "ms"),
    ]
    for label, path in PAGES.items():
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
        "paths": PAGES,
        "rounds": {
            path: [result.as_dict() for result in results] for path, results in rounds.items()
        },
    }
    return Report(measures=measures, details=details)

"""The trace page a QR scan lands on, against the bare Django view, served the same way.

The scratch site of ``bench.server`` gets one lot with a full journey (a harvested input lot,
harvest, processing, packing, a check with its lab photo, a shipping declared wrong and its
correction, receiving: eight steps on the page), then the load generator measures, in rounds,
the bare view, the lot's trace page and the Digital Link URI that redirects to it. The page is
what a buyer's phone fetches, as an anonymous visitor, so it is served from the page cache
after its first rendering, as in production.
"""

import argparse

from bench.load import LoadGenerator, combine
from bench.report import Goal, Measure, Report
from bench.server import manage, served_site, site_environment
from bench.web import BARE_PATH, measure_rounds, status_of

NAME = "trace_page"
GTIN = "08930000000026"
LOT_CODE = "BENCH-2025"
PAGE_PATH = f"/t/{GTIN}/{LOT_CODE}/"
RESOLVER_PATH = f"/01/{GTIN}/10/{LOT_CODE}"
# Path → (expected status, throughput goal, p99 goal): the scan is both requests.
PATHS = {
    PAGE_PATH: (200, Goal(0.70, at_least=True), Goal(2.00, at_least=False)),
    RESOLVER_PATH: (307, Goal(0.70, at_least=True), Goal(2.00, at_least=False)),
}


def seed() -> None:
    """Create the benchmark's product, lots and journey (run inside the scratch site)."""
    import datetime

    from banso.orgs.models import Organisation
    from banso.trace.models import Lot, Product
    from banso.trace.tests.journey_support import full_journey

    organisation = Organisation.objects.filter(is_active=True).earliest("pk")
    product, _created = Product.objects.get_or_create(
        gtin=GTIN,
        defaults={
            "organisation": organisation,
            "name": "Chè Shan tuyết Suối Giàng",
            "name_folded": "che shan tuyet suoi giang",
            "category": "tea",
            "unit": "pack",
            "net_content": 200,
            "net_content_unit": "g",
        },
    )
    if Lot.objects.filter(product=product, code=LOT_CODE).exists():
        return
    lots = [
        Lot.objects.create(
            product=product,
            code=code,
            harvest_unit=organisation.unit,
            harvest_village=organisation.village,
            harvest_date=datetime.date(2025, 11, day),
            quantity=300,
            quantity_unit="kg",
        )
        for code, day in ((LOT_CODE, 20), ("BENCH-LEAF", 19))
    ]
    full_journey(lots[0], lots[1])


def run(options: argparse.Namespace) -> Report:
    with served_site(workers=options.workers) as site:
        environment = site_environment(site.var_dir)
        manage(
            environment,
            "shell",
            "-c",
            "from bench.trace_page import seed; seed()",
            log_path=site.var_dir / "server.log",
        )
        for path, expected in [(BARE_PATH, 200)] + [(p, s) for p, (s, *_) in PATHS.items()]:
            status = status_of(site.port, path)
            if status != expected:
                raise RuntimeError(f"GET {path} answered {status}, not {expected}")
        load = LoadGenerator(port=site.port, connections=options.connections, tool=options.load)
        rounds = measure_rounds(load, [BARE_PATH, *PATHS], options)

    combined = {path: combine(results) for path, results in rounds.items()}
    bare = combined[BARE_PATH]
    measures = [
        Measure(f"{NAME} bare view", "throughput", bare.requests_per_second, "requests/s"),
        Measure(f"{NAME} bare view", "p99 latency", bare.p99_ms, "ms"),
    ]
    for path, (_status, throughput_goal, p99_goal) in PATHS.items():
        result = combined[path]
        label = f"{NAME} {'page' if path == PAGE_PATH else 'resolver'}"
        measures += [
            Measure(
                label,
                "throughput",
                result.requests_per_second,
                "requests/s",
                bare.requests_per_second,
                throughput_goal,
            ),
            Measure(label, "p50 latency", result.p50_ms, "ms", bare.p50_ms),
            Measure(label, "p99 latency", result.p99_ms, "ms", bare.p99_ms, p99_goal),
        ]
    details = {
        "tool": load.tool,
        "workers": options.workers,
        "connections": options.connections,
        "paths": {"page": PAGE_PATH, "resolver": RESOLVER_PATH},
        "rounds": {
            path: [result.as_dict() for result in results] for path, results in rounds.items()
        },
    }
    return Report(measures=measures, details=details)

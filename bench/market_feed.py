"""A 10,000-listing feed (20,000 variants) written as Google XML, Google CSV and Shopee's Excel
sheet, on a scratch SQLite site.

Every measurement runs in a child process of its own, so its peak memory (``ru_maxrss``) is its
own. Baselines from the same run: the same feed of 2,000 listings, for memory flatness (peak
memory of 10,000 within 1.5 times that of 2,000), and a plain ``values_list`` iteration over the
same variant rows, the floor any way of reading them pays (the feed's time reported against it).
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.report import Goal, Measure, Report
from bench.server import child_figures, manage, site_environment

NAME = "market_feed"
LISTINGS = 10_000
SMALL_LISTINGS = 2_000
VARIANTS_PER_LISTING = 2
KINDS = ("google_xml", "google_csv", "shopee_xlsx")
GOAL_MEMORY_RATIO = 1.5
# Writing a feed formats, escapes and writes every attribute of every row: within this many
# times a bare read of the same rows.
GOAL_TIME_RATIO = 40
CHILD_TIMEOUT_SECONDS = 900


def _child(environment: dict[str, str], *arguments: str) -> dict:
    return child_figures(
        "bench.market_feed", environment, *arguments, timeout=CHILD_TIMEOUT_SECONDS, what="feed"
    )


def _measure_site(listings: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="banso-bench-feed-") as directory:
        var_dir = Path(directory)
        environment = site_environment(var_dir)
        manage(environment, "migrate", "--no-input", "-v0", log_path=var_dir / "bench.log")
        figures = {"seed": _child(environment, "seed", str(listings))}
        figures["read"] = _child(environment, "read")
        for kind in KINDS:
            figures[kind] = _child(environment, "write", kind)
        return figures


def run(options: argparse.Namespace) -> Report:
    small = _measure_site(SMALL_LISTINGS)
    large = _measure_site(LISTINGS)
    measures = [
        Measure(f"{NAME} read floor", "wall, 20,000 rows", large["read"]["wall_seconds"], "s")
    ]
    for kind in KINDS:
        measures += [
            Measure(
                NAME,
                f"{kind} wall, 10,000 listings",
                large[kind]["wall_seconds"],
                "s",
                baseline=large["read"]["wall_seconds"],
                goal=Goal(GOAL_TIME_RATIO, at_least=False),
            ),
            Measure(
                NAME,
                f"{kind} peak memory, 10,000 vs 2,000",
                large[kind]["peak_rss_mb"],
                "MB",
                baseline=small[kind]["peak_rss_mb"],
                goal=Goal(GOAL_MEMORY_RATIO, at_least=False),
            ),
        ]
    return Report(measures=measures, details={str(LISTINGS): large, str(SMALL_LISTINGS): small})


# --- what runs in the child processes, with the scratch database -----------------------------


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(listings: int) -> dict:
    """One approved shop with ``listings`` pushed listings of two variants each, bulk-made."""
    import time

    from django.utils import timezone

    from banso.accounts.services import user_create
    from banso.common.text import fold
    from banso.market.models import Listing, ListingVariant, Shop
    from banso.orgs.services import organisation_create
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.trace.gs1 import gtin_check_digit
    from banso.trace.models import Product

    started = time.perf_counter()
    if not AdministrativeUnit.objects.exists():
        units_load()
    unit = AdministrativeUnit.objects.filter(is_current=True, level="commune").earliest("path")
    admin = user_create(
        full_name="Quản trị", phone="0981000001", password="bench-pass-1", is_superuser=True
    )
    organisation = organisation_create(
        actor=admin, name="Hợp tác xã Quýt", kind="cooperative", unit=unit
    )
    shop = Shop.objects.create(
        organisation=organisation,
        name="Quýt Mường Khương",
        name_folded="quyt muong khuong",
        slug="quyt-muong-khuong",
        unit=unit,
        status="approved",
        reviewed_at=timezone.now(),
    )
    products = Product.objects.bulk_create(
        [
            Product(
                organisation=organisation,
                name=f"Quýt Mường Khương loại {number}",
                name_folded=fold(f"Quýt Mường Khương loại {number}"),
                description="Quýt ngọt, vỏ mỏng, trồng trên núi đá vôi <Mường Khương> & Bắc Hà.",
                category="fruit",
                unit="kg",
                gtin=(body := f"002098{number:07d}") + gtin_check_digit(body),
            )
            for number in range(listings)
        ],
        batch_size=1000,
    )
    created = Listing.objects.bulk_create(
        [
            Listing(
                shop=shop,
                product=product,
                title=product.name,
                description=product.description,
                category="fruit",
                unit=unit,
                status="active",
                push_to_feeds=True,
                price_vnd=60000,
                stock_total=30,
            )
            for product in products
        ],
        batch_size=1000,
    )
    ListingVariant.objects.bulk_create(
        [
            ListingVariant(
                listing=listing,
                label=label,
                price_vnd=price,
                stock=15,
                weight_grams=grams,
                position=position,
            )
            for listing in created
            for position, (label, price, grams) in enumerate(
                (("1 kg", 60000, 1100), ("Hộp 5 kg", 250000, 5400))
            )
        ],
        batch_size=2000,
    )
    return {"listings": listings, "seed_seconds": time.perf_counter() - started}


def read_floor() -> dict:
    """Read the same variant rows as the feed, as bare tuples: the floor."""
    import time

    from banso.market.selectors.feeds import ROW_FIELDS, feed_variants

    started = time.perf_counter()
    rows = sum(1 for _ in feed_variants().values_list(*ROW_FIELDS).iterator(chunk_size=2000))
    return {
        "rows": rows,
        "wall_seconds": time.perf_counter() - started,
        "peak_rss_mb": _peak_rss_mb(),
    }


def write(kind: str) -> dict:
    import time

    from banso.market.services.feeds import feed_categories_default, feed_generate

    feed_categories_default()
    started = time.perf_counter()
    feed = feed_generate(kind=kind)
    return {
        "kind": kind,
        "items": feed.listing_count,
        "wall_seconds": time.perf_counter() - started,
        "peak_rss_mb": _peak_rss_mb(),
        "file_mb": feed.file.size / 1e6,
    }


def child_main(arguments: list[str]) -> None:
    import django

    django.setup()
    command = arguments[0]
    if command == "seed":
        figures = seed(int(arguments[1]))
    elif command == "read":
        figures = read_floor()
    else:
        figures = write(arguments[1])
    print(json.dumps(figures))


if __name__ == "__main__":
    child_main(sys.argv[1:])

"""Checkout of a cart holding goods of three shops, on a scratch SQLite site (and on PostgreSQL
too when ``DATABASE_URL`` names one).

The service call alone is timed (the cart is filled before the clock starts), many times, and
its p50 and p95 are compared with the checkout of a one-shop cart measured in the same process:
three orders should cost at most three times one, since the fixed part (the buyer's checks, the
cart's claim, the transaction) is paid once. Goal: p50 ratio at most 3.

The listings table also holds the search benchmark's 100,000 listings, so that index writes cost
what they would on a full site: a checkout adds to each bought listing's sales count, which the
best-selling index holds, so the row's indexes, the search's included, take a new entry. On
PostgreSQL the search's GIN index is built without a pending list (migration 0003), which makes
each such entry a direct write: the run measures the three-shop checkout again with the pending
list turned on, and gives the share of the listings' row updates that were HOT (heap-only, no
index touched).
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Goal, Measure, Report
from bench.server import child_figures, manage, postgresql_site, site_environment

NAME = "market_checkout"
REPETITIONS = 200
FILLER_LISTINGS = 100_000
WARM_UP = 10
CHILD_TIMEOUT_SECONDS = 900


def _measures(label: str, figures: dict) -> list[Measure]:
    three, one = figures["three_shops"], figures["one_shop"]
    return [
        Measure(f"{NAME} one shop", f"p50, {label}", one["p50_ms"], "ms"),
        Measure(
            NAME,
            f"p50, 3 shops vs 1, {label}",
            three["p50_ms"],
            "ms",
            baseline=one["p50_ms"],
            goal=Goal(3.0, at_least=False),
        ),
        Measure(
            NAME,
            f"p95, 3 shops vs 1, {label}",
            three["p95_ms"],
            "ms",
            baseline=one["p95_ms"],
            goal=Goal(3.0, at_least=False),
        ),
    ]


def _child(environment: dict[str, str]) -> dict:
    return child_figures(
        "bench.market_checkout",
        environment,
        str(REPETITIONS),
        timeout=CHILD_TIMEOUT_SECONDS,
        what="checkout",
    )


def run(options: argparse.Namespace) -> Report:
    details = {}
    with tempfile.TemporaryDirectory(prefix="banso-bench-checkout-") as directory:
        var_dir = Path(directory)
        environment = site_environment(var_dir)
        manage(environment, "migrate", "--no-input", log_path=var_dir / "bench.log")
        details["sqlite"] = _child(environment)
        measures = _measures("SQLite", details["sqlite"])
        with postgresql_site(
            environment, "banso_bench_market_checkout", log_path=var_dir / "pg.log"
        ) as postgresql:
            if postgresql:
                details["postgresql"] = figures = _child(postgresql)
                measures += _measures("PostgreSQL", figures)
                measures.append(
                    Measure(
                        NAME,
                        "p50, 3 shops, GIN index without vs with pending list, PostgreSQL",
                        figures["three_shops"]["p50_ms"],
                        "ms",
                        baseline=figures["three_shops_gin_pending_list"]["p50_ms"],
                    )
                )
    return Report(measures=measures, details=details)


# --- what runs in the child process, with the scratch database -----------------------------


def _fixtures():
    from banso.accounts.services import user_create
    from banso.market.models import ListingVariant
    from banso.market.tests.makers import listing_make, shop_make
    from banso.orgs.services import organisation_create
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.trace.tests.makers import product_make

    if not AdministrativeUnit.objects.filter(is_current=True).exists():
        units_load()
    communes = list(AdministrativeUnit.objects.filter(is_current=True, level="commune")[:3])
    admin = user_create(
        full_name="Quản trị", phone="0981000002", password="bench-pass-1", is_superuser=True
    )
    variants = []
    for index, unit in enumerate(communes, start=1):
        organisation = organisation_create(
            actor=admin, name=f"Hợp tác xã số {index}", kind="cooperative", unit=unit
        )
        product = product_make(organisation, name=f"Đặc sản số {index}", item=index)
        listing = listing_make(
            shop_make(organisation, slug=f"htx-{index}", offers_pickup=True),
            product,
            variants=[("1 kg", 50_000 * index, 1_000_000)],
        )
        variants.append(ListingVariant.objects.get(listing=listing))
    return variants


def _timed(variants, repetitions: int) -> dict:
    import statistics

    from banso.market.models import Cart
    from banso.market.services.cart import cart_add
    from banso.market.services.checkout import checkout

    samples = []
    for repetition in range(repetitions + WARM_UP):
        cart = Cart.objects.create()
        for variant in variants:
            cart_add(cart=cart, variant=variant, quantity=2)
        started = time.perf_counter()
        checkout(
            cart=cart,
            buyer_name="Nguyễn Thị Mai",
            buyer_phone="0912345678",
            delivery_method="pickup",
            payment_method="cod",
        )
        if repetition >= WARM_UP:
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "repetitions": repetitions,
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[int(len(samples) * 0.95) - 1],
    }


def _listing_updates() -> tuple[int, int]:
    """(row updates, HOT row updates) of the listings table so far, on PostgreSQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    # The flush happens when the session goes idle, after that statement; read in a new snapshot.
    time.sleep(1.5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
            "WHERE relname = 'market_listing'"
        )
        updated, hot = cursor.fetchone()
    return updated, hot


def child_main(repetitions: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from bench.market_search import listings_make, shops_make

    variants = _fixtures()
    listings_make(shops_make(), FILLER_LISTINGS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    postgresql = connection.vendor == "postgresql"
    before = _listing_updates() if postgresql else (0, 0)
    figures: dict = {
        "filler_listings": FILLER_LISTINGS,
        "one_shop": _timed(variants[:1], repetitions),
        "three_shops": _timed(variants, repetitions),
    }
    if postgresql:
        after = _listing_updates()
        updated, hot = after[0] - before[0], after[1] - before[1]
        figures["listing_updates"] = updated
        figures["listing_updates_hot_share"] = round(hot / updated, 3) if updated else None
        with connection.cursor() as cursor:
            cursor.execute("ALTER INDEX market_listing_search_words SET (fastupdate = on)")
        figures["three_shops_gin_pending_list"] = _timed(variants, repetitions)
    print(json.dumps(figures))


if __name__ == "__main__":
    child_main(int(sys.argv[1]))

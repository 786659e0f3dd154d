"""Checkout of a cart holding goods of three shops, on a scratch SQLite site.

The service call alone is timed (the cart is filled before the clock starts), many times, and
its p50 and p95 are compared with the checkout of a one-shop cart measured in the same process:
three orders should cost at most three times one, since the fixed part (the buyer's checks, the
cart's claim, the transaction) is paid once. Goal: p50 ratio at most 3.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.report import Goal, Measure, Report
from bench.server import child_figures, manage, site_environment

NAME = "market_checkout"
REPETITIONS = 200
WARM_UP = 10
CHILD_TIMEOUT_SECONDS = 900


def run(options: argparse.Namespace) -> Report:
    with tempfile.TemporaryDirectory(prefix="banso-bench-checkout-") as directory:
        var_dir = Path(directory)
        environment = site_environment(var_dir)
        manage(environment, "migrate", "--no-input", log_path=var_dir / "bench.log")
        figures = child_figures(
            "bench.market_checkout",
            environment,
            str(REPETITIONS),
            timeout=CHILD_TIMEOUT_SECONDS,
            what="checkout",
        )
    three, one = figures["three_shops"], figures["one_shop"]
    return Report(
        measures=[
            Measure(f"{NAME} one shop", "p50", one["p50_ms"], "ms"),
            Measure(
                NAME,
                "p50, 3 shops vs 1",
                three["p50_ms"],
                "ms",
                baseline=one["p50_ms"],
                goal=Goal(3.0, at_least=False),
            ),
            Measure(
                NAME,
                "p95, 3 shops vs 1",
                three["p95_ms"],
                "ms",
                baseline=one["p95_ms"],
                goal=Goal(3.0, at_least=False),
            ),
        ],
        details=figures,
    )


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
        full_name="Quản trị", phone="0981000001", password="bench-pass-1", is_superuser=True
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
    import time

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


def child_main(repetitions: int) -> None:
    import django

    django.setup()
    variants = _fixtures()
    figures = {
        "one_shop": _timed(variants[:1], repetitions),
        "three_shops": _timed(variants, repetitions),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    child_main(int(sys.argv[1]))

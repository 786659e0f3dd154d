"""The marketplace search over 100,000 listings, on a scratch SQLite site (and on PostgreSQL
too when ``DATABASE_URL`` names one: a scratch database is made beside it and dropped after).

A child process migrates the scratch database, makes 60 shops across Lào Cai's communes and
100,000 listings with realistic Vietnamese titles (product × quality × commune, bulk inserted,
their folded ``search_text`` computed by the platform's own function), then runs
``listing_search`` for a set of queries a buyer types — whole words, beginnings of words, a
single letter, words without diacritics, filters, a query that finds nothing — each the same
number of times, and reports the latency of a whole call (the page of 20, its count, its
photos) as p50 and p95.

The baseline, measured in the same child: fetching the very pages the searches returned by
their primary keys, with the same related rows. That is what showing 20 listings costs without
searching for them, so the ratio is the price of finding them. A table scan with ``LIKE`` on
the folded column (what the search would cost without its index) is in the details. The goal
is absolute, as the design states it: p95 within 30 ms.
"""

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from bench.report import Goal, Measure, Report, quantile
from bench.server import child_figures, manage, postgresql_site, site_environment

NAME = "market_search"
LISTINGS = 100_000
SHOPS = 60
ROUNDS = 15
GOAL_P95_MS = 30.0
CHILD_TIMEOUT_SECONDS = 1800

PRODUCTS = [
    ("Quýt", "fruit"),
    ("Mận tam hoa", "fruit"),
    ("Lê Tai Nung", "fruit"),
    ("Táo mèo", "fruit"),
    ("Cam sành", "fruit"),
    ("Chè Shan Tuyết", "tea"),
    ("Hồng trà cổ thụ", "tea"),
    ("Gạo Séng Cù", "rice_grain"),
    ("Gạo nếp cẩm", "rice_grain"),
    ("Mật ong bạc hà", "processed_food"),
    ("Đường phèn", "processed_food"),
    ("Thịt trâu gác bếp", "processed_food"),
    ("Lạp xưởng hun khói", "processed_food"),
    ("Rượu ngô Bản Phố", "processed_food"),
    ("Miến dong", "processed_food"),
    ("Thảo quả", "medicinal_herb"),
    ("Tam thất", "medicinal_herb"),
    ("Nấm hương", "vegetable"),
    ("Măng khô", "vegetable"),
    ("Su su", "vegetable"),
    ("Cá hồi", "livestock"),
    ("Gà đen", "livestock"),
    ("Thổ cẩm", "handicraft"),
    ("Túi thổ cẩm Dao đỏ", "handicraft"),
]
QUALITIES = [
    "ngon",
    "sạch",
    "hữu cơ",
    "đặc sản",
    "loại 1",
    "túi 500 g",
    "hộp quà",
    "VietGAP",
    "tươi",
    "sấy khô",
    "nhà làm",
    "chính gốc",
]
QUERIES: list[dict[str, Any]] = [
    {"query": "quyt"},
    {"query": "Quýt Mường"},
    {"query": "che shan tuyet"},
    {"query": "man tam hoa bac ha"},
    {"query": "duong"},
    {"query": "mat ong"},
    {"query": "gao seng"},
    {"query": "th"},
    {"query": "tha"},
    {"query": "q"},
    {"query": "sa pa"},
    {"query": "xyz khong co"},
    {"query": "thao qua", "price_max": 200_000},
    {"query": "", "category": "tea"},
    {"query": "", "ocop_stars_min": 4},
    {"query": "gao", "unit_code": "__first_commune__"},
    {"query": ""},
]


def _child(environment: dict[str, str]) -> dict:
    return child_figures(
        "bench.market_search", environment, timeout=CHILD_TIMEOUT_SECONDS, what="market search"
    )


def _measures(label: str, figures: dict) -> list[Measure]:
    return [
        Measure(
            NAME,
            f"p50, {label}",
            figures["p50_ms"],
            "ms",
            baseline=figures["baseline_p50_ms"],
        ),
        Measure(
            NAME,
            f"p95, {label}",
            figures["p95_ms"],
            "ms",
            baseline=figures["baseline_p95_ms"],
        ),
        Measure(
            NAME,
            f"p95 vs 30 ms goal, {label}",
            figures["p95_ms"],
            "ms",
            baseline=GOAL_P95_MS,
            goal=Goal(1.0, at_least=False),
        ),
    ]


def run(options: argparse.Namespace) -> Report:
    details = {}
    measures = []
    with tempfile.TemporaryDirectory(prefix="banso-bench-search-") as directory:
        var_dir = Path(directory)
        environment = site_environment(var_dir)
        manage(environment, "migrate", "--no-input", "-v0", log_path=var_dir / "bench.log")
        details["sqlite"] = _child(environment)
        measures += _measures("SQLite, 100,000 listings", details["sqlite"])
        with postgresql_site(
            environment, "banso_bench_market_search", log_path=var_dir / "pg.log"
        ) as postgresql:
            if postgresql:
                details["postgresql"] = _child(postgresql)
                measures += _measures("PostgreSQL, 100,000 listings", details["postgresql"])
    return Report(measures=measures, details=details)


# --- what runs in the child process, with the scratch database -----------------------------


def shops_make():
    from banso.accounts.services import user_create
    from banso.common.text import fold
    from banso.market.models import Shop, ShopStatus
    from banso.orgs.services import organisation_create
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit

    if not AdministrativeUnit.objects.exists():
        units_load()
    communes = list(
        AdministrativeUnit.objects.filter(
            is_current=True, level="commune", parent__code="15"
        ).order_by("code")[:SHOPS]
    )
    admin = user_create(
        full_name="Quản trị", phone="0981000001", password="bench-pass-1", is_superuser=True
    )
    shops = []
    for number, commune in enumerate(communes):
        name = f"Hợp tác xã {commune.short_name} {number}"
        organisation = organisation_create(actor=admin, name=name, kind="cooperative", unit=commune)
        shops.append(
            Shop.objects.create(
                organisation=organisation,
                name=name,
                name_folded=fold(name),
                slug=f"shop-{number}",
                unit=commune,
                status=ShopStatus.APPROVED,
            )
        )
    return shops


def listings_make(shops, count: int = LISTINGS) -> None:
    import datetime
    import random

    from django.db import transaction

    from banso.market.models import Listing, ListingStatus
    from banso.market.services.summary import listing_search_text
    from banso.orgs.models import Certificate
    from banso.trace.gs1 import gtin_check_digit
    from banso.trace.models import Product

    chance = random.Random(5)
    products = {}
    for shop in shops:
        for item, (name, category) in enumerate(PRODUCTS):
            body = f"0020989{shop.pk:04d}{item:02d}"
            products[shop.pk, item] = Product.objects.create(
                organisation=shop.organisation,
                name=name,
                name_folded=name.lower(),
                category=category,
                unit="kg",
                gtin=body + gtin_check_digit(body),
            )
    certificates = {
        shop.pk: Certificate.objects.create(
            organisation=shop.organisation,
            kind="ocop",
            issuer="UBND tỉnh Lào Cai",
            number=f"OCOP-{shop.pk}",
            valid_from=datetime.date(2024, 1, 1),
            ocop_stars=3 + shop.pk % 3,
            ocop_year=2024,
        )
        for shop in shops
    }
    batch = []
    with transaction.atomic():
        for number in range(count):
            shop = shops[number % len(shops)]
            item = chance.randrange(len(PRODUCTS))
            product = products[shop.pk, item]
            quality = QUALITIES[chance.randrange(len(QUALITIES))]
            ocop = number % 10 == 0
            listing = Listing(
                shop=shop,
                product=product,
                title=f"{product.name} {quality} {shop.unit.short_name}",
                category=product.category,
                unit=shop.unit,
                status=ListingStatus.HIDDEN if chance.random() < 0.05 else ListingStatus.ACTIVE,
                price_vnd=chance.randrange(20, 2000) * 1000,
                stock_total=chance.randrange(0, 200),
                sold_count=chance.randrange(0, 500),
                ocop_certificate=certificates[shop.pk] if ocop else None,
                ocop_group="food" if ocop else "",
            )
            listing.search_text = listing_search_text(listing)
            batch.append(listing)
            if len(batch) == 2000:
                Listing.objects.bulk_create(batch)
                batch = []
        Listing.objects.bulk_create(batch)


def _timed(call, rounds: int) -> list[float]:
    import time

    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def child_main() -> None:
    import time

    import django

    django.setup()
    from django.db import connection

    from banso.market.models import Listing
    from banso.market.selectors.search import (
        listing_cards_attach,
        listing_search,
        listing_search_communes,
    )

    started = time.perf_counter()
    shops = shops_make()
    listings_make(shops)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    prepared = time.perf_counter() - started
    first_commune = shops[0].unit.code

    searches, pages, per_query = [], [], {}
    for arguments in QUERIES:
        arguments = {
            key: first_commune if value == "__first_commune__" else value
            for key, value in arguments.items()
        }
        listing_search(**arguments)  # warm the caches once
        times = _timed(lambda arguments=arguments: listing_search(**arguments), ROUNDS)
        searches += times
        result = listing_search(**arguments)
        per_query[json.dumps(arguments, ensure_ascii=False)] = {
            "total": result.total,
            "p50_ms": quantile(times, 0.5),
            "max_ms": max(times),
        }
        pks = [listing.pk for listing in result.listings]
        pages += _timed(
            lambda pks=pks: listing_cards_attach(
                list(
                    Listing.objects.filter(pk__in=pks).select_related(
                        "shop", "unit", "ocop_certificate"
                    )
                )
            ),
            ROUNDS,
        )
    communes = _timed(lambda: list(listing_search_communes()), ROUNDS)
    scans = _timed(
        lambda: Listing.objects.filter(search_text__contains="mat ong").count(),
        ROUNDS,
    )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "listings": Listing.objects.count(),
                "prepare_seconds": prepared,
                "calls": len(searches),
                "p50_ms": quantile(searches, 0.5),
                "p95_ms": quantile(searches, 0.95),
                "max_ms": max(searches),
                "baseline_p50_ms": quantile(pages, 0.5),
                "baseline_p95_ms": quantile(pages, 0.95),
                "like_scan_p95_ms": quantile(scans, 0.95),
                "commune_filter_choices_p50_ms": quantile(communes, 0.5),
                "queries": per_query,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    child_main()

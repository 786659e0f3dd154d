"""The worker is killed (SIGKILL) in the middle of a 100,000-stamp run and started again: the
run completes with exactly 100,000 stamps numbered 1…100,000, no serial lost or repeated, and
a complete PDF.

Everything runs as on the server (``banso.jobs.tests.processes``): ``manage.py`` in child
processes on a SQLite file of its own, the real ``manage.py worker``.
"""

import math
import os
import signal
import sqlite3
import time
from contextlib import closing

import pypdfium2
import pytest
from django.conf import settings

from banso.jobs.tests.processes import environment, manage, query, wait_for, worker
from banso.stamps import layout
from banso.stamps.models import LabelTemplate
from banso.stamps.printing import stamp_path
from banso.stamps.tests.run_support import decode_pages

QUANTITY = 100_000
ORDER = f"""
import datetime
from django.db import transaction
from banso.accounts.services import user_create
from banso.orgs.services import organisation_create
from banso.places.loading import units_load
from banso.places.models import AdministrativeUnit
from banso.stamps.services.runs import stamp_run_create
from banso.trace.models import Lot, Product

units_load()
unit = AdministrativeUnit.objects.filter(is_current=True, level="commune").first()
admin = user_create(
    full_name="Quản trị", phone="0981000001", password="crash-test-1", is_superuser=True
)
coop = organisation_create(actor=admin, name="Hợp tác xã Quýt", kind="cooperative", unit=unit)
product = Product.objects.create(
    organisation=coop, name="Quýt", name_folded="quyt", category="fruit", unit="kg",
    gtin="00209890000019",
)
lot = Lot.objects.create(
    product=product, code="MK2025-11", harvest_unit=unit,
    harvest_date=datetime.date(2025, 11, 20), quantity=1000, quantity_unit="kg",
)
with transaction.atomic():
    run = stamp_run_create(actor=admin, product=product, lot=lot, quantity={QUANTITY},
                           with_pin=True)
print(run.pk)
"""
# Runs whose heartbeat is older than this are resumed when the worker starts.
RESUME_AFTER_SECONDS = 2


@pytest.mark.slow
def test_a_killed_worker_s_run_completes_after_restart(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = environment(var_dir, BANSO_STAMP_RUN_STALE_SECONDS=str(RESUME_AFTER_SECONDS))
    database = var_dir / "banso.sqlite3"
    log = tmp_path / "worker.log"
    manage("migrate", "--noinput", "-v0", env=env)
    run_id = int(manage("shell", "-c", ORDER, env=env).split()[-1])

    def issued() -> int:
        return query(database, "SELECT issued_count FROM stamps_stamprun WHERE id = ?", run_id)[0]

    started = time.monotonic()
    first = worker(env, log)
    try:
        wait_for(
            lambda: QUANTITY // 10 <= issued() <= QUANTITY * 6 // 10,
            timeout=120,
            what="10 % of the serials",
            process=first,
            log=log,
        )
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    killed_at = time.monotonic() - started

    # Killed mid-way: the stored stamps are exactly those the run counts, 1…k.
    status, count = query(
        database, "SELECT status, issued_count FROM stamps_stamprun WHERE id = ?", run_id
    )
    stored, top = query(
        database, "SELECT COUNT(*), MAX(number) FROM stamps_stamp WHERE run_id = ?", run_id
    )
    assert status == "issuing"
    assert 0 < count == stored == top < QUANTITY
    partial = count

    time.sleep(RESUME_AFTER_SECONDS + 0.5)
    second = worker(env, log)
    try:
        wait_for(
            lambda: (
                query(database, "SELECT status FROM stamps_stamprun WHERE id = ?", run_id)[0]
                in ("ready", "failed")
            ),
            timeout=300,
            what="the run to finish",
            process=second,
            log=log,
        )
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    finished_at = time.monotonic() - started

    status, count, pdf, secret = query(
        database,
        "SELECT status, issued_count, pdf, pin_secret FROM stamps_stamprun WHERE id = ?",
        run_id,
    )
    assert status == "ready", log.read_text()[-3000:]
    assert count == QUANTITY and not secret
    rows, serials, numbers, low, high, hashed = query(
        database,
        "SELECT COUNT(*), COUNT(DISTINCT serial), COUNT(DISTINCT number), MIN(number), "
        "MAX(number), SUM(pin_hash != '') FROM stamps_stamp WHERE run_id = ?",
        run_id,
    )
    assert (rows, serials, numbers, low, high, hashed) == (
        QUANTITY,
        QUANTITY,
        QUANTITY,
        1,
        QUANTITY,
        QUANTITY,
    )

    data = (var_dir / "media" / pdf).read_bytes()
    per_page = layout.sheet_build(layout.TEMPLATES[LabelTemplate.A4_30MM]).per_page
    pages = len(pypdfium2.PdfDocument(data))
    assert pages == math.ceil(QUANTITY / per_page)
    found = decode_pages(data, pages=[0, pages - 1])
    with closing(sqlite3.connect(database)) as connection:
        by_number = dict(
            connection.execute(
                "SELECT number, serial FROM stamps_stamp WHERE run_id = ? AND "
                "(number <= ? OR number > ?)",
                (run_id, per_page, (pages - 1) * per_page),
            ).fetchall()
        )

    def uri(number: int) -> str:
        path = stamp_path(gtin="00209890000019", lot_code="MK2025-11", serial=by_number[number])
        return settings.SITE_URL + path

    assert set(found[0]) == {uri(number) for number in range(1, per_page + 1)}
    last = range((pages - 1) * per_page + 1, QUANTITY + 1)
    assert set(found[1]) == {uri(number) for number in last}
    print(f"killed after {killed_at:.1f} s at {partial} stamps; ready after {finished_at:.1f} s")

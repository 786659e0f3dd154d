"""The worker is killed (SIGKILL) in the middle of an EPCIS capture job and a fresh worker is
started: the job does not stay "running"; the fresh worker finds the task lost with its worker,
queues it again, and the capture, all or nothing, stores every event exactly once.

Everything runs as on the server (``banso.jobs.tests.processes``): ``manage.py`` in child
processes on a SQLite file of their own, the real ``manage.py worker``.
"""

import os
import signal
import time

import pytest

from banso.jobs.tests.processes import environment, manage, query, wait_for, worker

EVENTS = 20_000
# A worker silent this long is taken for dead by the others.
STALE_SECONDS = 2
SUBMIT = f"""
import datetime
from banso.accounts.services import user_create
from banso.orgs.services import organisation_create
from banso.places.loading import units_load
from banso.places.models import AdministrativeUnit
from banso.trace.models import Lot, Product
from banso.trace.services.capture_jobs import capture_job_create

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
lots = [
    Lot.objects.create(
        product=product, code=f"MK2025-{{number}}", harvest_unit=unit,
        harvest_date=datetime.date(2025, 11, number), quantity=1000, quantity_unit="kg",
    )
    for number in range(1, 6)
]
start = datetime.datetime(2025, 11, 1, 6, 0, tzinfo=datetime.UTC)
steps = [("packing", "in_progress"), ("inspecting", "conformant"), ("shipping", "in_transit")]
events = []
for index in range({EVENTS}):
    lot = lots[index % len(lots)]
    step, disposition = steps[index % len(steps)]
    moment = start + datetime.timedelta(seconds=37 * index)
    events.append({{
        "type": "ObjectEvent",
        "eventTime": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "eventTimeZoneOffset": "+07:00",
        "epcList": [],
        "action": "OBSERVE",
        "bizStep": step,
        "disposition": disposition,
        "readPoint": {{"id": "https://id.gs1.org/414/8931234567891"}},
        "quantityList": [{{
            "epcClass": f"https://id.gs1.org/01/{{product.gtin}}/10/{{lot.code}}",
            "quantity": 12.5 + index % 40,
            "uom": "KGM",
        }}],
    }})
document = {{
    "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
    "type": "EPCISDocument",
    "schemaVersion": "2.0",
    "creationDate": "2025-12-01T00:00:00.000Z",
    "epcisBody": {{"eventList": events}},
}}
job = capture_job_create(document=document, actor=admin, event_count=len(events))
print(job.pk.hex)
"""


@pytest.mark.slow
def test_a_capture_job_of_a_killed_worker_is_finished_by_a_fresh_one(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = environment(var_dir, BANSO_WORKER_STALE_SECONDS=str(STALE_SECONDS))
    database = var_dir / "banso.sqlite3"
    log = tmp_path / "worker.log"
    manage("migrate", "--noinput", "-v0", env=env)
    job_id = manage("shell", "-c", SUBMIT, env=env).split()[-1]

    def job() -> tuple:
        return query(
            database, "SELECT status, stored_count FROM trace_capturejob WHERE id = ?", job_id
        )

    def events() -> int:
        return query(
            database, "SELECT COUNT(*) FROM trace_traceevent WHERE capture_job_id = ?", job_id
        )[0]

    first = worker(env, log)
    try:
        wait_for(
            lambda: job()[0] == "running", timeout=120, what="the capture", process=first, log=log
        )
        time.sleep(0.5)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)

    # Killed mid-capture: the job shows running, nothing is stored, and the queue's row of the
    # task is left running by a worker that is gone.
    assert job() == ("running", 0)
    assert events() == 0
    (queued,) = query(
        database,
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'",
    )
    assert queued == 1

    second = worker(env, log)
    try:
        wait_for(
            lambda: job()[0] in ("succeeded", "failed"),
            timeout=180,
            what="the job to finish",
            process=second,
            log=log,
        )
        assert second.poll() is None
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)

    assert job() == ("succeeded", EVENTS), log.read_text()[-3000:]
    assert events() == EVENTS
    rows = query(
        database,
        "SELECT group_concat(status || ':' || exception_class_path, ' ') "
        # The capture's tasks only: the products' translations have their own.
        "FROM (SELECT * FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%capture%' ORDER BY enqueued_at)",
    )[0]
    assert rows == "FAILED:banso.jobs.resume.WorkerLost SUCCESSFUL:"
    assert '"event": "task_lost"' in log.read_text()

"""Ordering a run and running it: permissions, the task queue, resuming a run cut short."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from banso.jobs.models import ProgressStatus, TaskProgress
from banso.stamps.models import Stamp, StampRun, StampStatus
from banso.stamps.serials import pin_for, pin_matches
from banso.stamps.services import runs
from banso.stamps.services.runs import stamp_run_create, stamp_run_execute, stamp_runs_resume
from banso.stamps.tests.conftest import lot_make, product_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_product(other_coop):
    return product_make(other_coop, name="Mận Bắc Hà", item=2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def order(actor, product, callbacks, **options):
    with callbacks(execute=True):
        return stamp_run_create(actor=actor, product=product, **{"quantity": 30, **options})


def test_a_member_orders_a_run_queued_after_commit(
    coop_member, product, lot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = stamp_run_create(actor=coop_member, product=product, lot=lot, quantity=30)
        assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    task = DBTaskResult.objects.get()
    assert task.task_path == "banso.stamps.tasks.stamp_run_task"
    assert task.args_kwargs["kwargs"] == {"progress_id": run.progress_id, "run_id": run.pk}
    run.refresh_from_db()
    assert (run.organisation, run.status, run.issued_count) == (
        product.organisation,
        StampRun.Status.QUEUED,
        0,
    )
    assert run.progress.owner == coop_member and run.progress.task_result_id == str(task.pk)
    assert run.created_by == coop_member and run.pin_secret == b""


def test_another_coop_cannot_order_for_our_product(
    other_coop_member, make_user, product, django_capture_on_commit_callbacks
):
    for actor in (other_coop_member, make_user("Người lạ"), None):
        with pytest.raises(PermissionDenied):
            order(actor, product, django_capture_on_commit_callbacks)
    assert not StampRun.objects.exists()
    assert not TaskProgress.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_lot_must_be_of_the_product(
    coop_member, product, other_product, bac_ha, django_capture_on_commit_callbacks
):
    foreign_lot = lot_make(other_product, bac_ha, code="BH-1")
    with pytest.raises(ValidationError) as raised:
        order(coop_member, product, django_capture_on_commit_callbacks, lot=foreign_lot)
    assert "lot" in raised.value.message_dict
    assert not StampRun.objects.exists() and not TaskProgress.objects.exists()


@pytest.mark.parametrize(
    "options",
    [
        {"quantity": 0},
        {"quantity": 200_001},
        {"with_pin": True, "pin_length": 5},
        {"template": "custom"},
        {"template": "custom", "label_width_mm": 12, "label_height_mm": 12},
    ],
)
def test_bad_orders_are_refused_and_nothing_is_written(
    coop_member, product, django_capture_on_commit_callbacks, options
):
    with pytest.raises(ValidationError):
        order(coop_member, product, django_capture_on_commit_callbacks, **options)
    assert not StampRun.objects.exists() and not TaskProgress.objects.exists()


def test_a_run_issues_its_stamps_and_files_and_forgets_its_pin_secret(
    coop_member, product, lot, django_capture_on_commit_callbacks
):
    run = order(coop_member, product, django_capture_on_commit_callbacks, lot=lot, with_pin=True)
    secret = bytes(run.pin_secret)
    assert len(secret) == 32
    run = stamp_run_execute(run_id=run.pk)
    assert run.status == StampRun.Status.READY and run.finished_at is not None
    assert run.pin_secret in (b"", None) or bytes(run.pin_secret) == b""
    assert run.issued_count == 30
    stamps = list(run.stamps.order_by("number"))
    assert [stamp.number for stamp in stamps] == list(range(1, 31))
    assert len({stamp.serial for stamp in stamps}) == 30
    assert {stamp.status for stamp in stamps} == {StampStatus.ISSUED}
    for stamp in stamps:
        assert pin_matches(stamp.serial, pin_for(secret, stamp.serial, 6), stamp.pin_hash)
    assert run.pdf.name.endswith(".pdf") and run.pdf.size > 1_000
    assert run.serials_csv.size > 0 and run.serials_xlsx.size > 0
    progress = TaskProgress.objects.get(pk=run.progress_id)
    assert (progress.status, progress.percent) == (ProgressStatus.DONE, 100)
    assert progress.result_url == reverse("stamps:run-detail", args=[run.pk])
    # Running it again changes nothing.
    files = (run.pdf.name, run.serials_csv.name)
    again = stamp_run_execute(run_id=run.pk)
    assert (again.pdf.name, again.serials_csv.name) == files
    assert Stamp.objects.filter(run=run).count() == 30


def test_a_run_cut_short_resumes_where_it_stopped(
    coop_member, product, lot, django_capture_on_commit_callbacks
):
    run = order(
        coop_member,
        product,
        django_capture_on_commit_callbacks,
        lot=lot,
        quantity=50,
        with_pin=True,
    )
    secret = bytes(run.pin_secret)
    # A first pass stored 20 stamps, then its worker was killed.
    assert runs._issue_batch(run, 20) == 20
    StampRun.objects.filter(pk=run.pk).update(status=StampRun.Status.ISSUING)
    first = dict(Stamp.objects.filter(run=run).values_list("number", "serial"))
    assert StampRun.objects.get(pk=run.pk).issued_count == 20

    run = stamp_run_execute(run_id=run.pk)
    assert run.status == StampRun.Status.READY and run.issued_count == 50
    numbers = dict(Stamp.objects.filter(run=run).values_list("number", "serial"))
    assert sorted(numbers) == list(range(1, 51))
    assert {number: numbers[number] for number in first} == first
    assert len(set(numbers.values())) == 50
    for serial, stored in Stamp.objects.filter(run=run).values_list("serial", "pin_hash"):
        assert pin_matches(serial, pin_for(secret, serial, 6), stored)


def test_a_run_laid_out_halfway_is_laid_out_again(
    coop_member, product, django_capture_on_commit_callbacks
):
    run = order(coop_member, product, django_capture_on_commit_callbacks)
    runs._issue_batch(run, 30)
    StampRun.objects.filter(pk=run.pk).update(status=StampRun.Status.LAYING_OUT)
    run = stamp_run_execute(run_id=run.pk)
    assert run.status == StampRun.Status.READY and run.stamps.count() == 30
    assert run.pdf.size > 0


def test_resume_queues_only_orphaned_runs(coop_member, product, django_capture_on_commit_callbacks):
    waiting = order(coop_member, product, django_capture_on_commit_callbacks)
    orphaned = order(coop_member, product, django_capture_on_commit_callbacks)
    busy = order(coop_member, product, django_capture_on_commit_callbacks)
    done = order(coop_member, product, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    old_task = TaskProgress.objects.get(pk=orphaned.progress_id).task_result_id
    # The orphan's worker picked its task up and died; the busy one's worker is alive.
    DBTaskResult.objects.filter(pk=old_task).update(status=TaskResultStatus.RUNNING)
    StampRun.objects.filter(pk=orphaned.pk).update(
        status=StampRun.Status.ISSUING, heartbeat_at=long_ago
    )
    StampRun.objects.filter(pk=busy.pk).update(
        status=StampRun.Status.ISSUING, heartbeat_at=timezone.now()
    )
    StampRun.objects.filter(pk=done.pk).update(status=StampRun.Status.READY, heartbeat_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        resumed = stamp_runs_resume()
    assert resumed == [orphaned.pk]
    assert DBTaskResult.objects.count() == 5
    assert DBTaskResult.objects.get(pk=old_task).status == TaskResultStatus.FAILED
    orphaned.progress.refresh_from_db()
    new_task = DBTaskResult.objects.get(pk=orphaned.progress.task_result_id)
    assert new_task.status == TaskResultStatus.READY
    assert new_task.args_kwargs["kwargs"]["run_id"] == orphaned.pk
    # Called again at once, nothing more is queued.
    with django_capture_on_commit_callbacks(execute=True):
        assert stamp_runs_resume() == []
    assert waiting.pk not in resumed


def test_the_worker_runs_the_task_to_the_end(
    coop_member, product, lot, run_worker, django_capture_on_commit_callbacks
):
    run = order(coop_member, product, django_capture_on_commit_callbacks, lot=lot)
    run_worker()
    run.refresh_from_db()
    assert run.status == StampRun.Status.READY and run.stamps.count() == 30
    task = DBTaskResult.objects.get(pk=run.progress.task_result_id)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == {"run": run.pk, "status": "ready", "issued": 30}

"""Tasks lost with their worker are queued again (resumable ones, a few times) or failed, and
their progress bars follow; tasks of a live worker are left alone."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from banso.jobs import resume
from banso.jobs.models import ProgressStatus, TaskProgress, WorkerHeartbeat
from banso.jobs.services import progress_create, worker_beat
from banso.jobs.tests.tasks import count_in_steps

pytestmark = pytest.mark.django_db

STALE = datetime.timedelta(seconds=60)


@pytest.fixture
def registry(monkeypatch):
    """The apps' registrations stay; the test adds its own for ``count_in_steps``."""
    monkeypatch.setattr(resume, "_registry", dict(resume._registry))
    given_up = []

    def register(attempts=3):
        resume.task_resumable_register(
            count_in_steps, attempts=attempts, give_up=lambda **kwargs: given_up.append(kwargs)
        )
        return given_up

    return register


def _claimed(*, worker: str, minutes_ago: int = 5) -> tuple[DBTaskResult, TaskProgress]:
    """A task a worker claimed ``minutes_ago``, with its progress bar."""
    progress = progress_create(title="Xuất báo cáo")
    result = count_in_steps.enqueue(progress_id=progress.pk, steps=2)
    TaskProgress.objects.filter(pk=progress.pk).update(
        task_result_id=str(result.id), status=ProgressStatus.RUNNING
    )
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=[worker],
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    return DBTaskResult.objects.get(pk=result.id), progress


def _heartbeat(worker: str, *, seconds_ago: int) -> None:
    worker_beat(worker_id=worker)
    WorkerHeartbeat.objects.filter(pk=worker).update(
        seen_at=timezone.now() - datetime.timedelta(seconds=seconds_ago)
    )


def test_a_task_of_a_live_worker_is_left_alone(registry):
    registry()
    _heartbeat("alive", seconds_ago=5)
    row, _progress = _claimed(worker="alive")
    assert resume.tasks_lost_resume(stale_after=STALE) == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_a_just_started_task_of_an_unknown_worker_is_left_alone(registry):
    registry()
    _claimed(worker="db-worker", minutes_ago=0)
    assert resume.tasks_lost_resume(stale_after=STALE) == []


def test_a_resumable_task_of_a_dead_worker_is_queued_again_and_its_bar_follows(registry):
    registry()
    _heartbeat("dead", seconds_ago=600)
    row, progress = _claimed(worker="dead")
    assert resume.tasks_lost_resume(stale_after=STALE) == [str(row.pk)]
    row.refresh_from_db()
    assert (row.status, row.exception_class_path) == (TaskResultStatus.FAILED, resume.WORKER_LOST)
    again = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert again.task_path == row.task_path and again.args_kwargs == row.args_kwargs
    progress.refresh_from_db()
    assert progress.task_result_id == str(again.pk)
    # A second look finds nothing more to do.
    assert resume.tasks_lost_resume(stale_after=STALE) == []
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_task_lost_too_often_is_given_up(registry):
    given_up = registry(attempts=2)
    row, progress = _claimed(worker="dead")
    assert resume.tasks_lost_resume(stale_after=STALE) == [str(row.pk)]
    again = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    DBTaskResult.objects.filter(pk=again.pk).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=["dead too"],
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert resume.tasks_lost_resume(stale_after=STALE) == [str(again.pk)]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert given_up == [{"progress_id": progress.pk, "steps": 2}]
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.FAILED
    assert progress.message


def test_a_task_nobody_declared_resumable_fails_with_its_bar():
    row, progress = _claimed(worker="dead")
    assert resume.tasks_lost_resume(stale_after=STALE) == [str(row.pk)]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.FAILED


def test_a_resumable_task_that_met_a_locked_database_is_queued_again_later(registry):
    registry(attempts=2)
    row, progress = _claimed(worker="alive")
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.FAILED, exception_class_path="django.db.utils.OperationalError"
    )
    row.refresh_from_db()
    again = resume.task_transient_retry(row)
    queued = DBTaskResult.objects.get(pk=again)
    assert queued.status == TaskResultStatus.READY
    assert queued.run_after > timezone.now()
    progress.refresh_from_db()
    assert progress.task_result_id == again
    # A second transient failure of the same work is the last one allowed.
    DBTaskResult.objects.filter(pk=again).update(
        status=TaskResultStatus.FAILED, exception_class_path="django.db.utils.InterfaceError"
    )
    queued.refresh_from_db()
    assert resume.task_transient_retry(queued) is None
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.FAILED


def test_the_apps_declare_their_resumable_tasks():
    assert {
        "banso.trace.tasks.capture_job_task",
        "banso.stamps.tasks.stamp_run_task",
        "banso.market.tasks.feeds_regenerate_task",
    } <= set(resume._registry)


def test_bars_whose_task_is_gone_or_failed_silently_are_failed():
    old = timezone.now() - datetime.timedelta(minutes=5)
    never_queued = progress_create(title="never queued")
    silent_row, silent_bar = _claimed(worker="w")
    DBTaskResult.objects.filter(pk=silent_row.pk).update(status=TaskResultStatus.FAILED)
    waiting = progress_create(title="waiting")
    result = count_in_steps.enqueue(progress_id=waiting.pk, steps=1)
    TaskProgress.objects.filter(pk=waiting.pk).update(task_result_id=str(result.id))
    recent = progress_create(title="just made")
    TaskProgress.objects.exclude(pk=recent.pk).update(updated_at=old)

    failed = resume.progress_orphans_fail(stale_after=STALE)
    assert sorted(failed) == sorted([never_queued.pk, silent_bar.pk])
    statuses = dict(TaskProgress.objects.values_list("title", "status"))
    assert statuses == {
        "never queued": ProgressStatus.FAILED,
        "Xuất báo cáo": ProgressStatus.FAILED,
        "waiting": ProgressStatus.QUEUED,
        "just made": ProgressStatus.QUEUED,
    }

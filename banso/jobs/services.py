import os
import socket

from django.db import transaction
from django.utils import timezone

from banso.jobs.models import ProgressStatus, TaskProgress, WorkerHeartbeat


def progress_create(*, title: str, owner=None) -> TaskProgress:
    progress = TaskProgress(title=title, owner=owner)
    progress.full_clean()
    progress.save()
    return progress


def progress_enqueue(*, progress: TaskProgress, task, **kwargs) -> None:
    """Enqueue ``task`` with the progress id once the current transaction commits, so the
    worker never sees a row that is not there yet."""

    def enqueue() -> None:
        result = task.enqueue(progress_id=progress.pk, **kwargs)
        TaskProgress.objects.filter(pk=progress.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)


def progress_update(*, progress_id: int, percent: int, message: str = "") -> None:
    TaskProgress.objects.filter(pk=progress_id).update(
        status=ProgressStatus.RUNNING,
        percent=max(0, min(100, percent)),
        message=message[:300],
        updated_at=timezone.now(),
    )


def progress_finish(*, progress_id: int, message: str = "", result_url: str = "") -> None:
    TaskProgress.objects.filter(pk=progress_id).update(
        status=ProgressStatus.DONE,
        percent=100,
        message=message[:300],
        result_url=result_url,
        updated_at=timezone.now(),
    )


def progress_fail(*, progress_id: int, message: str) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(
        status=ProgressStatus.FAILED, message=message[:300], updated_at=timezone.now()
    )


def worker_beat(*, worker_id: str) -> None:
    """Record that the worker ``worker_id`` (this process) is alive."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(pk=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"seen_at": now},
            create_defaults={
                "seen_at": now,
                "started_at": now,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )


def worker_forget(*, worker_id: str) -> None:
    """A worker that stops cleanly says so: its row goes (it has no task running any more)."""
    WorkerHeartbeat.objects.filter(pk=worker_id).delete()

from django.db import transaction

from banso.jobs.models import ProgressStatus, TaskProgress


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
        status=ProgressStatus.RUNNING, percent=max(0, min(100, percent)), message=message[:300]
    )


def progress_finish(*, progress_id: int, message: str = "", result_url: str = "") -> None:
    TaskProgress.objects.filter(pk=progress_id).update(
        status=ProgressStatus.DONE, percent=100, message=message[:300], result_url=result_url
    )


def progress_fail(*, progress_id: int, message: str) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(
        status=ProgressStatus.FAILED, message=message[:300]
    )

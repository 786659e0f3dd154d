"""Tasks lost with their worker: found, queued again or failed, so none stays "running".

django-tasks-db marks a task *running* when a worker claims it and *successful* or *failed*
when it ends. A worker killed in between (SIGKILL, out of memory, a reboot) leaves the row
running for ever, and with it whatever the task was making: a capture job, a progress bar.

Every ``manage.py worker`` writes a heartbeat (``WorkerHeartbeat``) every few seconds. A task
row still running whose last worker has been silent for ``settings.WORKER_STALE_SECONDS`` (or
never wrote one, as a plain ``db_worker``, and the task has run that long) is lost. The check
marks it failed with :class:`WorkerLost`, then:

- a task an app registered with :func:`task_resumable_register` (it is idempotent: running it
  again finishes the work, or finds it done) is queued again with the same arguments, up to
  ``attempts`` losses; after that its ``give_up`` is called with the task's arguments, so the
  app can mark its own row failed (a task that kills its worker every time must not loop);
- any other task's progress bar is marked failed, with a message asking to start it again.

A resumable task that fails on a transient database error ("database is locked", a lost
connection) is queued again the same way, after a backoff (:func:`task_transient_retry`,
called by the worker). The progress bar (``TaskProgress``) of the task follows it either way.
A progress bar left waiting or running whose task is gone, or failed without saying so, is
failed too (:func:`progress_orphans_fail`), so no bar spins for ever. The checks run in every
worker's periodic thread (:func:`tasks_lost_resume_check`); taking a row is a conditional
update, so two workers never queue one lost task twice.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from banso.jobs.backoff import TRANSIENT_DATABASE_ERRORS, backoff_seconds
from banso.jobs.models import ProgressStatus, TaskProgress, WorkerHeartbeat
from banso.jobs.services import progress_fail

logger = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 3


class WorkerLost(Exception):
    """The worker running the task stopped before the task ended."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
# How django-tasks-db names the exception of a task that failed on a transient database error.
TRANSIENT_PATHS = tuple(
    f"{error.__module__}.{error.__qualname__}" for error in TRANSIENT_DATABASE_ERRORS
)


@dataclass(frozen=True)
class Resumable:
    task_path: str
    attempts: int
    give_up: Callable[..., object] | None


_registry: dict[str, Resumable] = {}
# The workers of this process (``manage.py worker`` adds its own): alive whatever their
# heartbeat says. On SQLite a long capture holds the write lock, so the worker's own heartbeat
# may wait; it must not take its own running task for lost.
local_workers: set[str] = set()


def task_resumable_register(
    task, *, give_up: Callable[..., object] | None = None, attempts: int = DEFAULT_ATTEMPTS
) -> None:
    """Declare ``task`` safe to run again after its worker was lost (call from
    ``AppConfig.ready()``). ``give_up(**kwargs)`` is called once it was lost ``attempts``
    times."""
    _registry[task.module_path] = Resumable(
        task_path=task.module_path, attempts=attempts, give_up=give_up
    )


def task_resumable(task_path: str) -> Resumable | None:
    return _registry.get(task_path)


def _live_workers(since: datetime.datetime) -> set[str]:
    return set(WorkerHeartbeat.objects.filter(seen_at__gte=since).values_list("pk", flat=True))


def tasks_lost_resume(*, stale_after: datetime.timedelta | None = None) -> list[str]:
    """Fail every lost task row, and queue again those that may be; returns the lost ids."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    now = timezone.now()
    since = now - stale_after
    alive = _live_workers(since) | local_workers
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).filter(
        Q(started_at__lt=since) | Q(started_at__isnull=True)
    )
    lost = []
    for row in running:
        worker = row.worker_ids[-1] if row.worker_ids else ""
        if worker in alive:
            continue
        taken = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_LOST,
            traceback=f"{WORKER_LOST}: worker {worker or '?'} stopped while running the task\n",
        )
        if not taken:
            continue  # it ended meanwhile, or another worker's check took it
        lost.append(str(row.pk))
        _after_loss(row)
    return lost


def _earlier(row, exception_paths: tuple[str, ...]) -> int:
    """How many runs of this task with these very arguments ended in one of
    ``exception_paths`` (this one included)."""
    from django_tasks_db.models import DBTaskResult

    earlier = DBTaskResult.objects.filter(
        task_path=row.task_path, exception_class_path__in=exception_paths
    ).only("args_kwargs")
    return sum(1 for other in earlier if other.args_kwargs == row.args_kwargs)


def _queue_again(row, *, delay_seconds: float = 0.0) -> str:
    """Queue the task of ``row`` again with its arguments; its progress bar follows."""
    task = import_string(row.task_path).using(
        priority=row.priority,
        queue_name=row.queue_name,
        backend=row.backend_name,
        run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds)
        if delay_seconds
        else None,
    )
    again = task.enqueue(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))
    TaskProgress.objects.filter(task_result_id=str(row.pk)).update(
        task_result_id=str(again.id), updated_at=timezone.now()
    )
    return str(again.id)


def _give_up(row, resumable: Resumable | None, message: str) -> None:
    if resumable is not None and resumable.give_up is not None:
        resumable.give_up(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))
    for progress_id in TaskProgress.objects.filter(task_result_id=str(row.pk)).values_list(
        "pk", flat=True
    ):
        progress_fail(progress_id=progress_id, message=message)


def _after_loss(row) -> None:
    resumable = task_resumable(row.task_path)
    losses = _earlier(row, (WORKER_LOST,))
    log = {
        "event": "task_lost",
        "task_id": str(row.pk),
        "task": row.task_path,
        "worker_id": row.worker_ids[-1] if row.worker_ids else "",
        "losses": losses,
    }
    if resumable is not None and losses < resumable.attempts:
        again = _queue_again(row)
        logger.warning(
            "task %s lost with its worker; queued again as %s",
            row.pk,
            again,
            extra={**log, "action": "queued_again", "new_task_id": again},
        )
        return
    _give_up(row, resumable, _("The work stopped with the server’s worker. Please start it again."))
    logger.error("task %s lost with its worker; failed", row.pk, extra={**log, "action": "failed"})


def task_transient_retry(row) -> str | None:
    """A task that failed on a transient database error (locked, connection lost) is queued
    again after a backoff when it is resumable, up to its ``attempts``; then given up.
    Returns the id of the task queued again, if any."""
    if row.exception_class_path not in TRANSIENT_PATHS:
        return None
    resumable = task_resumable(row.task_path)
    if resumable is None:
        return None
    failures = _earlier(row, TRANSIENT_PATHS)
    log = {
        "event": "task_transient_failure",
        "task_id": str(row.pk),
        "task": row.task_path,
        "error": row.exception_class_path,
        "failures": failures,
    }
    if failures < resumable.attempts:
        wait = backoff_seconds(failures, base=2.0, cap=300.0)
        again = _queue_again(row, delay_seconds=wait)
        logger.warning(
            "task %s met a database error; queued again in %.0f s as %s",
            row.pk,
            wait,
            again,
            extra={**log, "action": "queued_again", "new_task_id": again, "delay_seconds": wait},
        )
        return again
    _give_up(row, resumable, _("The work failed on the server; try again later."))
    logger.error(
        "task %s met database errors %s times; failed",
        row.pk,
        failures,
        extra={**log, "action": "failed"},
    )
    return None


def progress_orphans_fail(*, stale_after: datetime.timedelta | None = None) -> list[int]:
    """Fail the progress bars left waiting or running whose task is gone or failed: never
    queued (the queue refused it after the commit), pruned from the queue, or ended by an
    error before the task could say so. Returns their ids."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    unfinished = TaskProgress.objects.filter(
        status__in=[ProgressStatus.QUEUED, ProgressStatus.RUNNING],
        updated_at__lt=timezone.now() - stale_after,
    )
    failed = []
    for progress in unfinished.only("pk", "task_result_id"):
        task_id = progress.task_result_id
        task = DBTaskResult.objects.filter(pk=task_id).first() if task_id else None
        if task is not None and task.status != TaskResultStatus.FAILED:
            continue  # waiting, running, or succeeded (its bar is the task's own business)
        progress_fail(
            progress_id=progress.pk,
            message=_("The work stopped with the server’s worker. Please start it again."),
        )
        failed.append(progress.pk)
    if failed:
        logger.error(
            "progress bars of ended tasks failed: %s",
            failed,
            extra={"event": "progress_orphaned", "progress_ids": failed},
        )
    return failed


def tasks_lost_resume_check() -> None:
    """The worker's periodic check (registered in ``JobsConfig.ready()``)."""
    tasks_lost_resume()
    progress_orphans_fail()

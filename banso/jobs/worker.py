"""The task worker of ``manage.py worker``: django-tasks-db's ``db_worker``, made to outlive
the database's bad moments.

django-tasks-db's loop lets most database errors out: its exclusive transaction that claims a
task meets "database is locked" when an import holds SQLite's write lock longer than the busy
timeout, a PostgreSQL restart drops the connection, and the process ends, for good. Here:

- the loop that claims tasks catches transient database errors (``OperationalError``,
  ``InterfaceError``), logs them, closes the connection and starts again after a backoff
  (:func:`banso.jobs.backoff.backoff_seconds`), for as long as the error lasts;
- a task's own exception fails that task only (django-tasks-db records and logs it); a
  resumable task that failed on a transient database error is queued again after a backoff
  (``banso.jobs.resume.task_transient_retry``); when even recording a task's outcome fails,
  the outcome is written again with backoff until it holds, so the row does not stay
  "running";
- a thread beside the loop runs the apps' periodic checks (``banso.jobs.periodic``), the
  worker's heartbeat among them, each failure retried with backoff; the heartbeat lets any
  worker find the tasks of a dead one (``banso.jobs.resume``).
"""

import logging
import threading
import time

from django.db import connections
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from banso.jobs.backoff import TRANSIENT_DATABASE_ERRORS, backoff_seconds
from banso.jobs.periodic import periodic_next_in, periodic_run_due
from banso.jobs.resume import task_transient_retry

logger = logging.getLogger(__name__)

# The periodic thread looks again at least this often, so a stop is noticed quickly.
LONGEST_SLEEP_SECONDS = 5.0
# A transient error this long after the previous one starts the backoff from the beginning.
BACKOFF_RESET_SECONDS = 60.0
_OUTCOME_FIELDS = ["status", "return_value", "finished_at", "exception_class_path", "traceback"]


def connections_close() -> None:
    """Close this thread's database connections, whatever state they are in: the next query
    opens a fresh one (a connection that saw "server closed the connection" is useless)."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:
            logger.debug("closing a broken connection failed", exc_info=True)


class ResilientWorker(Worker):
    """``db_worker``'s worker, which a transient database error pauses instead of ending."""

    def run(self) -> None:
        failures = 0
        last_failure = float("-inf")
        while self.running:
            try:
                super().run()
                return
            except TRANSIENT_DATABASE_ERRORS as error:
                now = time.monotonic()
                failures = 1 if now - last_failure > BACKOFF_RESET_SECONDS else failures + 1
                last_failure = now
                wait = backoff_seconds(failures)
                logger.warning(
                    "task worker: database error, trying again in %.1f s: %s",
                    wait,
                    error,
                    extra={
                        "event": "worker_database_error",
                        "worker_id": self.worker_id,
                        "error": repr(error),
                        "failures": failures,
                        "retry_in_seconds": round(wait, 2),
                    },
                )
                connections_close()
                if self.running:
                    time.sleep(wait)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except TRANSIENT_DATABASE_ERRORS as error:
            # The task ended, but its outcome could not be written (django-tasks-db tries three
            # times in 0.3 s): write it until it holds, or the row would stay "running".
            self._outcome_record(db_task_result, error)
        if db_task_result.status == TaskResultStatus.FAILED:
            try:
                task_transient_retry(db_task_result)
            except TRANSIENT_DATABASE_ERRORS:
                logger.exception(
                    "task %s could not be queued again",
                    db_task_result.pk,
                    extra={"event": "task_retry_failed", "task_id": str(db_task_result.pk)},
                )

    def _outcome_record(self, db_task_result: DBTaskResult, error: Exception) -> None:
        failures = 0
        while True:
            failures += 1
            wait = backoff_seconds(failures)
            logger.warning(
                "task %s: its outcome could not be recorded, trying again in %.1f s: %s",
                db_task_result.pk,
                wait,
                error,
                extra={
                    "event": "task_outcome_unrecorded",
                    "worker_id": self.worker_id,
                    "task_id": str(db_task_result.pk),
                    "task": db_task_result.task_path,
                    "error": repr(error),
                    "failures": failures,
                    "retry_in_seconds": round(wait, 2),
                },
            )
            connections_close()
            time.sleep(wait)
            try:
                db_task_result.save(update_fields=_OUTCOME_FIELDS)
                return
            except TRANSIENT_DATABASE_ERRORS as again:
                error = again


def periodic_watch(stopped: threading.Event) -> None:
    """The periodic thread: run the checks that are due until ``stopped`` is set."""
    while not stopped.wait(min(periodic_next_in(), LONGEST_SLEEP_SECONDS)):
        try:
            periodic_run_due()
        except Exception:
            # periodic_run_due guards each check; this keeps the thread alive whatever else.
            logger.exception("periodic checks failed", extra={"event": "periodic_failed"})
            stopped.wait(LONGEST_SLEEP_SECONDS)
        finally:
            # Each turn opens a fresh connection: one kept between turns would outlive a
            # database restart or an idle timeout, and every later check would fail on it.
            connections_close()

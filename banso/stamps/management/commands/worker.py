"""``manage.py worker``: the background-task worker of the site.

It first queues again the stamp runs a killed worker left unfinished, then runs
django-tasks-db's ``db_worker`` with the arguments it was given (``manage.py worker --interval 1
--no-reload`` runs ``db_worker --interval 1 --no-reload``). While it runs, a thread looks for
orphaned runs every half minute, so a run whose worker died while this one was starting is not
left waiting for the next restart.
"""

import datetime
import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from banso.stamps.services.runs import STALE_AFTER, stamp_runs_resume

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 30


def _resume(stale_after: datetime.timedelta) -> None:
    try:
        resumed = stamp_runs_resume(stale_after=stale_after)
        if resumed:
            logger.warning("stamp runs queued again: %s", resumed)
    except Exception:
        logger.exception("could not look for unfinished stamp runs")
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()


def _watch(stale_after: datetime.timedelta, stopped: threading.Event) -> None:
    while not stopped.wait(CHECK_EVERY_SECONDS):
        _resume(stale_after)


class Command(BaseCommand):
    help = "Resume unfinished stamp runs, then run db_worker (its options are passed on)."

    def run_from_argv(self, argv: list[str]) -> None:
        # Every argument but --resume-after belongs to db_worker.
        arguments = argv[2:]
        stale_after = STALE_AFTER
        if "--resume-after" in arguments:
            index = arguments.index("--resume-after")
            stale_after = datetime.timedelta(seconds=float(arguments[index + 1]))
            del arguments[index : index + 2]
        _resume(stale_after)
        stopped = threading.Event()
        watcher = threading.Thread(
            target=_watch, args=(stale_after, stopped), name="stamp-runs-watch", daemon=True
        )
        watcher.start()
        try:
            call_command("db_worker", *arguments)
        finally:
            stopped.set()

    def handle(self, *args, **options) -> None:
        raise NotImplementedError

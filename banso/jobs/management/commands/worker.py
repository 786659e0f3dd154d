"""``manage.py worker``: the background-task worker of the site.

It runs the periodic checks the apps registered (``banso.jobs.periodic``: the stamps app queues
again the stamp runs a killed worker left unfinished, the marketplace refreshes its feeds), once
at start and then on their clocks in a thread, and runs django-tasks-db's ``db_worker`` with the
arguments it was given (``manage.py worker --interval 1 --no-reload`` runs ``db_worker
--interval 1 --no-reload``).
"""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from banso.jobs.periodic import periodic_next_in, periodic_run_due

# The thread looks again at least this often, so a stop is noticed quickly.
LONGEST_SLEEP_SECONDS = 5.0


def _watch(stopped: threading.Event) -> None:
    while not stopped.wait(min(periodic_next_in(), LONGEST_SLEEP_SECONDS)):
        try:
            periodic_run_due()
        finally:
            # Each turn opens a fresh connection: one kept between turns would outlive a
            # database restart or an idle timeout, and every later check would fail on it.
            connection.close()


class Command(BaseCommand):
    help = "Run the periodic checks of the apps, then db_worker (its options are passed on)."

    def run_from_argv(self, argv: list[str]) -> None:
        periodic_run_due()
        stopped = threading.Event()
        watcher = threading.Thread(target=_watch, args=(stopped,), name="periodic", daemon=True)
        watcher.start()
        try:
            call_command("db_worker", *argv[2:])
        finally:
            stopped.set()

    def handle(self, *args, **options) -> None:
        raise NotImplementedError

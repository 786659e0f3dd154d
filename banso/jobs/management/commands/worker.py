"""``manage.py worker``: the background-task worker of the site.

It takes ``db_worker``'s options (``manage.py worker --interval 1 --no-reload``) and runs its
loop through :class:`banso.jobs.worker.ResilientWorker`, which a locked or lost database pauses
instead of ending. Beside it, a thread runs the periodic checks the apps registered
(``banso.jobs.periodic``): this worker's heartbeat, the tasks lost with a dead worker queued
again (``banso.jobs.resume``), the stamp runs a killed worker left unfinished, the marketplace's
feed refresh. They run once at start, then on their clocks.
"""

import os
import threading

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from banso.jobs.periodic import periodic_register, periodic_run_due, periodic_unregister
from banso.jobs.resume import local_workers
from banso.jobs.services import worker_beat, worker_forget
from banso.jobs.worker import ResilientWorker, connections_close, periodic_watch

HEARTBEAT_CHECK = "jobs.worker_heartbeat"


def heartbeat_seconds() -> float:
    """A few heartbeats fit in the time after which a silent worker counts as dead."""
    return max(0.5, min(10.0, settings.WORKER_STALE_SECONDS / 4))


class Command(db_worker.Command):
    help = (
        "Run the background-task worker (db_worker's options), which outlives database errors, "
        "and the apps' periodic checks beside it."
    )

    def handle(self, *args, **options) -> None:
        self.configure_logging(options["verbosity"])
        batch, reload = options["batch"], options["reload"]
        if reload and batch:
            reload = False
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if not reload:
            worker.configure_signals()
            self._run(worker)
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # Only the reloader's child runs tasks (and checks): the parent just restarts it.
            worker.configure_signals()
        run_with_reloader(lambda: self._run(worker))

    def _run(self, worker: ResilientWorker) -> None:
        worker_id = worker.worker_id
        local_workers.add(worker_id)
        periodic_register(
            name=HEARTBEAT_CHECK,
            every_seconds=heartbeat_seconds(),
            function=lambda: worker_beat(worker_id=worker_id),
        )
        periodic_run_due()
        connections_close()
        stopped = threading.Event()
        watcher = threading.Thread(
            target=periodic_watch, args=(stopped,), name="periodic", daemon=True
        )
        watcher.start()
        try:
            worker.run()
        finally:
            stopped.set()
            watcher.join(timeout=10)
            periodic_unregister(HEARTBEAT_CHECK)
            try:
                worker_forget(worker_id=worker_id)
            except Exception:
                self.stderr.write("the worker's heartbeat could not be removed")

"""``manage.py worker`` outlives the database's bad moments and the tasks that fail.

The real worker runs in a child process on a SQLite file of its own
(``banso.jobs.tests.processes``). The test takes SQLite's write lock from another connection
for several times the worker's busy timeout, as a long import did, then queues a task that
raises and one that works: the worker is still running, the first task is failed, the second
done. On PostgreSQL, the server ends the worker's sessions, as a restart would.
"""

import os
import signal
import sqlite3
import time
from contextlib import closing
from urllib.parse import urlsplit, urlunsplit

import pytest

from banso.jobs.tests.processes import environment, manage, query, wait_for, worker

# The worker waits this long for the write lock before "database is locked" (20 s by default).
BUSY_TIMEOUT_SECONDS = 1
LOCK_SECONDS = 5
ENQUEUE = """
from banso.jobs.services import progress_create
from banso.jobs.tests.tasks import count_in_steps

failing = progress_create(title="fails")
working = progress_create(title="works")
bad = count_in_steps.enqueue(progress_id=failing.pk, steps=3, fail_at=2)
good = count_in_steps.enqueue(progress_id=working.pk, steps=3)
print(bad.id, good.id)
"""


@pytest.mark.slow
def test_the_worker_outlives_a_locked_database_and_a_failing_task(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = environment(
        var_dir,
        BANSO_SQLITE_BUSY_TIMEOUT=str(BUSY_TIMEOUT_SECONDS),
        # A heartbeat every second: the periodic thread meets the lock too.
        BANSO_WORKER_STALE_SECONDS="4",
    )
    database = var_dir / "banso.sqlite3"
    log = tmp_path / "worker.log"
    manage("migrate", "--noinput", "-v0", env=env)

    process = worker(env, log)
    try:
        wait_for(
            lambda: query(database, "SELECT COUNT(*) FROM jobs_workerheartbeat")[0],
            timeout=60,
            what="the worker's heartbeat",
            process=process,
            log=log,
        )
        # The work the periodic checks queue at start (the indicators' recompute, …) done, the
        # worker is polling its queue when the lock comes, so it is its poll that meets it.
        wait_for(
            lambda: (
                not query(
                    database,
                    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
                    " WHERE status IN ('READY', 'RUNNING')",
                )[0]
            ),
            timeout=60,
            what="the tasks queued at start",
            process=process,
            log=log,
        )
        # Another connection holds the write lock, as a long import's transaction did.
        with closing(sqlite3.connect(database, timeout=30, isolation_level=None)) as holder:
            holder.execute("BEGIN IMMEDIATE")
            time.sleep(LOCK_SECONDS)
            assert process.poll() is None, log.read_text()[-3000:]
            holder.execute("ROLLBACK")
        released = time.time()
        text = log.read_text()
        assert "database is locked" in text
        assert '"event": "worker_database_error"' in text
        assert '"event": "periodic_check_failed"' in text
        # The periodic thread is alive: the heartbeat is written again.
        wait_for(
            lambda: query(
                database,
                "SELECT COUNT(*) FROM jobs_workerheartbeat WHERE seen_at > ?",
                time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(released)),
            )[0],
            timeout=30,
            what="a heartbeat after the lock",
            process=process,
            log=log,
        )

        bad, good = manage("shell", "-c", ENQUEUE, env=env).split()[-2:]

        def status(task_id: str) -> str:
            return query(
                database,
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                task_id.replace("-", ""),
            )[0]

        wait_for(
            lambda: status(good) == "SUCCESSFUL" and status(bad) != "READY",
            timeout=60,
            what="both tasks",
            process=process,
            log=log,
        )
        assert status(bad) == "FAILED"
        # The worker is still there, and still takes work.
        time.sleep(1)
        assert process.poll() is None, log.read_text()[-3000:]
        beats = query(database, "SELECT COUNT(*) FROM jobs_workerheartbeat")[0]
        assert beats == 1
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    # A worker that stops cleanly takes its heartbeat away.
    assert query(database, "SELECT COUNT(*) FROM jobs_workerheartbeat")[0] == 0


POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.mark.slow
@pytest.mark.skipif(not POSTGRES, reason="a PostgreSQL server is needed (DATABASE_URL)")
def test_the_worker_outlives_its_postgresql_connections_being_killed(tmp_path):
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"{url.path.strip('/')}_worker_{os.getpid()}"
    server = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = environment(
        var_dir,
        DATABASE_URL=urlunsplit(url._replace(path=f"/{name}")),
        BANSO_WORKER_STALE_SECONDS="4",
    )
    log = tmp_path / "worker.log"
    try:
        manage("migrate", "--noinput", "-v0", env=env)
        process = worker(env, log)
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as watcher:

            def one(sql: str, *parameters):
                return watcher.execute(sql, parameters).fetchone()

            try:
                wait_for(
                    lambda: one("SELECT COUNT(*) FROM jobs_workerheartbeat")[0],
                    timeout=60,
                    what="the worker's heartbeat",
                    process=process,
                    log=log,
                )
                # The tasks the periodic checks queue at start done, the worker is polling
                # its queue when the connections go, so it is its poll that meets the loss.
                wait_for(
                    lambda: (
                        not one(
                            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
                            " WHERE status IN ('READY', 'RUNNING')"
                        )[0]
                    ),
                    timeout=60,
                    what="the tasks queued at start",
                    process=process,
                    log=log,
                )
                # The database refuses connections and ends every session but this one, as
                # during a restart, for a few seconds.
                with psycopg.connect(server, autocommit=True) as admin:
                    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                    try:
                        for _ in range(4):
                            one(
                                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                "WHERE datname = %s AND pid <> pg_backend_pid()",
                                name,
                            )
                            time.sleep(1)
                    finally:
                        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
                assert process.poll() is None, log.read_text()[-3000:]
                _bad, good = manage("shell", "-c", ENQUEUE, env=env).split()[-2:]
                wait_for(
                    lambda: one(
                        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                        "WHERE id = %s AND status = 'SUCCESSFUL'",
                        good,
                    )[0],
                    timeout=60,
                    what="a task after the connections were killed",
                    process=process,
                    log=log,
                )
                assert process.poll() is None
                assert '"event": "worker_database_error"' in log.read_text()
            finally:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""Support for tests that run the site's commands as on the server: ``manage.py`` in child
processes, on a SQLite file of their own (``BANSO_VAR_DIR``), the real ``manage.py worker``.
The test process's own database is not touched."""

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def environment(var_dir: Path, **values: str) -> dict[str, str]:
    """The environment of a child process: the embedded mode in ``var_dir``, plus ``values``."""
    result = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "BANSO_CACHE_URL", "BANSO_S3_BUCKET"}
    }
    result.update(BANSO_VAR_DIR=str(var_dir), BANSO_LOG_LEVEL="WARNING", **values)
    return result


def manage(*arguments: str, env: dict[str, str]) -> str:
    completed = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """``manage.py worker`` in a session of its own (so the test can kill it whole)."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def query(database: Path, sql: str, *parameters):
    with closing(sqlite3.connect(database, timeout=30)) as connection:
        return connection.execute(sql, parameters).fetchone()


def wait_for(
    condition: Callable[[], object],
    *,
    timeout: float,
    what: str,
    process: subprocess.Popen,
    log: Path,
):
    """Poll ``condition`` until it is true (returned), the worker stops, or ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        assert process.poll() is None, f"the worker stopped:\n{log.read_text()[-3000:]}"
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")

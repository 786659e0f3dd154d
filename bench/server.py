"""A scratch copy of the site, served by gunicorn on a free loopback port.

The copy has its own SQLite database and files in a temporary directory (``BANSO_VAR_DIR``),
migrated and seeded with the demo data, and runs with production settings
(``BANSO_DEBUG=false``) plus the bare view of ``bench.urls``. The gunicorn started here is
always stopped, with its whole process group, however the benchmark ends.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPOSITORY = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
READY_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 15
COMMAND_TIMEOUT_SECONDS = 300


class ServerError(RuntimeError):
    """The scratch site could not be prepared or served."""


@dataclass(frozen=True)
class Site:
    port: int
    workers: int
    var_dir: Path
    pid: int  # gunicorn's master process


def site_secret_key(var_dir: Path) -> str:
    """One secret key per scratch site, so that its manage.py commands and its server agree
    (stamp serials and PIN hashes are keyed with it)."""
    path = var_dir / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text()


def site_environment(var_dir: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "BANSO_CACHE_URL", "BANSO_S3_BUCKET"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")])),
        BANSO_VAR_DIR=str(var_dir),
        BANSO_DEBUG="false",
        BANSO_SECRET_KEY=site_secret_key(var_dir),
        BANSO_ALLOWED_HOSTS=HOST,
        BANSO_SECURE_SSL_REDIRECT="false",
    )
    return environment


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def manage(environment: dict[str, str], *arguments: str, log_path: Path) -> None:
    with log_path.open("ab") as log:
        try:
            subprocess.run(
                [sys.executable, "manage.py", *arguments],
                cwd=REPOSITORY,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=COMMAND_TIMEOUT_SECONDS,
                check=True,
            )
        except subprocess.SubprocessError as error:
            raise ServerError(f"manage.py {arguments[0]} failed:\n{log_tail(log_path)}") from error


def child_figures(
    module: str, environment: dict[str, str], *arguments: str, timeout: float, what: str
) -> dict:
    """Run ``python -m module arguments`` with the scratch site's environment and return the
    JSON object its last line of output prints (a benchmark's figures, measured in a process
    of their own); ``ServerError`` with the end of its errors when it fails."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise ServerError(f"{what} benchmark failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _postgresql_database(url: str, name: str, *, create: bool) -> str:
    import psycopg

    parts = urlparse(url)
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


@contextmanager
def postgresql_site(
    environment: dict[str, str], name: str, *, log_path: Path
) -> Iterator[dict[str, str] | None]:
    """The scratch site's environment pointed at a new PostgreSQL database ``name``, made beside
    the one ``DATABASE_URL`` names, migrated, and dropped afterwards; ``None`` when
    ``DATABASE_URL`` names no PostgreSQL server (the benchmark then measures SQLite alone)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    scratch = {**environment, "DATABASE_URL": _postgresql_database(url, name, create=True)}
    try:
        manage(scratch, "migrate", "--no-input", "-v0", log_path=log_path)
        yield scratch
    finally:
        _postgresql_database(url, name, create=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited with {process.returncode}:\n{log_tail(log_path)}")
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise ServerError(f"gunicorn did not answer within {READY_TIMEOUT_SECONDS} s")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers: TERM to the process group, KILL if it lingers."""
    for sent, timeout in ((signal.SIGTERM, STOP_TIMEOUT_SECONDS), (signal.SIGKILL, 5)):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sent)
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


def cpu_seconds(pids: list[int]) -> float:
    """The processor time (user and system) the processes have used so far; a process gone
    counts nothing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def worker_pids(site: "Site") -> list[int]:
    """The pids of the site's gunicorn workers (the master's children)."""
    try:
        children = Path(f"/proc/{site.pid}/task/{site.pid}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in children.split()]


@contextmanager
def served_site(
    *,
    workers: int,
    seed: bool = True,
    settings: dict[str, str] | None = None,
    threads: int = 0,
    connections: int = 0,
    keep_alive: int = 0,
) -> Iterator[Site]:
    """Prepare a scratch site and serve it with gunicorn's sync workers until the block ends
    (with ``threads``, gthread workers of that many threads each, and up to ``connections``
    connections each, kept open ``keep_alive`` seconds between requests); ``settings`` are
    environment variables set for it beyond ``site_environment``'s."""
    with tempfile.TemporaryDirectory(prefix="banso-bench-") as directory:
        var_dir = Path(directory)
        environment = {**site_environment(var_dir), **(settings or {})}
        log_path = var_dir / "server.log"
        manage(environment, "migrate", "--noinput", "-v0", log_path=log_path)
        if seed:
            manage(environment, "seed_demo", log_path=log_path)
        manage(environment, "collectstatic", "--noinput", "-v0", log_path=log_path)
        port = free_port()
        with log_path.open("ab") as log:
            # The same command line as scripts/serve.sh, access log included.
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "banso.wsgi:application",
                    f"--bind={HOST}:{port}",
                    f"--workers={workers}",
                    *(
                        [
                            "--worker-class=gthread",
                            f"--threads={threads}",
                            f"--worker-connections={connections or threads}",
                            *([f"--keep-alive={keep_alive}"] if keep_alive else []),
                        ]
                        if threads
                        else ["--worker-class=sync"]
                    ),
                    "--access-logfile=-",
                    "--graceful-timeout=5",
                ],
                cwd=REPOSITORY,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            wait_until_ready(process, port, log_path)
            yield Site(port=port, workers=workers, var_dir=var_dir, pid=process.pid)
        finally:
            stop(process)


@contextmanager
def postgresql_or_note(
    environment: dict[str, str], name: str, *, log_path: Path, benchmark: str
) -> Iterator[dict[str, str] | None]:
    """``postgresql_site``, saying on stderr why PostgreSQL is left out when it is."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            f"{benchmark}: DATABASE_URL names no PostgreSQL server: SQLite only "
            "(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres)",
            file=sys.stderr,
        )
        yield None
        return
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=5).close()
    except Exception as error:  # any failure to reach it means: measure SQLite alone
        print(f"{benchmark}: PostgreSQL does not answer ({error}): SQLite only", file=sys.stderr)
        yield None
        return
    with postgresql_site(environment, name, log_path=log_path) as postgresql:
        yield postgresql


@contextmanager
def served_postgresql(benchmark: str) -> Iterator[dict[str, str] | None]:
    """For a benchmark that serves a site of its own per database (``served_site``): the
    settings naming a scratch PostgreSQL database (``DATABASE_URL``), or None, said on stderr,
    when ``DATABASE_URL`` names no server that answers."""
    with tempfile.TemporaryDirectory(prefix=f"banso-bench-{benchmark}-pg-") as directory:
        var_dir = Path(directory)
        with postgresql_or_note(
            site_environment(var_dir),
            f"banso_bench_{benchmark}",
            log_path=var_dir / "pg.log",
            benchmark=benchmark,
        ) as postgresql:
            yield {"DATABASE_URL": postgresql["DATABASE_URL"]} if postgresql else None


def both_databases_run(
    benchmark: str,
    *,
    measure: Callable[[dict[str, str], Path], dict],
    measures_of: Callable[[str, dict], list],
    collectstatic: bool = False,
):
    """The shape of the benchmarks that measure in child processes: a scratch site migrated on
    SQLite, ``measure(environment, var_dir)`` run on it, then on a PostgreSQL copy when
    ``DATABASE_URL`` names a server that answers; ``measures_of(database label, figures)``
    turns each run's figures into the report's measures. Returns the ``Report``, with each
    database's figures in its details."""
    from bench.report import Report

    details: dict[str, dict] = {}
    measures: list = []
    with tempfile.TemporaryDirectory(prefix=f"banso-bench-{benchmark}-") as directory:
        var_dir = Path(directory)
        environment = site_environment(var_dir)
        manage(environment, "migrate", "--no-input", "-v0", log_path=var_dir / "bench.log")
        if collectstatic:
            manage(
                environment, "collectstatic", "--no-input", "-v0", log_path=var_dir / "bench.log"
            )
        details["sqlite"] = measure(environment, var_dir)
        measures += measures_of("SQLite", details["sqlite"])
        with postgresql_or_note(
            environment,
            f"banso_bench_{benchmark.replace('-', '_')}",
            log_path=var_dir / "pg.log",
            benchmark=benchmark,
        ) as postgresql:
            if postgresql:
                details["postgresql"] = measure(postgresql, var_dir)
                measures += measures_of("PostgreSQL", details["postgresql"])
    return Report(measures=measures, details=details)


def rows_write(table: str, columns: list[str], rows) -> None:
    """Write a benchmark's data set straight into ``table``: ``COPY`` on PostgreSQL, multi-row
    inserts of 20,000 rows on SQLite (the services would take an hour for such sizes)."""
    from django.db import connection

    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20_000:
                cursor.executemany(statement, batch)
                batch = []
        cursor.executemany(statement, batch)

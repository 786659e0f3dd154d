"""Consistent copies of the database, and their restore.

SQLite is copied online with SQLite's backup API: it reads one snapshot while the site goes on
writing (WAL mode), so a backup never needs the site stopped. A restore replaces the database
file in one rename, after checking that the copy is a SQLite database of this project, and
refuses while another process still has the database open. PostgreSQL goes through ``pg_dump``
(custom format) and ``pg_restore`` in one transaction, with the connection settings of Django.

A failed backup or restore raises ``BackupError`` and leaves the database as it was.
"""

import os
import re
import secrets
import sqlite3
import stat
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

SQLITE_HEADER = b"SQLite format 3\x00"
# A restore waits this long for other connections to let go before it gives up.
SQLITE_LOCK_TIMEOUT_SECONDS = 5
# pg_restore gives up (and rolls back) instead of waiting forever for a table in use.
POSTGRESQL_LOCK_TIMEOUT = "30s"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}
# Connection options of Django's PostgreSQL backend that libpq reads from the environment.
POSTGRESQL_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore that could not be made; the database was left as it was."""


def backup_path_default(*, vendor: str, now: datetime | None = None) -> Path:
    """Where a backup goes when no path is given: ``var/backups/banso-YYYYmmdd-HHMMSS.<suffix>``."""
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"banso-{stamp}{SUFFIXES.get(vendor, '.dump')}"


def database_backup(*, destination: Path | None = None, using: str = "default") -> Path:
    """Copy the database ``using`` to ``destination`` (a default path when None); return it."""
    connection = connections[using]
    if destination is None:
        destination = backup_path_default(vendor=connection.vendor)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        sqlite_backup(database=_sqlite_file(connection.settings_dict), destination=destination)
    elif connection.vendor == "postgresql":
        postgresql_backup(settings_dict=connection.settings_dict, destination=destination)
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return destination


def database_restore_check(*, source: Path, using: str = "default") -> None:
    """Refuse a ``source`` that is not a backup of this project's database, before anything
    is asked or changed. ``database_restore`` checks again on its own copy."""
    vendor = connections[using].vendor
    if vendor == "sqlite":
        sqlite_backup_check(path=source)
    elif vendor == "postgresql":
        postgresql_backup_check(path=source)
    else:
        raise BackupError(f"Restoring {vendor} databases is not supported.")


def database_restore(*, source: Path, using: str = "default") -> None:
    """Replace the whole database ``using`` with the backup in ``source``.

    Every open Django connection of this process is closed first, so none of them goes on
    writing to the database that is being replaced.
    """
    connection = connections[using]
    connections.close_all()
    if connection.vendor == "sqlite":
        sqlite_restore(source=source, database=_sqlite_file(connection.settings_dict))
    elif connection.vendor == "postgresql":
        postgresql_restore(settings_dict=connection.settings_dict, source=source)
    else:
        raise BackupError(f"Restoring {connection.vendor} databases is not supported.")


# SQLite -------------------------------------------------------------------------------------


def sqlite_backup(*, database: Path, destination: Path) -> None:
    """Copy the SQLite file ``database`` to ``destination`` while it stays in use.

    The backup API copies all pages in one step inside one read transaction, so the copy is
    the last committed state: WAL content included, open write transactions of other
    connections not. The copy is written next to ``destination`` and renamed into place, so a
    half-written file never carries the backup's name.
    """
    if not database.is_file():
        raise BackupError(f"The database file {database} does not exist.")
    if destination.exists() and destination.resolve() == database.resolve():
        raise BackupError("A backup cannot be written over the database it copies.")
    partial = _sibling_temporary(destination, "backup")
    try:
        _sqlite_copy(source=database, target=partial, source_mode="rw")
        _sqlite_check_contents(path=partial, require_migrations=False)
        _fsync(partial)
        os.replace(partial, destination)
        _fsync_directory(destination.parent)
    finally:
        partial.unlink(missing_ok=True)


def sqlite_backup_check(*, path: Path) -> None:
    """Refuse ``path`` unless it is a sound SQLite database with Django's migration table."""
    _sqlite_check_header(path=path)
    _sqlite_check_contents(path=path)


def sqlite_restore(*, source: Path, database: Path) -> None:
    """Replace the SQLite file ``database`` with the backup ``source``, in one rename.

    The backup is first copied next to the database and checked there, so a bad file changes
    nothing. The live database is then taken out of WAL mode, which folds its WAL into the
    file and removes the WAL and shared-memory files; SQLite only allows that when no other
    connection has the database open, so a restore under a running site is refused rather than
    pulled from under it. Stale ``-wal`` / ``-shm`` files would otherwise be replayed onto the
    restored file.
    """
    _sqlite_check_header(path=source)
    database.parent.mkdir(parents=True, exist_ok=True)
    incoming = _sibling_temporary(database, "restore")
    try:
        _sqlite_copy(source=source, target=incoming, source_mode="ro")
        _sqlite_check_contents(path=incoming)
        _fsync(incoming)
        if database.exists():
            os.chmod(incoming, stat.S_IMODE(database.stat().st_mode))
            _sqlite_release(database)
        os.replace(incoming, database)
        for side in ("-wal", "-shm", "-journal"):
            Path(f"{database}{side}").unlink(missing_ok=True)
        _fsync_directory(database.parent)
    finally:
        incoming.unlink(missing_ok=True)


def _sqlite_copy(*, source: Path, target: Path, source_mode: str) -> None:
    """Copy ``source`` into the new file ``target`` with the backup API, as one file that
    holds everything (rollback-journal mode, no WAL beside it)."""
    try:
        reader = _sqlite_connect(source, mode=source_mode)
        try:
            writer = sqlite3.connect(target, isolation_level=None)
            try:
                reader.backup(writer)
                writer.execute("PRAGMA journal_mode=DELETE")
            finally:
                writer.close()
        finally:
            reader.close()
    except sqlite3.Error as error:
        raise BackupError(f"Could not copy {source}: {error}") from error


def _sqlite_check_header(*, path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database.")


def _sqlite_check_contents(*, path: Path, require_migrations: bool = True) -> None:
    try:
        database = _sqlite_connect(path, mode="ro")
        try:
            (result,) = database.execute("PRAGMA quick_check").fetchone()
            has_migrations = database.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        finally:
            database.close()
    except sqlite3.Error as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
    if result != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {result}")
    if require_migrations and has_migrations is None:
        raise BackupError(
            f"{path} is a SQLite database, but not one of this project: it has no "
            "django_migrations table."
        )


def _sqlite_release(database: Path) -> None:
    """Fold the WAL of ``database`` into its file and make sure nobody else has it open."""
    try:
        live = _sqlite_connect(database, mode="rw", timeout=SQLITE_LOCK_TIMEOUT_SECONDS)
        try:
            (mode,) = live.execute("PRAGMA journal_mode=DELETE").fetchone()
            # Out of WAL mode an exclusive lock is refused while anyone else reads or writes.
            live.execute("BEGIN EXCLUSIVE")
            live.execute("ROLLBACK")
        finally:
            live.close()
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"The database {database} is in use by another process ({error}): stop the web "
            "and worker processes, then restore again."
        ) from error
    if mode != "delete":
        raise BackupError(f"The database {database} could not be taken out of WAL mode.")


def _sqlite_file(settings_dict: dict[str, Any]) -> Path:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database has no file to back up or restore.")
    return Path(name)


def _sqlite_connect(path: Path, *, mode: str, timeout: float = 20) -> sqlite3.Connection:
    """Open an existing SQLite file (never create one) in autocommit mode."""
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=timeout, isolation_level=None
    )


def _sibling_temporary(path: Path, purpose: str) -> Path:
    """A fresh name in ``path``'s directory, so that ``os.replace`` is a rename, not a copy."""
    return path.with_name(f".{path.name}.{purpose}-{secrets.token_hex(6)}")


def _fsync(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# PostgreSQL ---------------------------------------------------------------------------------


def postgresql_backup(*, settings_dict: dict[str, Any], destination: Path) -> None:
    """Dump the database to ``destination`` with ``pg_dump --format=custom``.

    The dump is one snapshot of the database (``pg_dump`` runs in a repeatable-read
    transaction), taken while the site goes on working.
    """
    partial = _sibling_temporary(destination, "backup")
    try:
        _postgresql_run(
            "pg_dump",
            ["--format=custom", f"--file={partial}"],
            settings_dict=settings_dict,
        )
        _fsync(partial)
        os.replace(partial, destination)
        _fsync_directory(destination.parent)
    finally:
        partial.unlink(missing_ok=True)


def postgresql_backup_check(*, path: Path) -> None:
    """Refuse ``path`` unless it is a ``pg_dump`` archive holding Django's migration table."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    listing = _postgresql_program("pg_restore", ["--list", str(path)], environment=os.environ)
    if listing.returncode != 0:
        raise BackupError(f"{path} is not a pg_dump archive: {_last_lines(listing.stderr)}")
    if not re.search(r"\bTABLE \S+ django_migrations\b", listing.stdout):
        raise BackupError(f"{path} is a pg_dump archive but not one of this project.")


def postgresql_restore(*, settings_dict: dict[str, Any], source: Path) -> None:
    """Replace the database's objects with those of ``source`` in a single transaction.

    ``--clean --if-exists`` drops each object of the archive before creating it again, and
    ``--single-transaction`` makes any error roll the whole restore back. ``--no-owner`` lets
    the archive be restored by another role than the one that made it.
    """
    postgresql_backup_check(path=source)
    _postgresql_run(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)],
        settings_dict=settings_dict,
        extra_environment={
            "PGOPTIONS": f"{os.environ.get('PGOPTIONS', '')} -c lock_timeout="
            f"{POSTGRESQL_LOCK_TIMEOUT}".strip()
        },
    )


def _postgresql_run(
    program: str,
    arguments: list[str],
    *,
    settings_dict: dict[str, Any],
    extra_environment: dict[str, str] | None = None,
) -> None:
    connection_arguments = ["--no-password", f"--dbname={settings_dict['NAME']}"]
    if settings_dict.get("HOST"):
        connection_arguments.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        connection_arguments.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        connection_arguments.append(f"--username={settings_dict['USER']}")
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in POSTGRESQL_OPTION_VARIABLES.items():
        if options.get(option):
            environment[variable] = str(options[option])
    environment.update(extra_environment or {})
    completed = _postgresql_program(
        program, [*connection_arguments, *arguments], environment=environment
    )
    if completed.returncode != 0:
        raise BackupError(
            f"{program} failed (exit status {completed.returncode}): "
            f"{_last_lines(completed.stderr)}"
        )


def _postgresql_program(
    program: str, arguments: list[str], *, environment: Any
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
            [program, *arguments],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{program} was not found: install the PostgreSQL client programs."
        ) from error


def _last_lines(text: str, count: int = 10) -> str:
    return "\n".join(text.strip().splitlines()[-count:]) or "no error message"

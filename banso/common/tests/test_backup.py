"""Backup and restore, end to end: ``manage.py`` runs in child processes on real database files
(and a scratch PostgreSQL database), as an operator would run it on the server.

The test process's own database is never touched: every site here is a var directory of its
own (``BANSO_VAR_DIR``) or a database created for the test.
"""

import hashlib
import os
import re
import secrets
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

ROOT = Path(settings.BASE_DIR)
# The PostgreSQL server of this machine and of CI; a scratch database is made on it per test.
POSTGRES_SERVER = os.environ.get("BANSO_TEST_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")

# Changes of every kind after the backup: a deletion that cascades (a member and their
# memberships), an update, an insertion.
MUTATE = """
from banso.accounts.models import User
from banso.accounts.services import user_create
from banso.places.models import Village

User.objects.filter(pk=User.objects.filter(memberships__isnull=False).order_by("pk").last().pk).delete()
Village.objects.filter(pk=Village.objects.order_by("pk").first().pk).update(name="Đã đổi tên")
user_create(phone="0981999999", full_name="Người đến sau bản sao")
"""

Snapshot = dict[str, tuple[int, str]]


@dataclass
class Site:
    """One installation of the project: its var directory and the environment that selects it."""

    var_dir: Path
    environment: dict[str, str]

    @property
    def database(self) -> Path:
        return self.var_dir / "banso.sqlite3"


def manage(*arguments: str, site: Site, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=site.environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def manage_ok(*arguments: str, site: Site, stdin: str | None = None) -> str:
    completed = manage(*arguments, site=site, stdin=stdin)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def site_environment(*, var_dir: Path, database_url: str | None = None) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "BANSO_CACHE_URL"}
    }
    environment.update(BANSO_VAR_DIR=str(var_dir), BANSO_LOG_LEVEL="WARNING")
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


def sqlite_snapshot(database: Path) -> Snapshot:
    """Row count and a digest of every row, for every table of a SQLite file."""
    snapshot = {}
    with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as connection:
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        for (table,) in tables:
            # Sorted here: the search index's shadow tables have no rowid to order by.
            rows = sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
            snapshot[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return snapshot


def temporary_files(directory: Path) -> list[Path]:
    return [path for path in directory.iterdir() if re.search(r"\.(backup|restore)-", path.name)]


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory) -> Path:
    """A SQLite file with every migration and the full demo data, built once for the module."""
    var_dir = tmp_path_factory.mktemp("seeded")
    site = Site(var_dir, site_environment(var_dir=var_dir))
    manage_ok("migrate", "--noinput", "-v0", site=site)
    manage_ok("seed_demo", site=site)
    return site.database


@pytest.fixture
def sqlite_site(seeded_database, tmp_path) -> Site:
    """A site of its own on a copy of the seeded database, in WAL mode as the site runs it."""
    site = Site(tmp_path / "var", site_environment(var_dir=tmp_path / "var"))
    site.var_dir.mkdir()
    with (
        closing(sqlite3.connect(seeded_database)) as source,
        closing(sqlite3.connect(site.database)) as target,
    ):
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    return site


# SQLite ------------------------------------------------------------------------------------


def test_sqlite_round_trip_keeps_every_row(sqlite_site, tmp_path):
    backup = tmp_path / "backups" / "before.sqlite3"
    at_backup = sqlite_snapshot(sqlite_site.database)
    assert at_backup["places_administrativeunit"][0] > 10_000
    assert at_backup["orgs_organisation"][0] > 0

    manage_ok("backup", str(backup), site=sqlite_site)
    assert sqlite_snapshot(backup) == at_backup
    # The backup is one self-contained file, with no WAL beside it.
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sorted(path.name for path in backup.parent.iterdir()) == ["before.sqlite3"]

    manage_ok("shell", "-c", MUTATE, site=sqlite_site)
    changed = sqlite_snapshot(sqlite_site.database)
    assert changed["orgs_membership"][0] == at_backup["orgs_membership"][0] - 1
    # One member left and one newcomer arrived: the same count, other rows.
    assert changed["accounts_user"][0] == at_backup["accounts_user"][0]
    assert changed["accounts_user"][1] != at_backup["accounts_user"][1]
    assert changed["places_village"] != at_backup["places_village"]

    manage_ok("restore", str(backup), "--noinput", site=sqlite_site)

    assert sqlite_snapshot(sqlite_site.database) == at_backup
    assert temporary_files(sqlite_site.var_dir) == []
    # Django finds every migration applied and the site's database answers again.
    manage_ok("migrate", "--check", site=sqlite_site)
    assert "Lao Chải" in manage_ok(
        "shell",
        "-c",
        "from banso.places.models import Village; print(Village.objects.order_by('pk')[0].name)",
        site=sqlite_site,
    )


def test_sqlite_backup_goes_to_var_backups_by_default(sqlite_site):
    at_backup = sqlite_snapshot(sqlite_site.database)

    manage_ok("backup", site=sqlite_site)

    (backup,) = (sqlite_site.var_dir / "backups").iterdir()
    assert re.fullmatch(r"banso-\d{8}-\d{6}\.sqlite3", backup.name)
    assert sqlite_snapshot(backup) == at_backup


def test_sqlite_backup_is_online_and_consistent_while_another_connection_writes(
    sqlite_site, tmp_path
):
    backup = tmp_path / "online.sqlite3"
    writer = sqlite3.connect(sqlite_site.database, isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        writer.execute("UPDATE places_village SET name = 'Đã lưu' WHERE id = 1")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE places_village SET name = 'Chưa lưu' WHERE id = 2")

        manage_ok("backup", str(backup), site=sqlite_site)

        writer.execute("COMMIT")
    finally:
        writer.close()

    with closing(sqlite3.connect(backup)) as copy:
        names = dict(copy.execute("SELECT id, name FROM places_village WHERE id IN (1, 2)"))
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The committed change (still in the WAL) is in the copy; the open transaction is not.
    assert names == {1: "Đã lưu", 2: "Tả Van Giáy"}
    with closing(sqlite3.connect(sqlite_site.database)) as live:
        assert live.execute("SELECT name FROM places_village WHERE id = 2").fetchone() == (
            "Chưa lưu",
        )


def _not_sqlite(path: Path, seeded: Path) -> None:
    path.write_text("id,name\n1,Lao Chải\n", encoding="utf-8")


def _sqlite_of_another_application(path: Path, seeded: Path) -> None:
    with closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
        other.execute("INSERT INTO note (body) VALUES ('not ours')")
        other.commit()


def _truncated_backup(path: Path, seeded: Path) -> None:
    path.write_bytes(seeded.read_bytes()[: 64 * 1024])


@pytest.mark.parametrize(
    "make_file", [_not_sqlite, _sqlite_of_another_application, _truncated_backup]
)
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(
    sqlite_site, seeded_database, tmp_path, make_file
):
    candidate = tmp_path / "candidate.sqlite3"
    make_file(candidate, seeded_database)
    before = sqlite_snapshot(sqlite_site.database)

    completed = manage("restore", str(candidate), "--noinput", site=sqlite_site)

    assert completed.returncode == 1
    assert completed.stderr.startswith("CommandError:")
    assert sqlite_snapshot(sqlite_site.database) == before
    assert temporary_files(sqlite_site.var_dir) == []


def test_restore_asks_first_and_a_no_changes_nothing(sqlite_site, tmp_path):
    backup = tmp_path / "before.sqlite3"
    at_backup = sqlite_snapshot(sqlite_site.database)
    manage_ok("backup", str(backup), site=sqlite_site)
    manage_ok("shell", "-c", MUTATE, site=sqlite_site)
    changed = sqlite_snapshot(sqlite_site.database)

    refused = manage("restore", str(backup), site=sqlite_site, stdin="no\n")

    assert refused.returncode == 1
    assert sqlite_snapshot(sqlite_site.database) == changed

    manage_ok("restore", str(backup), site=sqlite_site, stdin="yes\n")

    assert sqlite_snapshot(sqlite_site.database) == at_backup


def test_restore_refuses_while_another_process_has_the_database_open(sqlite_site, tmp_path):
    backup = tmp_path / "before.sqlite3"
    manage_ok("backup", str(backup), site=sqlite_site)
    manage_ok("shell", "-c", MUTATE, site=sqlite_site)
    changed = sqlite_snapshot(sqlite_site.database)

    with closing(sqlite3.connect(sqlite_site.database)) as running_site:
        running_site.execute("SELECT count(*) FROM places_village").fetchone()
        completed = manage("restore", str(backup), "--noinput", site=sqlite_site)

    assert completed.returncode == 1
    assert completed.stderr.startswith("CommandError:")
    assert sqlite_snapshot(sqlite_site.database) == changed
    assert temporary_files(sqlite_site.var_dir) == []


# PostgreSQL --------------------------------------------------------------------------------


def postgresql_snapshot(url: str) -> Snapshot:
    """Row count and a digest of every row, for every table of the public schema."""
    snapshot = {}
    with psycopg.connect(url, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                " FROM {} AS t"
            ).format(sql.Identifier(table))
            row = connection.execute(query).fetchone()
            assert row is not None  # an aggregate always returns one row
            count, digest = row
            snapshot[table] = (count, digest)
    return snapshot


@pytest.fixture
def postgresql_site(tmp_path):
    """A scratch PostgreSQL database of its own, dropped afterwards."""
    name = f"banso_backup_test_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = f"{POSTGRES_SERVER}/{name}"
    try:
        yield Site(tmp_path / "var", site_environment(var_dir=tmp_path / "var", database_url=url))
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.mark.slow
def test_postgresql_round_trip_keeps_every_row(postgresql_site, tmp_path):
    url = postgresql_site.environment["DATABASE_URL"]
    manage_ok("migrate", "--noinput", "-v0", site=postgresql_site)
    manage_ok("seed_demo", site=postgresql_site)
    at_backup = postgresql_snapshot(url)
    assert at_backup["places_administrativeunit"][0] > 10_000

    manage_ok("backup", site=postgresql_site)
    (backup,) = (postgresql_site.var_dir / "backups").iterdir()
    assert re.fullmatch(r"banso-\d{8}-\d{6}\.dump", backup.name)

    manage_ok("shell", "-c", MUTATE, site=postgresql_site)
    changed = postgresql_snapshot(url)
    assert changed["orgs_membership"][0] == at_backup["orgs_membership"][0] - 1
    # One member left and one newcomer arrived: the same count, other rows.
    assert changed["accounts_user"][0] == at_backup["accounts_user"][0]
    assert changed["accounts_user"][1] != at_backup["accounts_user"][1]
    assert changed["places_village"] != at_backup["places_village"]

    not_a_dump = tmp_path / "not-a-dump.dump"
    not_a_dump.write_bytes(b"PGDMP but not really")
    refused = manage("restore", str(not_a_dump), "--noinput", site=postgresql_site)
    assert refused.returncode == 1
    assert refused.stderr.startswith("CommandError:")
    assert postgresql_snapshot(url) == changed

    manage_ok("restore", str(backup), "--yes", site=postgresql_site)

    assert postgresql_snapshot(url) == at_backup
    manage_ok("migrate", "--check", site=postgresql_site)


def test_the_schema_calls_no_function_only_djangos_sqlite_connections_define(sqlite_site):
    """A check constraint or an index over a lookup Django emulates on SQLite (``__regex``,
    ``__day``, ``__year`` …) calls a function (``REGEXP``, ``django_date_extract``) that only
    Django's own connections register: ``sqlite3``, a backup's integrity check or a restore
    could then not write the table. Constraints keep to plain SQL; the rest is validated."""
    with closing(sqlite3.connect(sqlite_site.database)) as plain:
        schema = plain.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        offending = [
            name
            for name, sql in schema
            if re.search(r"\bdjango_\w+\s*\(|\bREGEXP\b", sql, flags=re.IGNORECASE)
        ]
    assert offending == []

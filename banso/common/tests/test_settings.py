"""Production settings pass Django's deployment checks; bad environment values are refused."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    if environment.get("DATABASE_URL") == "":
        del environment["DATABASE_URL"]
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        BANSO_DEBUG="false",
        BANSO_SECRET_KEY=secrets.token_urlsafe(50),
        BANSO_ALLOWED_HOSTS="banso.example.vn",
        BANSO_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", BANSO_DEBUG="false", BANSO_SECRET_KEY="", BANSO_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "BANSO_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_is_refused(tmp_path):
    result = _manage("check", BANSO_DEBUG="maybe", BANSO_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "BANSO_DEBUG" in result.stderr


def test_the_embedded_database_runs_in_wal_mode(tmp_path):
    probe = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = _manage("shell", "-c", probe, BANSO_VAR_DIR=str(tmp_path), DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"
    assert (tmp_path / "banso.sqlite3").exists()

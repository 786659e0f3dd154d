from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from banso.common.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Make a consistent copy of the database while the site keeps running: SQLite's online "
        "backup, or pg_dump in custom format on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="file to write (default: var/backups/banso-YYYYmmdd-HHMMSS.sqlite3 or .dump)",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, *args, path, database, **options):
        try:
            written = database_backup(destination=path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size_mb = written.stat().st_size / 1_000_000
        self.stdout.write(f"Backup written to {written} ({size_mb:.1f} MB).")

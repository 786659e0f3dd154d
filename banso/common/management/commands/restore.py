from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from banso.common.backup import BackupError, database_restore, database_restore_check


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by the backup command. Everything "
        "written since that backup is lost; stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="backup file to restore")
        parser.add_argument(
            "--noinput",
            "--no-input",
            "--yes",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, *args, path, interactive, database, **options):
        try:
            database_restore_check(source=path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if interactive and not self.confirmed(path, database):
            raise CommandError("Restore cancelled; the database was not changed.")
        try:
            database_restore(source=path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Database restored from {path}.")

    def confirmed(self, path: Path, database: str) -> bool:
        name = connections[database].settings_dict["NAME"]
        self.stdout.write(
            f"This replaces ALL data in the database {name} with the backup {path}.\n"
            "Everything written since that backup will be lost."
        )
        try:
            answer = input("Type 'yes' to continue, or anything else to cancel: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"

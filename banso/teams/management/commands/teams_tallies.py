"""``manage.py teams_tallies``: check the teams' reports' tallies against the records, or count
them again.

Without options the tallies are compared with a count of the records, nothing is written, and
the exit status is 1 when they differ (a cron job or a monitor can alert). ``--rebuild`` empties
them and counts them again from the records, while new records wait: after rows were written
straight into the tables (a benchmark's data set, a repair by hand) or after a restore that
leaves a doubt. The sync keeps them in step otherwise (``teams.services.tallies``).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from banso.teams.services.tallies import help_tallies_differences, help_tallies_rebuild


class Command(BaseCommand):
    help = "Check the tallies of the teams' reports against the records, or count them again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="empty the tallies and count them again from the records",
        )

    def handle(self, *args, rebuild: bool, **options):
        started = time.perf_counter()
        if rebuild:
            written = help_tallies_rebuild()
            rows = ", ".join(f"{table} {count}" for table, count in written.items())
            seconds = time.perf_counter() - started
            self.stdout.write(f"Tallies counted again from the records in {seconds:.1f} s: {rows}.")
            return
        differences = help_tallies_differences()
        if differences:
            rows = ", ".join(f"{table} {count}" for table, count in differences.items())
            raise CommandError(
                f"The tallies differ from the records (rows): {rows}. "
                "Run manage.py teams_tallies --rebuild."
            )
        self.stdout.write("The tallies agree with the records.")

import time

from django.core.management.base import BaseCommand

from banso.places.loading import units_load


class Command(BaseCommand):
    help = "Load Vietnam's administrative units (current and retired) and the old→new mapping."

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = units_load()
        self.stdout.write(
            f"{report.provinces} provinces and {report.communes} communes and wards (current); "
            f"{report.retired_provinces} provinces, {report.retired_districts} districts and "
            f"{report.retired_communes} communes (retired); {report.successions} successions; "
            f"{report.unmapped} conversion entries without a match; "
            f"{time.perf_counter() - started:.1f} s"
        )

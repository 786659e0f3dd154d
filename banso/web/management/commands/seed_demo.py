from django.core.management.base import BaseCommand

from banso.web.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Load the Lào Cai demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        report = demo_seed()
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for login in report.logins:
            self.stdout.write(f"  {login.phone}  {login.role:<22} {login.name}")
        for url in report.urls:
            self.stdout.write(f"  {url}")

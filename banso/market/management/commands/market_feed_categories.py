"""``manage.py market_feed_categories [--replace]``: create the default category mappings of
the feeds (Google's product taxonomy), keeping what officers changed unless ``--replace``."""

from django.core.management.base import BaseCommand

from banso.market.services.feeds import feed_categories_default


class Command(BaseCommand):
    help = "Create the default category mappings for the feeds to national marketplaces."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--replace",
            action="store_true",
            help="also overwrite mappings that officers have changed",
        )

    def handle(self, *args, replace: bool = False, **options) -> None:
        written = feed_categories_default(replace=replace)
        self.stdout.write(f"{written} category mappings written.")

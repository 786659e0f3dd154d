"""``manage.py lingo_fill``: ask the memory and the engine again for translations that have no
proposal, e.g. once an engine is plugged in after content was written."""

from django.core.management.base import BaseCommand
from django.db import transaction

from banso.lingo.models import TranslationState
from banso.lingo.services import translations_refill


class Command(BaseCommand):
    help = "Queue translations without a proposal to be filled again by the memory and engine."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--stale",
            action="store_true",
            help="also the out-of-date translations (default: only those waiting)",
        )

    def handle(self, *args, stale: bool = False, **options) -> None:
        states = [TranslationState.WAITING] + ([TranslationState.STALE] if stale else [])
        with transaction.atomic():
            queued = translations_refill(states=states)
        self.stdout.write(f"{queued} translations queued; the worker fills them.")

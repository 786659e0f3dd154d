"""``manage.py trace_verify``: prove that no stored EPCIS event was altered, removed or inserted.

Two checks, both streaming in primary-key order so that a million events never sit in memory:

1. every event's canonical hash is computed again from its stored document (and its
   document's ``@context``) and must equal ``event_hash``: a changed row no longer matches;
2. each lot's events, in the order they were stored, must each name the previous one's hash
   in ``previous_hash``: a removed or inserted row breaks the chain.

The exit status is 1 when anything is wrong, so that a cron job or a monitor can alert.
"""

from django.core.management.base import BaseCommand, CommandError

from banso.trace.epcis import hashing
from banso.trace.models import TraceEvent

CHUNK_SIZE = 2000


class Command(BaseCommand):
    help = "Check every trace event's hash and every lot's chain of events."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-reports",
            type=int,
            default=100,
            help="print at most this many problems (all are counted)",
        )

    def handle(self, *args, max_reports: int, **options):
        problems = 0
        checked = 0
        last_hash_of_lot: dict[int, str] = {}
        namespaces_of: dict[str, dict] = {}
        rows = (
            TraceEvent.objects.order_by("pk")
            .values_list("pk", "event_hash", "document", "context", "lot_id", "previous_hash")
            .iterator(chunk_size=CHUNK_SIZE)
        )
        for pk, event_hash, document, context, lot_id, previous_hash in rows:
            checked += 1
            key = repr(context)
            if key not in namespaces_of:
                namespaces_of[key] = hashing.context_namespaces(context)
            try:
                computed = hashing.event_hash(document, namespaces_of[key])
            except (ValueError, AttributeError):
                computed = ""
            if computed != event_hash:
                problems += 1
                self._report(
                    problems,
                    max_reports,
                    f"Event {pk} was altered: its stored hash is {event_hash}, "
                    f"its document hashes to {computed or 'nothing'}.",
                )
            if lot_id is None:
                continue
            expected = last_hash_of_lot.get(lot_id, "")
            if previous_hash != expected:
                problems += 1
                self._report(
                    problems,
                    max_reports,
                    f"Lot {lot_id}: event {pk} follows {previous_hash or 'nothing'}, but the "
                    f"event stored before it is {expected or 'nothing'}: an event of this lot "
                    "was removed or inserted.",
                )
            last_hash_of_lot[lot_id] = event_hash
        summary = (
            f"{checked} events checked, {len(last_hash_of_lot)} lots' chains walked, "
            f"{problems} problems."
        )
        if problems:
            self.stderr.write(summary)
            raise CommandError(f"{problems} problems found.", returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))

    def _report(self, count: int, max_reports: int, message: str) -> None:
        if count <= max_reports:
            self.stderr.write(message)

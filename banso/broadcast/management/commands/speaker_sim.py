"""``manage.py speaker_sim``: simulated loudspeakers polling the device API over HTTP.

The speakers are a client of the site, as real receivers are: the command talks to a running
site (``make run``'s at http://127.0.0.1:8000 by default) and never calls its views. Tokens
come from a file (one a line) or, with ``--demo``, are made anew for the speakers in service
(each speaker's old token stops working: for the demo only). Faults are drawn from ``--seed``.
At the end it prints what the speakers asked and got, what they played and acknowledged.
"""

import json
import resource
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from banso.accounts.models import User
from banso.broadcast.models import Speaker
from banso.broadcast.services.speakers import speaker_token_replace
from banso.broadcast.sim import Faults, Fleet, Settings, SimClock, fleet_run


def _open_files_raise(wanted: int) -> None:
    """Each held request keeps a socket open: raise the soft limit on open files toward the
    hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def demo_tokens(limit: int | None) -> list[str]:
    """New tokens for the speakers in service, replaced by the first superuser."""
    actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if actor is None:
        raise CommandError("No superuser to replace the speakers' tokens: run seed_demo first.")
    speakers = Speaker.objects.filter(is_active=True).order_by("pk")
    if limit:
        speakers = speakers[:limit]
    tokens = [speaker_token_replace(actor=actor, speaker=speaker) for speaker in speakers]
    if not tokens:
        raise CommandError("No speaker in service: run seed_demo first.")
    return tokens


class Command(BaseCommand):
    help = "Run simulated loudspeakers against the device API of a running site."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the site's address")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--tokens", type=Path, help="a file of device tokens, one a line")
        source.add_argument(
            "--demo",
            action="store_true",
            help="replace the tokens of the speakers in service and use them (demo only)",
        )
        parser.add_argument("--speakers", type=int, default=0, help="at most this many")
        parser.add_argument("--duration", type=float, default=60.0, help="seconds to run")
        parser.add_argument("--poll", type=float, default=30.0, help="seconds between polls")
        parser.add_argument(
            "--emergency-poll", type=float, default=5.0, help="seconds between emergency polls"
        )
        parser.add_argument(
            "--emergency-wait",
            type=int,
            default=0,
            help="hold the emergency poll this many seconds (0: short polls)",
        )
        parser.add_argument("--heartbeat", type=float, default=60.0, help="seconds between them")
        parser.add_argument("--ramp", type=float, default=5.0, help="seconds to start them all")
        parser.add_argument("--speed", type=float, default=1.0, help="simulated clock's speed")
        parser.add_argument("--store", type=Path, help="keep the audio here (else in memory)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--drop-rate", type=float, default=0.0, help="downloads cut, 0–1")
        parser.add_argument("--slow-share", type=float, default=0.0, help="slow links, 0–1")
        parser.add_argument("--skew", type=float, default=0.0, help="clock skew, ± seconds")
        parser.add_argument(
            "--power-losses", type=float, default=0.0, help="power losses per speaker an hour"
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        if options["tokens"]:
            try:
                lines = options["tokens"].read_text().split()
            except OSError as error:
                raise CommandError(f"Cannot read the tokens: {error}") from error
            tokens = [line for line in lines if line.strip()][: options["speakers"] or None]
        else:
            tokens = demo_tokens(options["speakers"] or None)
        if not tokens:
            raise CommandError("No token to simulate a speaker with.")
        for name in ("drop_rate", "slow_share"):
            if not 0 <= options[name] <= 1:
                raise CommandError(f"--{name.replace('_', '-')} is a share between 0 and 1.")
        _open_files_raise(4 * len(tokens) + 256)
        fleet = Fleet(
            base_url=options["url"],
            tokens=tokens,
            clock=SimClock(speed=options["speed"]),
            settings=Settings(
                poll_seconds=options["poll"],
                emergency_seconds=options["emergency_poll"],
                emergency_wait=options["emergency_wait"],
                heartbeat_seconds=options["heartbeat"],
            ),
            faults=Faults(
                seed=options["seed"],
                drop_rate=options["drop_rate"],
                slow_share=options["slow_share"],
                skew_seconds=options["skew"],
                power_losses_per_hour=options["power_losses"],
            ),
            store_root=options["store"],
            ramp_seconds=min(options["ramp"], options["duration"]),
        )
        self.stderr.write(
            f"{len(tokens)} simulated speakers against {options['url']} "
            f"for {options['duration']:g} s …"
        )
        summary = fleet_run(fleet, options["duration"])
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
            return
        self.stdout.write(self._text(summary))

    def _text(self, summary: dict) -> str:
        lines = [
            f"Speakers: {summary['speakers']}",
            f"Played: {summary['played']}, failed: {summary['failed']}, "
            f"reports not yet sent: {summary['reports_unsent']}",
            f"Emergencies acknowledged: {summary['acknowledged']}",
            f"Downloads: {summary['downloads']} ({summary['resumed']} resumed with Range, "
            f"{summary['checksum_failures']} failed their SHA-256)",
            f"Restarts after a power loss: {summary['restarts']}",
            "Answers:",
        ]
        lines += [f"  {key}: {count}" for key, count in summary["answers"].items()]
        lines.append("Time of the answers (p50 / p99 ms):")
        lines += [
            f"  {key}: {figures['p50_ms']} / {figures['p99_ms']} ({figures['count']})"
            for key, figures in summary["latency"].items()
        ]
        return "\n".join(lines)

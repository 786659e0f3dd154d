"""How long an emergency takes to reach 2,000 loudspeakers: from its approval to the last
speaker's acknowledgement, on a scratch site served by gunicorn (SQLite, and PostgreSQL too
when ``DATABASE_URL`` names one).

The speakers and communes are those of ``broadcast_poll`` (ten communes, 200 speakers each).
Two ways of listening, each on a site of its own:

- short polls: each speaker asks every 5 s (±20 %), gunicorn's sync workers as in production;
- held polls (``?wait=20``): each speaker holds its request, gunicorn with gthread workers of
  1,000 threads each (one per held request).

The speakers start within ``RAMP_SECONDS`` (60 s, as in ``broadcast_poll``: every one first
polls, downloads its playlist's audio and sends a heartbeat). Once every speaker holds its ETag
of the emergency list, and ``SETTLE_SECONDS`` more, a child process approves an emergency
for the whole province through the services (a province duty approver); the speakers acknowledge
it on receipt, download it, pre-empt and play it. The reach is read from the database: the last
``EmergencyAck.received_at`` less the bulletin's approval time (the server's clock for both).
With the local-memory cache, gunicorn's workers learn of the change within
``EMERGENCY_CACHE_SECONDS`` (1 s), which is part of the figure.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.broadcast_poll import prepare
from bench.report import Measure, Report
from bench.server import child_figures, served_postgresql, served_site, site_environment

NAME = "broadcast_emergency"
SHORT_POLL_SECONDS = 5.0
HOLD_SECONDS = 20
THREADS = 1_000
RAMP_SECONDS = 60.0
SETTLE_SECONDS = 5.0
REACH_TIMEOUT_SECONDS = 180.0


def _child(environment: dict[str, str], *arguments: str) -> dict:
    return child_figures(
        "bench.broadcast_emergency", environment, *arguments, timeout=300, what="emergency"
    )


def measure(port: int, tokens: list[str], environment: dict[str, str], held: bool) -> dict:
    from banso.broadcast.sim import Fleet, FleetThread, Settings

    fleet = Fleet(
        base_url=f"http://127.0.0.1:{port}",
        tokens=tokens,
        settings=Settings(
            poll_seconds=3600,
            emergency_seconds=SHORT_POLL_SECONDS if not held else 1.0,
            emergency_wait=HOLD_SECONDS if held else 0,
            heartbeat_seconds=3600,
            report_seconds=5,
        ),
        ramp_seconds=RAMP_SECONDS,
    )
    with FleetThread(fleet) as running:
        deadline = time.monotonic() + RAMP_SECONDS + 120
        while time.monotonic() < deadline and not all(s.emergency_etag for s in fleet.speakers):
            time.sleep(0.2)
        time.sleep(SETTLE_SECONDS)  # the last speakers' downloads and first held polls
        approved = _child(environment, "approve")
        deadline = time.monotonic() + REACH_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if sum(len(s.counters.acks) for s in fleet.speakers) >= len(tokens):
                break
            time.sleep(0.2)
        summary = running.stop()
    reach = _child(environment, "reach", str(approved["bulletin"]))
    return {**reach, "mode": "held" if held else "short", "answers": summary["answers"]}


def run_on(settings: dict[str, str] | None, *, workers: int, held: bool) -> dict:
    with (
        served_site(
            workers=workers, seed=False, settings=settings, threads=THREADS if held else 0
        ) as site,
        tempfile.TemporaryDirectory(prefix="banso-bench-emergency-") as directory,
    ):
        environment = {**site_environment(site.var_dir), **(settings or {})}
        tokens = prepare(environment, Path(directory))
        return measure(site.port, tokens, environment, held)


def _measures(label: str, figures: dict) -> list[Measure]:
    how = "held polls (gthread)" if figures["mode"] == "held" else "5 s polls (sync)"
    # No acknowledgement at all (the run failed) shows as nan rather than stopping the table.
    reach = figures["reach_seconds"] if figures["reach_seconds"] is not None else float("nan")
    median = figures["median_seconds"] if figures["median_seconds"] is not None else float("nan")
    return [
        Measure(
            NAME,
            f"approval to last of {figures['acknowledged']} acks, {how}, {label}",
            reach,
            "s",
        ),
        Measure(NAME, f"median ack, {how}, {label}", median, "s"),
        Measure(
            NAME,
            f"95 % of the speakers acknowledged, {how}, {label}",
            figures["p95_seconds"] if figures.get("p95_seconds") is not None else float("nan"),
            "s",
        ),
    ]


def run(options: argparse.Namespace) -> Report:
    details: dict = {}
    measures: list[Measure] = []
    for held in (False, True):
        key = f"sqlite {'held' if held else 'short'}"
        details[key] = run_on(None, workers=options.workers, held=held)
        measures += _measures("SQLite", details[key])
    with served_postgresql(NAME) as postgresql:
        if postgresql:
            for held in (False, True):
                key = f"postgresql {'held' if held else 'short'}"
                details[key] = run_on(postgresql, workers=options.workers, held=held)
                measures += _measures("PostgreSQL", details[key])
    return Report(measures=measures, details=details)


# --- what runs in the child process, with the scratch site's database ---------------------


def child_approve() -> None:
    import datetime

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from banso.accounts.models import User
    from banso.broadcast.models import BulletinVersion
    from banso.broadcast.services.bulletins import BulletinData, bulletin_approve, bulletin_create
    from banso.broadcast.services.versions import recording_add, version_remove
    from banso.common.mp3 import mp3_silence
    from banso.places.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(is_current=True, code="15")
    # The province's duty approver made by broadcast_poll's preparation (also its editor).
    duty = User.objects.get(phone="+84981000952")
    now = timezone.now()
    bulletin = bulletin_create(
        actor=duty,
        source_unit=province,
        data=BulletinData(
            title="Cảnh báo lũ quét",
            text="Mưa lớn, nguy cơ lũ quét và sạt lở đất. Người dân không đi qua suối.",
            category="disaster",
            priority="emergency",
            valid_from=now - datetime.timedelta(minutes=1),
            valid_until=now + datetime.timedelta(hours=6),
            is_province_wide=True,
        ),
    )
    for version in BulletinVersion.objects.filter(bulletin=bulletin, removed_at__isnull=True):
        version_remove(actor=duty, version=version)
    upload = SimpleUploadedFile("khan-cap.mp3", mp3_silence(8), content_type="audio/mpeg")
    recording_add(actor=duty, bulletin=bulletin, upload=upload, language="vi")
    bulletin = bulletin_approve(actor=duty, bulletin=bulletin)
    assert bulletin.decided_at is not None
    print(json.dumps({"bulletin": bulletin.pk, "approved_at": bulletin.decided_at.isoformat()}))


def child_reach(bulletin_id: int) -> None:
    import django

    django.setup()
    from banso.broadcast.models import Bulletin, EmergencyAck, Speaker

    bulletin = Bulletin.objects.get(pk=bulletin_id)
    total = Speaker.objects.filter(is_active=True).count()
    approved = bulletin.decided_at
    assert approved is not None
    delays = sorted(
        (received - approved).total_seconds()
        for received in EmergencyAck.objects.filter(bulletin=bulletin).values_list(
            "received_at", flat=True
        )
    )
    print(
        json.dumps(
            {
                "acknowledged": len(delays),
                "reach_seconds": round(delays[-1], 2) if delays else None,
                "median_seconds": round(delays[len(delays) // 2], 2) if delays else None,
                # The 95th in 100 of the speakers (of all asked, acknowledged or not).
                "p95_seconds": (
                    round(delays[int(0.95 * total) - 1], 2)
                    if len(delays) >= int(0.95 * total)
                    else None
                ),
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "approve":
        child_approve()
    else:
        child_reach(int(sys.argv[2]))

"""How long an emergency takes to reach 2,000 loudspeakers: from its approval to the last
speaker's acknowledgement, on a scratch site served by gunicorn (SQLite, and PostgreSQL too
when ``DATABASE_URL`` names one).

The speakers and communes are those of ``broadcast_poll`` (ten communes, 200 speakers each).
Three ways of listening (``MODES``), each on a site of its own:

- ``short``: each speaker asks every 5 s (±20 %), gunicorn's sync workers as in production
  (``scripts/serve.sh``), a new connection for each request;
- ``kept``: the same polls over connections kept open between them (HTTP keep-alive, as a
  receiver on 4G keeps its connection to the proxy in front of the site), gunicorn's gthread
  workers of two threads keeping up to 1,100 connections each;
- ``held`` (``?wait=20``): each speaker holds its request, gunicorn with gthread workers of
  1,000 threads each (one per held request); not in ``make bench`` (see ``run``), run by hand
  with ``run_on(None, workers=2, mode="held")``.

The speakers run in ``SIMULATORS`` processes of their own, beside the site on the same machine;
the share of the machine's processors each side used from the approval to the last
acknowledgement is part of the figures.

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
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.broadcast_poll import prepare
from bench.report import Measure, Report
from bench.server import (
    REPOSITORY,
    Site,
    child_figures,
    cpu_seconds,
    served_postgresql,
    served_site,
    site_environment,
    worker_pids,
)

NAME = "broadcast_emergency"
SHORT_POLL_SECONDS = 5.0
# The simulated speakers' processes: each runs its share in one event loop.
SIMULATORS = 2
HOLD_SECONDS = 20
THREADS = 1_000
RAMP_SECONDS = 60.0
SETTLE_SECONDS = 5.0
REACH_TIMEOUT_SECONDS = 180.0


def _child(environment: dict[str, str], *arguments: str) -> dict:
    return child_figures(
        "bench.broadcast_emergency", environment, *arguments, timeout=300, what="emergency"
    )


# mode → gunicorn's workers (``served_site``'s arguments) and whether the speakers hold
MODES: dict[str, tuple[dict, bool]] = {
    "short": ({}, False),
    "kept": ({"threads": 2, "connections": 1_100, "keep_alive": 30}, False),
    "held": ({"threads": THREADS}, True),
}
RUN_MODES = ("short", "kept")
HOW = {
    "short": "5 s polls (sync)",
    "kept": "5 s polls, kept connections (gthread)",
    "held": "held polls (gthread)",
}


def _fleet_settings(held: bool):
    from banso.broadcast.sim import Settings

    return Settings(
        poll_seconds=3600,
        emergency_seconds=SHORT_POLL_SECONDS if not held else 1.0,
        emergency_wait=HOLD_SECONDS if held else 0,
        heartbeat_seconds=3600,
        report_seconds=5,
    )


def _statuses(paths: list[Path]) -> list[dict]:
    found = []
    for path in paths:
        try:
            found.append(json.loads(path.read_text()))
        except (OSError, ValueError):  # not written yet
            found.append({"ready": 0, "acknowledged": 0})
    return found


def measure(
    site: Site, tokens: list[str], environment: dict[str, str], mode: str, directory: Path
) -> dict:
    """The speakers run in ``SIMULATORS`` processes of their own (a share of the tokens each),
    so that the simulator, one Python process per event loop, does not hold the speakers back:
    real receivers each have a processor of their own."""
    slices = [tokens[index::SIMULATORS] for index in range(SIMULATORS)]
    processes, statuses = [], []
    for index, share in enumerate(slices):
        tokens_path = directory / f"fleet-{index}.tokens"
        tokens_path.write_text("\n".join(share))
        statuses.append(directory / f"fleet-{index}.json")
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bench.broadcast_emergency",
                    "fleet",
                    f"http://127.0.0.1:{site.port}",
                    str(tokens_path),
                    str(statuses[-1]),
                    mode,
                ],
                cwd=REPOSITORY,
                stdout=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        )
    try:
        deadline = time.monotonic() + RAMP_SECONDS + 120
        while time.monotonic() < deadline:
            if sum(status["ready"] for status in _statuses(statuses)) >= len(tokens):
                break
            time.sleep(0.2)
        time.sleep(SETTLE_SECONDS)  # the last speakers' downloads and first held polls
        workers = worker_pids(site)
        simulators = [process.pid for process in processes]
        before = (time.monotonic(), cpu_seconds(workers), cpu_seconds(simulators))
        approved = _child(environment, "approve")
        deadline = time.monotonic() + REACH_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if sum(status["acknowledged"] for status in _statuses(statuses)) >= len(tokens):
                break
            time.sleep(0.2)
        # From the approval to the last acknowledgement, the share of the machine's
        # processors the site's workers and the simulated speakers used.
        seconds = (time.monotonic() - before[0]) * (os.cpu_count() or 1)
        cpu = {
            "site_cpu_share": round((cpu_seconds(workers) - before[1]) / seconds, 3),
            "simulator_cpu_share": round((cpu_seconds(simulators) - before[2]) / seconds, 3),
        }
    finally:
        for path in statuses:
            path.with_suffix(".stop").touch()
        summaries = []
        for process in processes:
            output, _ = process.communicate(timeout=120)
            lines = output.strip().splitlines()
            summaries.append(json.loads(lines[-1]) if lines else {"answers": {}})
    answers: Counter = Counter()
    for summary in summaries:
        answers.update(summary["answers"])
    reach = _child(environment, "reach", str(approved["bulletin"]))
    return {
        **reach,
        **cpu,
        "mode": mode,
        "answers": dict(sorted(answers.items())),
    }


def run_on(settings: dict[str, str] | None, *, workers: int, mode: str) -> dict:
    with (
        served_site(workers=workers, seed=False, settings=settings, **MODES[mode][0]) as site,
        tempfile.TemporaryDirectory(prefix="banso-bench-emergency-") as directory,
    ):
        environment = {**site_environment(site.var_dir), **(settings or {})}
        tokens = prepare(environment, Path(directory))
        return measure(site, tokens, environment, mode, Path(directory))


def _measures(label: str, figures: dict) -> list[Measure]:
    how = HOW[figures["mode"]]
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
        Measure(
            NAME,
            f"processors used by the site meanwhile, {how}, {label}",
            100 * figures["site_cpu_share"],
            "%",
        ),
        Measure(
            NAME,
            f"processors used by the simulator meanwhile, {how}, {label}",
            100 * figures["simulator_cpu_share"],
            "%",
        ),
    ]


def _run_logged(details: dict, key: str, settings: dict[str, str] | None, **options) -> dict:
    details[key] = run_on(settings, **options)
    # Each run's figures as soon as it ends: a later run that fails does not lose them.
    print(f"{NAME} {key}: {json.dumps(details[key])}", file=sys.stderr)
    return details[key]


def run(options: argparse.Namespace) -> Report:
    """Short polls, and short polls over kept connections; held polls (``run_on(…,
    mode="held")``, by hand) overwhelm this machine's site within minutes, and on PostgreSQL
    their thousand threads a worker open more connections than the server allows."""
    details: dict = {}
    measures: list[Measure] = []
    for mode in RUN_MODES:
        figures = _run_logged(details, f"sqlite {mode}", None, workers=options.workers, mode=mode)
        measures += _measures("SQLite", figures)
    for mode in RUN_MODES:
        # A database of its own for each mode, as each SQLite run has a site of its own.
        with served_postgresql(NAME) as postgresql:
            if not postgresql:
                break
            figures = _run_logged(
                details, f"postgresql {mode}", postgresql, workers=options.workers, mode=mode
            )
            measures += _measures("PostgreSQL", figures)
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


def child_fleet(url: str, tokens_path: Path, status_path: Path, mode: str) -> None:
    """A share of the speakers, until ``status_path.stop`` appears: how many hold their ETag
    of the emergency list and how many acknowledged are written to ``status_path`` twice a
    second; the fleet's summary is the last line printed."""
    from banso.broadcast.sim import Fleet, FleetThread

    tokens = tokens_path.read_text().split()
    fleet = Fleet(
        base_url=url,
        tokens=tokens,
        settings=_fleet_settings(held=MODES[mode][1]),
        ramp_seconds=RAMP_SECONDS,
    )
    stop = status_path.with_suffix(".stop")
    with FleetThread(fleet) as running:
        while not stop.exists():
            status = {
                "ready": sum(1 for s in fleet.speakers if s.emergency_etag),
                "acknowledged": sum(len(s.counters.acks) for s in fleet.speakers),
            }
            written = status_path.with_suffix(".tmp")
            written.write_text(json.dumps(status))
            written.replace(status_path)
            time.sleep(0.5)
        summary = running.stop()
    print(json.dumps(summary))


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
    elif sys.argv[1] == "fleet":
        child_fleet(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5])
    else:
        child_reach(int(sys.argv[2]))

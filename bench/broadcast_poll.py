"""2,000 loudspeakers polling their playlist every 30 s, on a scratch site served by gunicorn
(SQLite, and PostgreSQL too when ``DATABASE_URL`` names one).

A child process equips ten communes of Lào Cai with 200 speakers each through the services
(``speaker_register``), a daily slot and an approved priority bulletin per commune (a person's
recording), and writes the speakers' tokens to a file. The speakers are then simulated in this
process (``banso.broadcast.sim``, one asyncio loop, one HTTP client): each polls its playlist
with ``If-None-Match`` every 30 s (±20 %), so about 67 polls a second, the first of each a
``200`` with the playlist and its audio downloaded, the others ``304``. The times are taken
by the client, from the request sent to the answer read. The goal's p99 is that of the steady
state: the polls sent after every speaker has started (over 60 s) and 30 s more; the first
polls' and all unchanged polls' figures are reported beside it. The baseline, in the same run
and from the same client at the same pace, is 2,000 pollers of the bare view (``bench/bare``).
"""

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Goal, Measure, Report, quantile
from bench.server import (
    child_figures,
    served_postgresql,
    served_site,
    site_environment,
)

NAME = "broadcast_poll"
SPEAKERS = 2_000
COMMUNES = 10
POLL_SECONDS = 30.0
RAMP_SECONDS = 60.0  # every speaker's first poll (the whole playlist and audio), spread out
SETTLE_SECONDS = 30.0  # the start-up burst drains: not measured for the goal
MEASURE_SECONDS = 90.0  # then the steady polls (each speaker's every 30 s), measured
BARE_SECONDS = 45.0
GOAL_P99_MS = 50.0
CHILD_TIMEOUT_SECONDS = 900


def prepare(environment: dict[str, str], directory: Path) -> list[str]:
    path = directory / "tokens.txt"
    child_figures(
        "bench.broadcast_poll",
        environment,
        "prepare",
        str(path),
        str(SPEAKERS),
        timeout=CHILD_TIMEOUT_SECONDS,
        what="broadcast (preparing the speakers)",
    )
    return path.read_text().split()


async def bare_polls(port: int, seconds: float) -> list[float]:
    """2,000 pollers of the bare view at the speakers' pace: the baseline's times."""
    import httpx

    times: list[float] = []
    draw = random.Random(7)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}",
        timeout=30,
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=64),
    ) as client:
        deadline = time.monotonic() + seconds

        async def poller() -> None:
            await asyncio.sleep(draw.uniform(0, POLL_SECONDS))
            while time.monotonic() < deadline:
                begun = time.monotonic()
                response = await client.get("/bench/bare")
                if response.status_code == 200:
                    times.append(time.monotonic() - begun)
                await asyncio.sleep(POLL_SECONDS * draw.uniform(0.8, 1.2))

        tasks = [asyncio.create_task(poller()) for _ in range(SPEAKERS)]
        await asyncio.sleep(seconds)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return times


async def speaker_polls(port: int, tokens: list[str]) -> dict:
    from banso.broadcast.sim import Fleet, Settings

    fleet = Fleet(
        base_url=f"http://127.0.0.1:{port}",
        tokens=tokens,
        settings=Settings(
            poll_seconds=POLL_SECONDS,
            emergency_seconds=3600,
            heartbeat_seconds=3600,
            report_seconds=3600,
        ),
        ramp_seconds=RAMP_SECONDS,
    )
    begun = asyncio.get_running_loop().time()
    summary = await fleet.run(RAMP_SECONDS + SETTLE_SECONDS + MEASURE_SECONDS)
    seconds = fleet.stats.seconds
    # The steady state: the polls sent once every speaker has made its first poll and its
    # downloads, and the start-up burst has drained.
    steady_from = begun + RAMP_SECONDS + SETTLE_SECONDS
    steady = [
        exchange.seconds * 1000
        for speaker in fleet.speakers
        for exchange in speaker.log
        if exchange.path.endswith("/playlist")
        and exchange.status in (200, 304)
        and exchange.at >= steady_from
    ]
    return {
        "summary": summary,
        "first_ms": [value * 1000 for value in seconds.get("playlist 200", [])],
        "unchanged_ms": [value * 1000 for value in seconds.get("playlist 304", [])],
        "steady_ms": steady,
    }


def measure(port: int, tokens: list[str]) -> dict:
    bare = [value * 1000 for value in asyncio.run(bare_polls(port, BARE_SECONDS))]
    polls = asyncio.run(speaker_polls(port, tokens))
    unchanged, first = polls["unchanged_ms"], polls["first_ms"]
    every = polls["steady_ms"]
    return {
        "speakers": len(tokens),
        "bare_count": len(bare),
        "bare_p50_ms": round(quantile(bare, 0.5), 2),
        "bare_p99_ms": round(quantile(bare, 0.99), 2),
        "polls": len(every),
        "poll_p50_ms": round(quantile(every, 0.5), 2),
        "poll_p99_ms": round(quantile(every, 0.99), 2),
        "unchanged_count": len(unchanged),
        "unchanged_p50_ms": round(quantile(unchanged, 0.5), 2),
        "unchanged_p99_ms": round(quantile(unchanged, 0.99), 2),
        "first_count": len(first),
        "first_p50_ms": round(quantile(first, 0.5), 2),
        "first_p99_ms": round(quantile(first, 0.99), 2),
        "answers": polls["summary"]["answers"],
    }


def _measures(label: str, figures: dict) -> list[Measure]:
    bare_p50, bare_p99 = figures["bare_p50_ms"], figures["bare_p99_ms"]
    return [
        Measure(f"{NAME} bare view", f"p50, {label}", bare_p50, "ms"),
        Measure(f"{NAME} bare view", f"p99, {label}", bare_p99, "ms"),
        Measure(NAME, f"steady poll p50, {label}", figures["poll_p50_ms"], "ms", baseline=bare_p50),
        Measure(NAME, f"steady poll p99, {label}", figures["poll_p99_ms"], "ms", baseline=bare_p99),
        Measure(
            NAME,
            f"steady poll p99 vs {GOAL_P99_MS:.0f} ms goal, {label}",
            figures["poll_p99_ms"],
            "ms",
            baseline=GOAL_P99_MS,
            goal=Goal(1.0, at_least=False),
        ),
        Measure(NAME, f"unchanged (304) p99, {label}", figures["unchanged_p99_ms"], "ms", bare_p99),
        Measure(NAME, f"first poll (200) p99, {label}", figures["first_p99_ms"], "ms", bare_p99),
    ]


def run_on(workers: int, settings: dict[str, str] | None) -> dict:
    with (
        served_site(workers=workers, seed=False, settings=settings) as site,
        tempfile.TemporaryDirectory(prefix="banso-bench-broadcast-") as directory,
    ):
        environment = {**site_environment(site.var_dir), **(settings or {})}
        tokens = prepare(environment, Path(directory))
        return measure(site.port, tokens)


def run(options: argparse.Namespace) -> Report:
    details = {"sqlite": run_on(options.workers, None)}
    measures = _measures("SQLite", details["sqlite"])
    with served_postgresql(NAME) as postgresql:
        if postgresql:
            details["postgresql"] = run_on(options.workers, postgresql)
            measures += _measures("PostgreSQL", details["postgresql"])
    return Report(measures=measures, details=details)


# --- what runs in the child process, with the scratch site's database ---------------------


def child_prepare(path: Path, count: int) -> None:
    import datetime

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from banso.accounts.models import PlaceRole, User
    from banso.accounts.services import role_grant
    from banso.broadcast.models import BulletinVersion
    from banso.broadcast.services.bulletins import (
        BulletinData,
        bulletin_approve,
        bulletin_create,
        bulletin_submit,
    )
    from banso.broadcast.services.schedule import slot_add
    from banso.broadcast.services.speakers import SpeakerData, speaker_register
    from banso.broadcast.services.versions import recording_add, version_remove
    from banso.common.mp3 import mp3_silence
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit

    if not AdministrativeUnit.objects.filter(is_current=True, code="15").exists():
        units_load()
    province = AdministrativeUnit.objects.get(is_current=True, code="15")
    communes = list(
        AdministrativeUnit.objects.filter(
            is_current=True, level="commune", parent=province
        ).order_by("code")[:COMMUNES]
    )
    people = {}
    for number, role in enumerate(
        (
            PlaceRole.BROADCAST_EDITOR,
            PlaceRole.BROADCAST_APPROVER,
            PlaceRole.BROADCAST_DUTY_APPROVER,
        )
    ):
        person = User.objects.create_user(
            phone=f"+8498100095{number}", password="bench-only-x9", full_name=str(role)
        )
        role_grant(user=person, role=role, unit=province)
        people[role] = person
    editor, approver = people[PlaceRole.BROADCAST_EDITOR], people[PlaceRole.BROADCAST_APPROVER]
    role_grant(
        user=people[PlaceRole.BROADCAST_DUTY_APPROVER],
        role=PlaceRole.BROADCAST_EDITOR,
        unit=province,
    )
    now = timezone.now()
    tokens = []
    for index, commune in enumerate(communes):
        slot_add(actor=editor, commune=commune, starts_at=datetime.time(6), length_minutes=30)
        slot_add(actor=editor, commune=commune, starts_at=datetime.time(17), length_minutes=30)
        for number in range(count // len(communes) + (index < count % len(communes))):
            _speaker, token = speaker_register(
                actor=editor, commune=commune, data=SpeakerData(name=f"Cụm loa {number}")
            )
            tokens.append(token)
        bulletin = bulletin_create(
            actor=editor,
            source_unit=province,
            data=BulletinData(
                title=f"Thông báo {commune.name}",
                text="Thông báo của Ủy ban nhân dân xã về lịch tiêm phòng.",
                category="health",
                priority="priority",
                valid_from=now - datetime.timedelta(hours=1),
                valid_until=now + datetime.timedelta(days=3),
                target_communes=(commune,),
            ),
        )
        for version in BulletinVersion.objects.filter(bulletin=bulletin, removed_at__isnull=True):
            version_remove(actor=editor, version=version)
        upload = SimpleUploadedFile("ghi-am.mp3", mp3_silence(20), content_type="audio/mpeg")
        recording_add(actor=editor, bulletin=bulletin, upload=upload, language="vi")
        bulletin_submit(actor=editor, bulletin=bulletin)
        bulletin_approve(actor=approver, bulletin=bulletin)
    path.write_text("\n".join(tokens) + "\n")
    print(json.dumps({"speakers": len(tokens), "communes": len(communes)}))


def child_main(arguments: list[str]) -> None:
    if arguments[0] == "prepare":
        child_prepare(Path(arguments[1]), int(arguments[2]))


if __name__ == "__main__":
    child_main(sys.argv[1:])

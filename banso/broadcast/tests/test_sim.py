"""The loudspeaker simulator against the running app (pytest-django's live server), over real
HTTP: bulletins played by exactly the speakers they reach and reported, a download cut and
resumed with Range then played from the store with the link down, an emergency acknowledged
by 200 speakers holding their poll, pre-emption, and ``manage.py speaker_sim``.

The simulated clock starts shortly before the programme's slot and runs fast, so that the
bulletins "play" within a second or two of the test."""

import datetime
import hashlib
import io
import time
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.broadcast.models import EmergencyAck, PlayReport
from banso.broadcast.services.bulletins import bulletin_approve
from banso.broadcast.services.schedule import slot_add
from banso.broadcast.sim import Fleet, FleetThread, Settings, SimClock
from banso.broadcast.tests.makers import approved_make, bulletin_make, speaker_make
from banso.places.services import village_create

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SLOT = datetime.time(6)


def next_slot() -> datetime.datetime:
    """The next 6:00 in Vietnam, at least a minute away."""
    now = timezone.now().astimezone(LOCAL)
    moment = now.replace(hour=SLOT.hour, minute=0, second=0, microsecond=0)
    while moment < now + datetime.timedelta(minutes=1):
        moment += datetime.timedelta(days=1)
    return moment


def wait_for(condition, *, seconds: float = 30.0, step: float = 0.05) -> bool:
    """Poll ``condition`` in short steps until it holds or ``seconds`` pass. On SQLite's
    shared in-memory test database a read can meet a table the live server is writing
    ("table is locked"): that look counts as not yet."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            pass
        time.sleep(step)
    return condition()


def _window(**days) -> dict:
    now = timezone.now()
    return {
        "valid_from": now - datetime.timedelta(hours=1),
        "valid_until": now + datetime.timedelta(days=days.get("days", 3)),
    }


def fleet_for(live_server, tokens, *, clock, settings=None, **options) -> Fleet:
    """A fleet against the live server, which serves each connection in a thread with a
    database connection of its own: at most 20 at once, within PostgreSQL's limit."""
    return Fleet(
        base_url=live_server.url,
        tokens=tokens,
        clock=clock,
        settings=settings or Settings(poll_seconds=1.0, emergency_seconds=1.0, report_seconds=0.5),
        max_connections=20,
        **options,
    )


def fleet_state(fleet: Fleet) -> dict:
    """What the speakers did, for a failing assertion's message."""
    return {
        "summary": fleet.summary(),
        "clock": fleet.clock.now().isoformat(),
        "speakers": [
            (
                s.name,
                s.device_clock().isoformat(),
                [i["starts_at"] for i in s.items],
                list(s.log)[-8:],
            )
            for s in fleet.speakers
        ],
    }


@pytest.fixture
def slot(transactional_db, editor, muong_khuong):
    return slot_add(actor=editor, commune=muong_khuong, starts_at=SLOT, length_minutes=30)


def test_a_bulletin_for_three_villages_is_played_and_reported_by_exactly_their_speakers(
    live_server, editor, approver, commune_officer, muong_khuong, village, sang_chai, slot
):
    villages = [village, sang_chai]
    for name in ("Pạc Bo", "Lùng Khấu Nhin", "Tả Ngải Chồ"):
        villages.append(
            village_create(actor=commune_officer, commune=muong_khuong, name=name, kind="thon")
        )
    speakers = []
    for index, place in enumerate(villages):
        for number in range(2 if index < 3 else 1):
            speakers.append(
                speaker_make(editor, muong_khuong, f"Loa {index}-{number}", village=place)
            )
    speakers.append(speaker_make(editor, muong_khuong, "Loa trung tâm xã"))
    chosen = villages[1:4]
    bulletin = approved_make(
        editor,
        approver,
        muong_khuong,
        seconds=4,
        priority="priority",
        target_villages=tuple(chosen),
        **_window(),
    )
    (version,) = bulletin.versions.filter(removed_at__isnull=True)
    reached = {speaker.pk for speaker, _token in speakers if speaker.village in chosen}
    assert len(reached) == 5 and len(speakers) == 9

    clock = SimClock(start=next_slot() - datetime.timedelta(hours=1), speed=5)
    fleet = fleet_for(live_server, [t for _s, t in speakers], clock=clock)
    with FleetThread(fleet) as running:
        # Once every speaker reached has the audio, the world moves to just before the slot.
        assert wait_for(
            lambda: sum(s.store.has(version.sha256) for s in fleet.speakers) == len(reached),
            seconds=120,
        )
        running.clock_set(next_slot() - datetime.timedelta(seconds=10))
        assert wait_for(lambda: PlayReport.objects.count() >= len(reached)), fleet_state(
            running.fleet
        )
        # Past the bulletin's end in the simulated world, the others have had their chance.
        assert wait_for(lambda: clock.now() > next_slot() + datetime.timedelta(seconds=10))
        summary = running.stop()

    rows = PlayReport.objects.all()
    assert {(row.speaker_id, row.version_id, row.outcome) for row in rows} == {
        (pk, version.pk, "played") for pk in reached
    }
    assert rows.count() == len(reached)
    assert all(row.scheduled_at == next_slot() for row in rows)
    assert summary["played"] == len(reached) and summary["failed"] == 0
    assert summary["reports_unsent"] == 0


def test_a_download_cut_resumes_with_range_and_plays_on_time_with_the_link_down(
    live_server, editor, approver, muong_khuong, village, slot, tmp_path
):
    _speaker, token = speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    bulletin = approved_make(
        editor,
        approver,
        muong_khuong,
        seconds=6,
        priority="priority",
        target_villages=(village,),
        **_window(),
    )
    (version,) = bulletin.versions.filter(removed_at__isnull=True)
    assert version.size_bytes > 20_000

    clock = SimClock(start=next_slot() - datetime.timedelta(hours=1), speed=5)
    fleet = fleet_for(live_server, [token], clock=clock, store_root=tmp_path)
    with FleetThread(fleet) as running:
        speaker = fleet.speakers[0]
        speaker.link.cut_next_after = 10_000
        assert wait_for(lambda: speaker.store.has(version.sha256), seconds=120)
        # The link goes down before the slot: the speaker plays from its store.
        speaker.link.up = False
        running.clock_set(next_slot() - datetime.timedelta(seconds=10))
        assert wait_for(lambda: speaker.counters.plays, seconds=20)
        (play,) = speaker.counters.plays
        assert (play.outcome, play.version) == ("played", version.pk)
        assert PlayReport.objects.count() == 0 and len(speaker.outbox) == 1
        # Back online, the report goes.
        speaker.link.up = True
        assert wait_for(lambda: PlayReport.objects.filter(outcome="played").count() == 1)
        running.stop()

    audio = [entry for entry in speaker.log if "/audio/" in entry.path]
    assert [(entry.status, entry.range, entry.note) for entry in audio] == [
        (200, "", "cut"),
        (206, "bytes=10000-", ""),
    ]
    assert any(entry.note == "link down" for entry in speaker.log)
    stored = tmp_path / "speaker-0" / f"{version.sha256}.mp3"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == version.sha256
    assert stored.stat().st_size == version.size_bytes
    report = PlayReport.objects.get()
    assert report.scheduled_at == next_slot()
    # Played on time: from the store, within the player's grace of its start.
    assert abs((report.started_at - report.scheduled_at).total_seconds()) <= 5


def test_an_emergency_reaches_200_speakers(
    live_server, live_server_paused, duty_approver, editor, muong_khuong, village, record_property
):
    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    tokens = [
        speaker_make(editor, muong_khuong, f"Loa {number}", village=village)[1]
        for number in range(200)
    ]
    # Short polls every 3 s: the live server's threads (one per connection) are bounded, so
    # held polls would queue behind each other; the held poll is tested with pre-emption.
    settings = Settings(poll_seconds=30, emergency_seconds=3.0, heartbeat_seconds=60)
    fleet = fleet_for(live_server, tokens, clock=SimClock(speed=4), settings=settings)
    with FleetThread(fleet) as running:
        # Every speaker has its list of emergencies, unchanged since.
        assert wait_for(lambda: all(s.emergency_etag for s in fleet.speakers), seconds=240)
        with live_server_paused:
            flood = bulletin_make(
                duty_approver,
                muong_khuong,
                seconds=2,
                title="Cảnh báo lũ quét",
                priority="emergency",
                category="disaster",
                target_communes=(muong_khuong,),
                **_window(),
            )
            flood = bulletin_approve(actor=duty_approver, bulletin=flood)
        assert wait_for(lambda: EmergencyAck.objects.count() == 200, seconds=240)
        assert wait_for(lambda: PlayReport.objects.filter(bulletin=flood).count() == 200)
        summary = running.stop()

    acks = EmergencyAck.objects.filter(bulletin=flood)
    assert acks.values("speaker").distinct().count() == 200
    last = max(ack.received_at for ack in acks)
    reach = (last - flood.decided_at).total_seconds()
    record_property("emergency_reach_seconds_200_speakers", round(reach, 3))
    print(f"Emergency: approval to the last of 200 acknowledgements in {reach:.2f} s")
    assert summary["acknowledged"] == 200
    assert set(PlayReport.objects.values_list("outcome", flat=True)) == {"played"}


def test_an_emergency_pre_empts_what_is_playing(
    live_server, duty_approver, editor, approver, muong_khuong, village, slot
):
    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    _speaker, token = speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    long_one = approved_make(
        editor,
        approver,
        muong_khuong,
        seconds=120,
        priority="priority",
        target_villages=(village,),
        **_window(),
    )
    (long_version,) = long_one.versions.filter(removed_at__isnull=True)
    clock = SimClock(start=next_slot() - datetime.timedelta(hours=1), speed=1)
    # The speaker holds its emergency poll: the emergency comes as the answer to it.
    settings = Settings(poll_seconds=1.0, emergency_wait=20, report_seconds=0.5)
    fleet = fleet_for(live_server, [token], clock=clock, settings=settings)
    with FleetThread(fleet) as running:
        speaker = fleet.speakers[0]
        assert wait_for(lambda: speaker.store.has(long_version.sha256), seconds=120)
        running.clock_set(next_slot() - datetime.timedelta(seconds=1))
        assert wait_for(lambda: speaker._playing is not None, seconds=60)
        flood = bulletin_make(
            duty_approver,
            muong_khuong,
            seconds=1,
            title="Cảnh báo sạt lở",
            priority="emergency",
            category="disaster",
            target_villages=(village,),
            **_window(),
        )
        bulletin_approve(actor=duty_approver, bulletin=flood)
        assert wait_for(
            lambda: (
                {long_one.pk, flood.pk}
                <= set(PlayReport.objects.values_list("bulletin", flat=True))
            )
        )
        running.stop()

    emergency_polls = [entry for entry in speaker.log if entry.path[-10:] == "/emergency"]
    # The emergency came as the answer to a held poll: after the first, unconditional one,
    # the held polls ended unchanged (304) until one answered with it. (On SQLite's in-memory
    # test database the live server answers one request at a time, so a held poll may end
    # unchanged while the speaker's other requests wait.)
    statuses = [entry.status for entry in emergency_polls]
    assert statuses[0] == 200 and 200 in statuses[1:]
    assert set(statuses[1 : statuses.index(200, 1)]) <= {304}

    interrupted = PlayReport.objects.get(bulletin=long_one)
    assert (interrupted.outcome, interrupted.error) == ("failed", "pre-empted by an emergency")
    # Played at once; it may play again at the head of the slot it interrupted, when the
    # slot's start is still within the speaker's grace (the test server's clock is not the
    # simulated one).
    emergency = PlayReport.objects.filter(bulletin=flood).order_by("started_at").first()
    assert emergency is not None
    assert emergency.outcome == "played" and emergency.started_at >= interrupted.started_at
    assert EmergencyAck.objects.filter(bulletin=flood).count() == 1


def test_the_speaker_sim_command_runs_against_the_live_server_and_sums_up(
    live_server, editor, approver, muong_khuong, village, slot, tmp_path
):
    tokens = [speaker_make(editor, muong_khuong, f"Loa {n}", village=village)[1] for n in range(3)]
    approved_make(
        editor, approver, muong_khuong, seconds=3, priority="priority", target_villages=(village,)
    )
    path = tmp_path / "tokens.txt"
    path.write_text("\n".join(tokens) + "\n")
    out = io.StringIO()
    call_command(
        "speaker_sim",
        "--url",
        live_server.url,
        "--tokens",
        str(path),
        "--duration",
        "2",
        "--ramp",
        "0.3",
        "--poll",
        "0.5",
        "--drop-rate",
        "0.5",
        "--skew",
        "30",
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue()
    assert text.startswith("Speakers: 3\n")
    assert "playlist 200: 3" in text and "heartbeat 200:" in text
    assert "Downloads: 3 " in text

"""The demo's loudspeakers: five communes equipped, programmes at 6:00 and 17:00, two approved
bulletins that play; seeding twice changes nothing."""

from django.utils import timezone

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    PlayReport,
    ProgrammeSlot,
    SlotPlacement,
    Speaker,
    SpeakerStatus,
)
from banso.broadcast.selectors.board import commune_board
from banso.broadcast.selectors.playlist import speaker_playlist
from banso.broadcast.selectors.speakers import speaker_audience
from banso.places.models import AdministrativeUnit
from banso.web.demo import demo_seed


def _counts():
    return (
        Speaker.objects.count(),
        ProgrammeSlot.objects.count(),
        Bulletin.objects.count(),
        SlotPlacement.objects.count(),
        PlayReport.objects.count(),
        SpeakerStatus.objects.count(),
    )


def test_the_demo_loudspeakers(demo):
    communes = set(Speaker.objects.values_list("commune__code", flat=True))
    assert communes == {"02761", "02839", "03037", "02701", "03006"}
    # A cluster at each commune's centre and one in each of the eight demo villages.
    assert Speaker.objects.count() == 5 + 8
    assert sorted({slot.starts_at.hour for slot in ProgrammeSlot.objects.all()}) == [6, 17]
    assert Bulletin.objects.filter(state=BulletinState.APPROVED).count() == 2
    cold = Bulletin.objects.get(is_province_wide=True)
    assert cold.priority == "priority" and cold.created_by != cold.decided_by

    ma_tuyen = Speaker.objects.get(village__name="Mã Tuyển")
    audience = speaker_audience(ma_tuyen.pk)
    assert audience is not None
    played = {item.bulletin.title for item in speaker_playlist(audience, now=timezone.now()).items}
    assert played == {cold.title, "Lịch tiêm phòng vắc xin cho đàn gia súc, gia cầm"}
    y_ty = Speaker.objects.filter(commune__code="02701").first()
    assert y_ty is not None
    audience = speaker_audience(y_ty.pk)
    assert audience is not None
    played = {item.bulletin.title for item in speaker_playlist(audience, now=timezone.now()).items}
    assert played == {cold.title}

    # What they played at the slots of the last two days: the cold spell twice a day on all 13,
    # the vaccination days on Mường Khương's mornings; Y Tý's centre failed in the
    # evenings; Sa Pa's centre never sent a heartbeat.
    versions = {b.pk: b.versions.filter(approved_at__isnull=False).count() for b in [cold]}
    assert versions[cold.pk] >= 1
    cold_plays = PlayReport.objects.filter(bulletin=cold)
    assert cold_plays.count() == 13 * 2 * 2 * versions[cold.pk]
    assert set(cold_plays.values_list("commune__code", flat=True)) == communes
    vaccination = PlayReport.objects.exclude(bulletin=cold)
    assert set(vaccination.values_list("commune__code", flat=True)) == {"02761"}
    assert {timezone.localtime(r.started_at).hour for r in vaccination} == {6}
    failed = PlayReport.objects.filter(outcome="failed")
    assert set(failed.values_list("speaker__commune__code", "speaker__village")) == {
        ("02701", None)
    }
    assert {timezone.localtime(r.started_at).hour for r in failed} == {17}
    silent = Speaker.objects.filter(status__isnull=True)
    assert set(silent.values_list("commune__code", "village")) == {("03006", None)}

    # The status board right after the seeding: Sa Pa's centre silent, Y Tý's centre faulty
    # (its battery low on battery power), every other speaker online.
    states = {
        (code, row.speaker.village_id is None): row.state.state
        for code in communes
        for village in commune_board(
            AdministrativeUnit.objects.get(code=code, is_current=True)
        ).villages
        for row in village.rows
    }
    assert states.pop(("03006", True)) == "silent"
    assert states.pop(("02701", True)) == "faulty"
    assert set(states.values()) == {"online"}

    counts = _counts()
    demo_seed()
    assert _counts() == counts


def test_the_simulator_s_demo_tokens_replace_the_speakers_tokens(demo, client):
    from banso.broadcast.management.commands.speaker_sim import demo_tokens

    before = dict(Speaker.objects.values_list("pk", "token_hash"))
    tokens = demo_tokens(3)
    assert len(tokens) == 3 and len(set(tokens)) == 3
    after = dict(Speaker.objects.values_list("pk", "token_hash"))
    changed = {pk for pk in before if before[pk] != after[pk]}
    assert changed == set(Speaker.objects.order_by("pk").values_list("pk", flat=True)[:3])
    for token in tokens:
        answer = client.get(
            "/api/broadcast/device/playlist", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200 and answer.json()["items"]

"""The schedule rules: slots, placements that must fit, the order of play, who hears what,
and the playlists they make."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banso.broadcast.models import ScheduleVersion, SlotPlacement
from banso.broadcast.selectors.playlist import (
    BULLETIN_GAP_MS,
    LOCAL,
    commune_calendar,
    speaker_playlist,
)
from banso.broadcast.selectors.speakers import speaker_audience
from banso.broadcast.services.bulletins import (
    bulletin_submit,
    bulletin_update,
    bulletin_withdraw,
)
from banso.broadcast.services.schedule import (
    placement_add,
    placements_order,
    slot_add,
    slot_update,
)
from banso.broadcast.services.speakers import group_create, speaker_active_set
from banso.broadcast.services.versions import (
    recording_add,
    version_approve,
    versions_order,
)
from banso.broadcast.tests.makers import (
    approved_make,
    bulletin_make,
    data,
    mp3_upload,
    speaker_make,
)

pytestmark = pytest.mark.django_db


def _at(hour: int, minute: int = 0, days: int = 0) -> datetime.datetime:
    day = timezone.localdate(timezone=LOCAL) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LOCAL)


def _plays(speaker, now=None) -> list[tuple[int, datetime.datetime]]:
    """(bulletin id, start) of each audio item of the speaker's playlist."""
    audience = speaker_audience(speaker.pk)
    assert audience is not None
    found = speaker_playlist(audience, now=now or _at(4))
    return [(item.bulletin.id, item.starts_at) for item in found.items]


@pytest.fixture
def morning(editor, muong_khuong):
    return slot_add(
        actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30
    )


@pytest.fixture
def evening(editor, muong_khuong):
    return slot_add(
        actor=editor, commune=muong_khuong, starts_at=datetime.time(17), length_minutes=30
    )


@pytest.fixture
def speakers(editor, muong_khuong, village, sang_chai):
    """One speaker at the commune's centre, one in Mã Tuyển, one in Sảng Chải."""
    centre, _ = speaker_make(editor, muong_khuong, "Cụm loa UBND xã")
    ma_tuyen, _ = speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    sang, _ = speaker_make(editor, muong_khuong, "Cụm loa Sảng Chải", village=sang_chai)
    return {"centre": centre, "ma_tuyen": ma_tuyen, "sang_chai": sang}


def _valid_days(days: int = 3) -> dict:
    return {"valid_from": _at(0), "valid_until": _at(0, days=days)}


def test_slots_never_overlap_nor_run_past_midnight(editor, muong_khuong, morning):
    with pytest.raises(ValidationError) as overlap:
        slot_add(
            actor=editor, commune=muong_khuong, starts_at=datetime.time(6, 20), length_minutes=15
        )
    assert overlap.value.code == "slot_overlap"
    # On other days of the week it may overlap: Sunday only, while the morning slot runs
    # every day but Sunday.
    slot_update(
        actor=editor,
        slot=morning,
        starts_at=datetime.time(6),
        length_minutes=30,
        weekdays=0b0111111,
    )
    sunday = slot_add(
        actor=editor,
        commune=muong_khuong,
        starts_at=datetime.time(6, 20),
        length_minutes=15,
        weekdays=0b1000000,
    )
    assert sunday.pk
    with pytest.raises(ValidationError):
        slot_add(
            actor=editor, commune=muong_khuong, starts_at=datetime.time(23, 50), length_minutes=20
        )


def test_only_the_communes_people_run_its_programme(other_editor, muong_khuong):
    with pytest.raises(PermissionDenied):
        slot_add(
            actor=other_editor,
            commune=muong_khuong,
            starts_at=datetime.time(6),
            length_minutes=30,
        )


def test_a_bulletin_for_one_village_plays_only_on_that_villages_speakers(
    editor, approver, muong_khuong, village, speakers, morning
):
    bulletin = approved_make(
        editor, approver, muong_khuong, target_villages=(village,), **_valid_days()
    )
    placement_add(actor=editor, slot=morning, bulletin=bulletin)

    assert [pk for pk, _ in _plays(speakers["ma_tuyen"])] == [bulletin.pk]
    assert _plays(speakers["centre"]) == []
    assert _plays(speakers["sang_chai"]) == []


def test_playlists_give_absolute_local_times_for_the_next_day(
    editor, approver, muong_khuong, speakers, morning, evening
):
    bulletin = approved_make(
        editor, approver, muong_khuong, target_communes=(muong_khuong,), **_valid_days()
    )
    placement_add(actor=editor, slot=morning, bulletin=bulletin)
    placement_add(actor=editor, slot=evening, bulletin=bulletin)

    playlist = speaker_playlist(speaker_audience(speakers["centre"].pk), now=_at(7, 30))
    # From the start of the hour, 25 hours: this evening and tomorrow morning.
    assert playlist.start == _at(7) and playlist.end == _at(8, days=1)
    assert [item.starts_at for item in playlist.items] == [_at(17), _at(6, days=1)]
    assert playlist.items[0].starts_at.isoformat().endswith("+07:00")
    item = playlist.items[0]
    assert item.version.sha256 and item.version.duration_ms > 0 and not item.pre_empt


def test_priority_bulletins_come_first_then_the_normal_ones_in_the_communes_order(
    editor, approver, muong_khuong, speakers, morning
):
    everywhere = {"target_communes": (muong_khuong,), **_valid_days()}
    first = approved_make(editor, approver, muong_khuong, title="Thứ nhất", **everywhere)
    second = approved_make(editor, approver, muong_khuong, title="Thứ hai", **everywhere)
    placement_add(actor=editor, slot=morning, bulletin=first)
    placement_add(actor=editor, slot=morning, bulletin=second)
    urgent = approved_make(
        editor, approver, muong_khuong, title="Ưu tiên", priority="priority", **everywhere
    )

    today = [pk for pk, at in _plays(speakers["centre"]) if at.date() == _at(6).date()]
    assert today == [urgent.pk, first.pk, second.pk]

    placements_order(actor=editor, slot=morning, bulletin_ids=[second.pk, first.pk])
    today = [pk for pk, at in _plays(speakers["centre"]) if at.date() == _at(6).date()]
    assert today == [urgent.pk, second.pk, first.pk]


def test_nothing_overlaps_on_a_speaker(editor, approver, muong_khuong, speakers, morning):
    everywhere = {"target_communes": (muong_khuong,), **_valid_days()}
    for title in ("Một", "Hai", "Ba"):
        bulletin = approved_make(editor, approver, muong_khuong, title=title, **everywhere)
        placement_add(actor=editor, slot=morning, bulletin=bulletin)
    items = speaker_playlist(speaker_audience(speakers["centre"].pk), now=_at(4)).items
    for before, after in itertools.pairwise(items):
        if after.starts_at.date() != before.starts_at.date():
            continue
        ends = before.starts_at + datetime.timedelta(milliseconds=before.version.duration_ms)
        assert after.starts_at >= ends + datetime.timedelta(milliseconds=BULLETIN_GAP_MS)


def test_a_bulletin_that_does_not_fit_in_the_slot_is_refused(
    editor, approver, muong_khuong, speakers
):
    short = slot_add(
        actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=1
    )
    everywhere = {"target_communes": (muong_khuong,), **_valid_days()}
    fits = approved_make(editor, approver, muong_khuong, title="Vừa", seconds=20, **everywhere)
    placement_add(actor=editor, slot=short, bulletin=fits)  # 20 s of 60
    too_long = approved_make(
        editor, approver, muong_khuong, title="Dài", seconds=48, **everywhere
    )  # 3 s apart, 48 s more: no room left
    with pytest.raises(ValidationError) as refused:
        placement_add(actor=editor, slot=short, bulletin=too_long)
    assert refused.value.code == "no_room"
    assert not SlotPlacement.objects.filter(bulletin=too_long).exists()


def test_a_priority_bulletin_approved_later_pushes_a_normal_one_out_and_the_calendar_says_so(
    editor, approver, muong_khuong, speakers
):
    short = slot_add(
        actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=1
    )
    everywhere = {"target_communes": (muong_khuong,), **_valid_days()}
    normal = approved_make(editor, approver, muong_khuong, title="Thường", seconds=20, **everywhere)
    placement_add(actor=editor, slot=short, bulletin=normal)
    urgent = approved_make(
        editor,
        approver,
        muong_khuong,
        title="Ưu tiên",
        priority="priority",
        seconds=48,
        **everywhere,
    )

    assert {pk for pk, _ in _plays(speakers["centre"])} == {urgent.pk}
    tomorrow = commune_calendar(muong_khuong, _at(6, days=1).date(), days=1)[0]
    (occurrence,) = tomorrow.occurrences
    assert [entry.bulletin.id for entry in occurrence.entries] == [urgent.pk]
    assert occurrence.entries[0].speakers == 3
    assert [(e.bulletin.id, e.left_out) for e in occurrence.left_out] == [(normal.pk, 3)]


def test_priority_and_unapproved_bulletins_are_not_placed(editor, approver, muong_khuong, morning):
    everywhere = {"target_communes": (muong_khuong,), **_valid_days()}
    urgent = approved_make(editor, approver, muong_khuong, priority="priority", **everywhere)
    draft = bulletin_make(editor, muong_khuong, **everywhere)
    for bulletin in (urgent, draft):
        with pytest.raises(ValidationError):
            placement_add(actor=editor, slot=morning, bulletin=bulletin)


def test_nothing_plays_unapproved(editor, approver, muong_khuong, speakers, morning):
    everywhere = {"target_communes": (muong_khuong,), **_valid_days()}
    # A priority bulletin waiting for approval plays nowhere.
    waiting = bulletin_make(editor, muong_khuong, priority="priority", **everywhere)
    bulletin_submit(actor=editor, bulletin=waiting)
    assert _plays(speakers["centre"]) == []
    # An approved one plays; a recording added afterwards does not until it is approved.
    playing = approved_make(editor, approver, muong_khuong, priority="priority", **everywhere)
    hmong = recording_add(
        actor=editor,
        bulletin=playing,
        upload=mp3_upload(8),
        language="hmn",
        script="rpa",
        transcript="Tsab ntawv ceeb toom",
    )
    versions = {
        item.version.id
        for item in speaker_playlist(speaker_audience(speakers["centre"].pk), now=_at(4)).items
    }
    assert hmong.pk not in versions and versions
    version_approve(actor=approver, version=hmong)
    versions = {
        item.version.id
        for item in speaker_playlist(speaker_audience(speakers["centre"].pk), now=_at(4)).items
    }
    assert hmong.pk in versions
    # Changed, it is a draft again and plays no more; withdrawn, neither.
    bulletin_update(
        actor=editor, bulletin=playing, data=data(title="Đổi", priority="priority", **everywhere)
    )
    assert _plays(speakers["centre"]) == []
    other = approved_make(editor, approver, muong_khuong, priority="priority", **everywhere)
    assert {pk for pk, _ in _plays(speakers["centre"])} == {other.pk}
    bulletin_withdraw(actor=editor, bulletin=other)
    assert _plays(speakers["centre"]) == []


def test_versions_play_in_the_order_the_editors_set(
    editor, approver, muong_khuong, speakers, morning
):
    bulletin = approved_make(
        editor,
        approver,
        muong_khuong,
        priority="priority",
        target_communes=(muong_khuong,),
        **_valid_days(),
    )
    hmong = recording_add(actor=editor, bulletin=bulletin, upload=mp3_upload(6), language="hmn")
    version_approve(actor=approver, version=hmong)
    voice = bulletin.versions.get(kind="voiced")

    def first_versions():
        items = speaker_playlist(speaker_audience(speakers["centre"].pk), now=_at(4)).items
        return [item.version.id for item in items[:2]]

    assert first_versions() == [voice.pk, hmong.pk]
    versions_order(actor=editor, bulletin=bulletin, version_ids=[hmong.pk, voice.pk])
    assert first_versions() == [hmong.pk, voice.pk]


def test_groups_and_the_whole_province_reach_their_speakers(
    editor,
    approver,
    province_editor,
    province_approver,
    other_editor,
    muong_khuong,
    bac_ha,
    lao_cai,
    speakers,
    morning,
):
    market = group_create(
        actor=editor, commune=muong_khuong, name="Chợ phiên", speakers=(speakers["sang_chai"],)
    )
    for_market = approved_make(
        editor,
        approver,
        muong_khuong,
        target_groups=(market,),
        priority="priority",
        **_valid_days(),
    )
    bac_ha_slot = slot_add(
        actor=other_editor, commune=bac_ha, starts_at=datetime.time(6), length_minutes=30
    )
    bac_ha_speaker, _ = speaker_make(other_editor, bac_ha, "Cụm loa Bắc Hà")
    province = approved_make(
        province_editor,
        province_approver,
        lao_cai,
        is_province_wide=True,
        priority="priority",
        **_valid_days(),
    )
    assert bac_ha_slot.pk

    assert {pk for pk, _ in _plays(speakers["sang_chai"])} == {for_market.pk, province.pk}
    assert {pk for pk, _ in _plays(speakers["centre"])} == {province.pk}
    assert {pk for pk, _ in _plays(bac_ha_speaker)} == {province.pk}


def test_an_emergency_plays_at_once_and_heads_the_slots(
    duty_approver, editor, muong_khuong, speakers, morning
):
    from banso.accounts.models import PlaceRole
    from banso.accounts.services import role_grant
    from banso.broadcast.services.bulletins import bulletin_approve

    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    now = timezone.now()
    flood = bulletin_make(
        duty_approver,
        muong_khuong,
        title="Cảnh báo lũ",
        priority="emergency",
        target_communes=(muong_khuong,),
        valid_from=now - datetime.timedelta(minutes=5),
        valid_until=now + datetime.timedelta(days=2),
    )
    flood = bulletin_approve(actor=duty_approver, bulletin=flood)
    items = speaker_playlist(speaker_audience(speakers["centre"].pk), now=now).items
    assert items[0].pre_empt and items[0].starts_at == flood.decided_at
    assert all(item.bulletin.id == flood.pk for item in items)
    assert [item.pre_empt for item in items].count(False) >= 1  # and at 6:00 in the slot


def test_changes_raise_the_communes_schedule_number(editor, approver, muong_khuong, speakers):
    def number():
        return ScheduleVersion.objects.get(pk=muong_khuong.pk).number

    before = number()
    slot = slot_add(
        actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30
    )
    assert number() > before
    before = number()
    bulletin = approved_make(
        editor, approver, muong_khuong, target_communes=(muong_khuong,), **_valid_days()
    )
    assert number() > before
    before = number()
    placement_add(actor=editor, slot=slot, bulletin=bulletin)
    assert number() > before
    before = number()
    speaker_active_set(actor=editor, speaker=speakers["centre"], is_active=False)
    assert number() > before

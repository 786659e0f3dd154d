"""Bulletins from draft to approval: who writes where, who approves what, what is kept."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banso.broadcast.models import (
    Bulletin,
    BulletinChange,
    BulletinState,
    BulletinVersion,
    ChangeAction,
    ScheduleVersion,
    VersionStatus,
)
from banso.broadcast.selectors.bulletins import bulletins_for_user
from banso.broadcast.services.bulletins import (
    bulletin_approve,
    bulletin_create,
    bulletin_reject,
    bulletin_submit,
    bulletin_update,
    bulletin_withdraw,
    bulletins_expire,
)
from banso.broadcast.tests.makers import approved_make, bulletin_make, data, speaker_make, voice_now
from banso.common.mp3 import mp3_inspect
from banso.jobs.models import TaskProgress

pytestmark = pytest.mark.django_db


def test_an_editor_writes_a_draft_that_is_voiced_in_the_background(editor, muong_khuong):
    bulletin = bulletin_create(
        actor=editor, source_unit=muong_khuong, data=data(target_communes=(muong_khuong,))
    )

    assert bulletin.state == BulletinState.DRAFT
    assert bulletin.province.code == "15"
    voice = BulletinVersion.objects.get(bulletin=bulletin)
    assert voice.status == VersionStatus.PENDING and voice.language == "vi"
    assert TaskProgress.objects.filter(pk=voice.progress_id).exists()

    voice_now(bulletin)
    voice.refresh_from_db()
    assert voice.status == VersionStatus.READY
    assert voice.engine.startswith("espeak-ng")
    # The duration and checksum are those of the stored file, read frame by frame.
    with voice.audio.open("rb") as stored:
        stored_bytes = stored.read()
    info = mp3_inspect(stored_bytes)
    assert voice.duration_ms == info.duration_ms > 5_000  # forty-odd words read aloud
    assert voice.sha256 == hashlib.sha256(stored_bytes).hexdigest()
    assert voice.size_bytes == len(stored_bytes)
    assert (info.channels, info.bitrate_kbps) == (1, 48)
    actions = list(bulletin.changes.values_list("action", flat=True))
    assert actions == [ChangeAction.CREATED, ChangeAction.VOICING, ChangeAction.VOICED]


def test_a_commune_editor_cannot_target_another_commune(
    editor, muong_khuong, bac_ha, na_hoi, other_editor
):
    for targets in (
        {"target_communes": (bac_ha,)},
        {"target_villages": (na_hoi,)},
        {"target_communes": (muong_khuong, bac_ha)},
        {"is_province_wide": True},
    ):
        with pytest.raises(ValidationError):
            bulletin_create(actor=editor, source_unit=muong_khuong, data=data(**targets))
    # Nor write in the other commune's name.
    with pytest.raises(PermissionDenied):
        bulletin_create(actor=editor, source_unit=bac_ha, data=data(target_communes=(bac_ha,)))
    assert not Bulletin.objects.exists()
    # A bulletin with no target at all is refused too.
    with pytest.raises(ValidationError):
        bulletin_create(actor=editor, source_unit=muong_khuong, data=data())


def test_a_commune_editor_cannot_move_a_bulletin_to_another_commune(editor, muong_khuong, bac_ha):
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    with pytest.raises(ValidationError):
        bulletin_update(actor=editor, bulletin=bulletin, data=data(target_communes=(bac_ha,)))
    assert list(bulletin.target_communes.all()) == [muong_khuong]


def test_the_province_targets_its_communes_or_the_whole_province(
    province_editor, lao_cai, muong_khuong, bac_ha
):
    whole = bulletin_create(
        actor=province_editor, source_unit=lao_cai, data=data(is_province_wide=True)
    )
    two = bulletin_create(
        actor=province_editor,
        source_unit=lao_cai,
        data=data(target_communes=(muong_khuong, bac_ha)),
    )
    assert whole.is_province_wide and set(two.target_communes.all()) == {muong_khuong, bac_ha}
    from banso.places.models import AdministrativeUnit

    hanoi_commune = AdministrativeUnit.objects.filter(
        is_current=True, level="commune", parent__code="01"
    ).first()
    with pytest.raises(ValidationError):
        bulletin_create(
            actor=province_editor,
            source_unit=lao_cai,
            data=data(target_communes=(hanoi_commune,)),
        )


def test_an_approver_of_the_same_commune_approves_a_submitted_bulletin(
    editor, approver, muong_khuong
):
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    # Not before it is submitted.
    with pytest.raises(ValidationError):
        bulletin_approve(actor=approver, bulletin=bulletin)
    bulletin_submit(actor=editor, bulletin=bulletin)
    bulletin = bulletin_approve(actor=approver, bulletin=bulletin, note="Đúng nội dung.")

    assert bulletin.state == BulletinState.APPROVED
    assert bulletin.decided_by == approver and not bulletin.approved_on_duty
    assert BulletinVersion.objects.get(bulletin=bulletin).approved_by == approver
    assert ScheduleVersion.objects.get(pk=muong_khuong.pk).number >= 1


def test_only_an_approver_of_the_bulletins_own_unit_who_did_not_write_it_approves(
    make_user, editor, approver, other_approver, province_approver, muong_khuong
):
    from banso.accounts.models import PlaceRole
    from banso.accounts.services import role_grant

    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    bulletin_submit(actor=editor, bulletin=bulletin)
    # The editor who is also an approver may not approve their own bulletin.
    role_grant(user=editor, role=PlaceRole.BROADCAST_APPROVER, unit=muong_khuong)
    for person in (editor, other_approver, province_approver, make_user("Người dân")):
        with pytest.raises(PermissionDenied):
            bulletin_approve(actor=person, bulletin=bulletin)
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.SUBMITTED
    bulletin_approve(actor=approver, bulletin=bulletin)


def test_approval_waits_for_an_audio_version(editor, approver, muong_khuong):
    bulletin = bulletin_create(
        actor=editor, source_unit=muong_khuong, data=data(target_communes=(muong_khuong,))
    )
    bulletin_submit(actor=editor, bulletin=bulletin)
    with pytest.raises(ValidationError) as refused:
        bulletin_approve(actor=approver, bulletin=bulletin)
    assert refused.value.code == "no_audio"
    voice_now(bulletin)
    assert bulletin_approve(actor=approver, bulletin=bulletin).state == BulletinState.APPROVED


def test_a_duty_approver_approves_an_emergency_alone_and_it_is_logged(
    make_user, duty_approver, muong_khuong, caplog
):
    from banso.accounts.models import PlaceRole
    from banso.accounts.services import role_grant

    # The duty approver on the night of a flood writes the warning and approves it at once.
    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    bulletin = bulletin_make(
        duty_approver,
        muong_khuong,
        title="Cảnh báo lũ quét",
        priority="emergency",
        category="disaster",
        target_communes=(muong_khuong,),
    )
    with caplog.at_level("WARNING"):
        bulletin = bulletin_approve(actor=duty_approver, bulletin=bulletin)

    assert bulletin.state == BulletinState.APPROVED and bulletin.approved_on_duty
    change = bulletin.changes.get(action=ChangeAction.APPROVED_ON_DUTY)
    assert change.actor == duty_approver and change.state_before == BulletinState.DRAFT
    assert any(
        getattr(r, "event", "") == "broadcast_emergency_approved_on_duty" for r in caplog.records
    )
    assert ScheduleVersion.objects.get(pk=muong_khuong.pk).emergency_number >= 1


def test_a_duty_approver_approves_no_normal_bulletin(editor, duty_approver, muong_khuong):
    bulletin = bulletin_make(
        editor, muong_khuong, priority="priority", target_communes=(muong_khuong,)
    )
    bulletin_submit(actor=editor, bulletin=bulletin)
    with pytest.raises(PermissionDenied):
        bulletin_approve(actor=duty_approver, bulletin=bulletin)


def test_changing_an_approved_bulletin_sends_it_back_to_draft_and_voices_it_again(
    editor, approver, muong_khuong
):
    bulletin = approved_make(editor, approver, muong_khuong, target_communes=(muong_khuong,))
    number = ScheduleVersion.objects.get(pk=muong_khuong.pk).number
    old_voice = BulletinVersion.objects.get(bulletin=bulletin)

    bulletin = bulletin_update(
        actor=editor,
        bulletin=bulletin,
        data=data(text="Lịch tiêm phòng đổi sang thứ Bảy.", target_communes=(muong_khuong,)),
    )

    assert bulletin.state == BulletinState.DRAFT and bulletin.revision == 2
    assert ScheduleVersion.objects.get(pk=muong_khuong.pk).number > number
    old_voice.refresh_from_db()
    assert old_voice.removed_at is not None
    new_voice = BulletinVersion.objects.get(bulletin=bulletin, removed_at__isnull=True)
    assert new_voice.status == VersionStatus.PENDING and new_voice.made_for_revision == 2
    edit = bulletin.changes.get(action=ChangeAction.EDITED)
    assert edit.state_before == BulletinState.APPROVED and edit.state_after == BulletinState.DRAFT
    assert edit.changes["text"][1] == "Lịch tiêm phòng đổi sang thứ Bảy."
    assert edit.actor == editor


def test_every_change_is_kept(editor, approver, muong_khuong):
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    bulletin_submit(actor=editor, bulletin=bulletin)
    bulletin_reject(actor=approver, bulletin=bulletin, note="Thiếu giờ tiêm.")
    bulletin_update(
        actor=editor,
        bulletin=bulletin,
        data=data(title="Lịch tiêm phòng (7 giờ sáng)", target_communes=(muong_khuong,)),
    )
    voice_now(bulletin)
    bulletin_submit(actor=editor, bulletin=bulletin)
    bulletin_approve(actor=approver, bulletin=bulletin)
    bulletin_withdraw(actor=approver, bulletin=bulletin, note="Hoãn tiêm.")

    history = list(
        BulletinChange.objects.filter(bulletin=bulletin)
        .order_by("at", "pk")
        .values_list("action", "actor__full_name", "state_after")
    )
    assert history == [
        ("created", editor.full_name, "draft"),
        ("voicing", editor.full_name, "draft"),
        ("voiced", None, "draft"),
        ("submitted", editor.full_name, "submitted"),
        ("rejected", approver.full_name, "rejected"),
        ("edited", editor.full_name, "draft"),
        ("voicing", editor.full_name, "draft"),
        ("voiced", None, "draft"),
        ("submitted", editor.full_name, "submitted"),
        ("approved", approver.full_name, "approved"),
        ("withdrawn", approver.full_name, "withdrawn"),
    ]
    assert BulletinChange.objects.get(bulletin=bulletin, action="rejected").note == (
        "Thiếu giờ tiêm."
    )
    # Sending back needs a reason.
    other = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    bulletin_submit(actor=editor, bulletin=other)
    with pytest.raises(ValidationError):
        bulletin_reject(actor=approver, bulletin=other, note=" ")


def test_approved_bulletins_expire_when_their_validity_ends(editor, approver, muong_khuong):
    bulletin = approved_make(editor, approver, muong_khuong, target_communes=(muong_khuong,))
    assert bulletins_expire() == 0
    later = bulletin.valid_until + datetime.timedelta(seconds=1)
    assert bulletins_expire(now=later) == 1
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.EXPIRED
    assert bulletin.changes.filter(action="expired", actor__isnull=True).count() == 1
    assert bulletins_expire(now=later) == 0


def test_people_read_their_own_units_bulletins_and_those_that_reach_them(
    editor,
    other_editor,
    province_editor,
    commune_officer,
    make_user,
    muong_khuong,
    bac_ha,
    lao_cai,
):
    own = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    theirs = bulletin_make(other_editor, bac_ha, target_communes=(bac_ha,))
    provincial = bulletin_make(province_editor, lao_cai, target_communes=(bac_ha,))
    everywhere = bulletin_make(province_editor, lao_cai, is_province_wide=True)

    assert set(bulletins_for_user(editor)) == {own, everywhere}
    assert set(bulletins_for_user(commune_officer)) == {own, everywhere}
    assert set(bulletins_for_user(other_editor)) == {theirs, provincial, everywhere}
    assert set(bulletins_for_user(province_editor)) == {own, theirs, provincial, everywhere}
    assert not bulletins_for_user(make_user("Người dân")).exists()


def test_validity_ends_after_it_starts(editor, muong_khuong):
    now = timezone.now()
    with pytest.raises(ValidationError):
        bulletin_create(
            actor=editor,
            source_unit=muong_khuong,
            data=data(valid_from=now, valid_until=now, target_communes=(muong_khuong,)),
        )


def test_speakers_are_registered_only_by_their_communes_people(editor, other_editor, muong_khuong):
    speaker, token = speaker_make(editor, muong_khuong, "Cụm loa trung tâm xã")
    assert token.startswith("bsd_") and speaker.token_hash != token
    assert speaker.token_hash == speaker.hash_token(token)
    with pytest.raises(PermissionDenied):
        speaker_make(other_editor, muong_khuong, "Cụm loa lạ")

"""Silence alerts: the commune's officers and editors are told once when a speaker falls silent,
in each reader's language, and once again when it is heard; a speaker never heard from or taken
out of service is not alerted; the worker runs the check."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from banso.accounts.models import User
from banso.broadcast.models import AlertEnd, SpeakerAlert, SpeakerStatus
from banso.broadcast.selectors.board import SILENT_AFTER
from banso.broadcast.services.alerts import speaker_alerts_check
from banso.broadcast.services.device import HeartbeatData, heartbeat_record
from banso.broadcast.services.speakers import speaker_active_set
from banso.broadcast.tests.makers import speaker_make
from banso.jobs import periodic

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)


def _email(user, address: str) -> None:
    User.objects.filter(pk=user.pk).update(email=address)


@pytest.fixture
def people(commune_officer, editor, approver, province_officer, other_commune_officer):
    """Everyone with an address: only the commune's officer and editor are told."""
    _email(commune_officer, "canbo@muongkhuong.vn")
    _email(editor, "bientap@muongkhuong.vn")
    _email(approver, "duyet@muongkhuong.vn")
    _email(province_officer, "tinh@laocai.vn")
    _email(other_commune_officer, "canbo@bacha.vn")
    return {"officer": commune_officer, "editor": editor}


@pytest.fixture
def speaker(editor, muong_khuong, village):
    speaker, _token = speaker_make(editor, muong_khuong, "Loa Mã Tuyển", village=village)
    heartbeat_record(speaker=speaker, data=HeartbeatData(power_source="mains"))
    return speaker


@pytest.fixture
def run_check(django_capture_on_commit_callbacks):
    """The check as the worker runs it: its messages leave when its transactions commit."""

    def run(now: datetime.datetime):
        with django_capture_on_commit_callbacks(execute=True):
            return speaker_alerts_check(now=now)

    return run


def _heartbeat_at(speaker) -> datetime.datetime:
    return SpeakerStatus.objects.get(speaker=speaker).heartbeat_at


def _to(mail) -> str:
    (address,) = mail.to
    return address


def test_a_silent_speaker_is_told_once_to_the_communes_officers_and_editors(
    people, speaker, mailoutbox, run_check
):
    heard = _heartbeat_at(speaker)
    # Exactly at the threshold nothing is sent; a second later the silence is told.
    assert run_check(now=heard + SILENT_AFTER).opened == []
    found = run_check(now=heard + SILENT_AFTER + SECOND)
    (alert,) = found.opened
    assert (alert.speaker, alert.silent_since, alert.closed_at) == (speaker, heard, None)
    assert sorted(_to(mail) for mail in mailoutbox) == [
        "bientap@muongkhuong.vn",
        "canbo@muongkhuong.vn",
    ]
    mail = mailoutbox[0]
    assert mail.subject == "1 cụm loa của Xã Mường Khương mất liên lạc"
    assert "Loa Mã Tuyển (Thôn Mã Tuyển)" in mail.body and "không báo trạng thái từ" in mail.body
    assert "/broadcast/communes/02761/status/" in mail.body
    # Checked again, and again an hour later: the same silence is not told again.
    assert run_check(now=heard + SILENT_AFTER + 2 * SECOND).opened == []
    assert run_check(now=heard + datetime.timedelta(hours=1)).opened == []
    assert len(mailoutbox) == 2
    assert SpeakerAlert.objects.count() == 1


def test_the_speaker_heard_again_closes_the_alert_and_the_commune_is_told_once(
    people, speaker, mailoutbox, run_check
):
    heard = _heartbeat_at(speaker)
    run_check(now=heard + datetime.timedelta(minutes=20))
    mailoutbox.clear()
    heartbeat_record(speaker=speaker, data=HeartbeatData())
    back = _heartbeat_at(speaker)
    found = run_check(now=back + SECOND)
    (alert,) = found.closed
    assert alert.closed_because == AlertEnd.HEARD and alert.closed_at == back + SECOND
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject == "1 cụm loa của Xã Mường Khương đã liên lạc lại"
    assert "mất liên lạc từ" in mailoutbox[0].body
    assert run_check(now=back + 2 * SECOND).closed == []
    assert len(mailoutbox) == 2
    # Silent again later: a new silence, told again.
    again = run_check(now=back + SILENT_AFTER + SECOND)
    assert len(again.opened) == 1 and again.opened[0].pk != alert.pk
    assert SpeakerAlert.objects.filter(closed_at__isnull=True).count() == 1
    assert len(mailoutbox) == 4


def test_each_reader_is_told_in_the_language_they_read_the_board_in(
    client, people, speaker, muong_khuong, mailoutbox, run_check
):
    url = reverse("broadcast:commune-status", args=[muong_khuong.code])
    client.force_login(people["editor"])
    assert client.get("/en" + url).status_code == 200
    client.force_login(people["officer"])
    assert client.get("/zh-hans" + url).status_code == 200
    run_check(now=_heartbeat_at(speaker) + datetime.timedelta(minutes=16))
    mails = {_to(mail): mail for mail in mailoutbox}
    english = mails["bientap@muongkhuong.vn"]
    assert english.subject == "A loudspeaker of Xã Mường Khương is silent"
    assert "no heartbeat since" in english.body and "/en/broadcast/communes/02761/" in english.body
    chinese = mails["canbo@muongkhuong.vn"]
    assert chinese.subject == "Xã Mường Khương的 1 个喇叭失联"
    assert "起没有心跳" in chinese.body and "/zh-hans/broadcast/" in chinese.body


def test_several_speakers_silent_together_make_one_message_a_reader(
    people, editor, muong_khuong, sang_chai, speaker, mailoutbox, run_check
):
    other, _token = speaker_make(editor, muong_khuong, "Loa Sảng Chải", village=sang_chai)
    heartbeat_record(speaker=other, data=HeartbeatData())
    found = run_check(now=timezone.now() + datetime.timedelta(minutes=30))
    assert len(found.opened) == 2
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject == "2 cụm loa của Xã Mường Khương mất liên lạc"
    assert "Loa Mã Tuyển" in mailoutbox[0].body and "Loa Sảng Chải" in mailoutbox[0].body


def test_a_speaker_never_heard_or_out_of_service_is_not_alerted(
    people, editor, muong_khuong, speaker, mailoutbox, run_check
):
    speaker_make(editor, muong_khuong, "Loa chưa lắp")
    retired, _token = speaker_make(editor, muong_khuong, "Loa cũ")
    heartbeat_record(speaker=retired, data=HeartbeatData())
    speaker_active_set(actor=editor, speaker=retired, is_active=False)
    later = timezone.now() + datetime.timedelta(hours=2)
    found = run_check(now=later)
    assert [alert.speaker for alert in found.opened] == [speaker]
    # Taking the silent one out of service closes its alert without telling anyone.
    mailoutbox.clear()
    speaker_active_set(actor=editor, speaker=speaker, is_active=False)
    (closed,) = run_check(now=later + SECOND).closed
    assert closed.closed_because == AlertEnd.OUT_OF_SERVICE
    assert mailoutbox == []


def test_a_speaker_has_one_open_alert_at_most(speaker, muong_khuong):
    now = timezone.now()
    SpeakerAlert.objects.create(
        speaker=speaker, commune=muong_khuong, silent_since=now, opened_at=now
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerAlert.objects.create(
            speaker=speaker, commune=muong_khuong, silent_since=now, opened_at=now
        )
    SpeakerAlert.objects.filter(speaker=speaker).update(closed_at=now)
    SpeakerAlert.objects.create(
        speaker=speaker, commune=muong_khuong, silent_since=now, opened_at=now
    )
    assert SpeakerAlert.objects.filter(speaker=speaker).count() == 2


def test_the_worker_runs_the_check():
    registered = periodic._registry["broadcast.speaker_alerts_check"]
    assert registered.function is speaker_alerts_check and registered.every_seconds == 60


def test_nothing_is_sent_when_the_check_rolls_back(
    people, speaker, mailoutbox, django_capture_on_commit_callbacks
):
    """The messages leave after the commit: a check inside a transaction that rolls back
    sends nothing and keeps nothing."""
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        speaker_alerts_check(now=_heartbeat_at(speaker) + datetime.timedelta(minutes=20))
        raise RuntimeError
    assert callbacks == [] and mailoutbox == []
    assert not SpeakerAlert.objects.exists()


def test_the_admin_lists_the_alerts_to_read(client, superuser, speaker, muong_khuong):
    now = timezone.now()
    SpeakerAlert.objects.create(
        speaker=speaker, commune=muong_khuong, silent_since=now, opened_at=now
    )
    client.force_login(superuser)
    page = client.get(reverse("admin:broadcast_speakeralert_changelist"))
    assert page.status_code == 200 and "Loa Mã Tuyển" in page.content.decode()
    assert client.get(reverse("admin:broadcast_speakeralert_add")).status_code == 403

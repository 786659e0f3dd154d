"""The editors' pages: writing, approving (a permission matrix), audio by range, recordings,
speakers with their token shown once, the programme and the week."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    BulletinVersion,
    ProgrammeSlot,
    SlotPlacement,
    Speaker,
)
from banso.broadcast.services.bulletins import bulletin_submit
from banso.broadcast.tests.makers import (
    approved_make,
    bulletin_make,
    mp3_upload,
    speaker_make,
    text_of,
)

pytestmark = pytest.mark.django_db

FORMAT = "%Y-%m-%dT%H:%M"


def _form(**changes) -> dict:
    now = timezone.localtime()
    fields = {
        "title": "Tiêm phòng cúm gia cầm",
        "text": text_of(40),
        "category": "health",
        "priority": "normal",
        "department": "Trạm Y tế xã",
        "valid_from": (now - datetime.timedelta(hours=1)).strftime(FORMAT),
        "valid_until": (now + datetime.timedelta(days=3)).strftime(FORMAT),
    }
    fields.update(changes)
    return fields


def test_the_pages_need_a_sign_in(client):
    response = client.get(reverse("broadcast:bulletin-list"))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_an_editor_writes_a_bulletin_for_a_village_of_the_commune(client, editor, village):
    client.force_login(editor)
    response = client.post(
        reverse("broadcast:bulletin-create"), _form(target_villages=[village.pk])
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("broadcast:bulletin-detail", args=[bulletin.pk])
    assert list(bulletin.target_villages.all()) == [village]
    assert bulletin.department == "Trạm Y tế xã" and bulletin.created_by == editor
    page = client.get(response["Location"]).content.decode()
    assert "Tiêm phòng cúm gia cầm" in page and "Thôn Mã Tuyển" in page


def test_an_editor_cannot_choose_a_village_of_another_commune(client, editor, na_hoi):
    client.force_login(editor)
    response = client.post(reverse("broadcast:bulletin-create"), _form(target_villages=[na_hoi.pk]))
    assert response.status_code == 400
    assert not Bulletin.objects.exists()


@pytest.fixture
def submitted(editor, muong_khuong):
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    return bulletin_submit(actor=editor, bulletin=bulletin)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("other_approver", 404),  # another commune's: the bulletin is not theirs to see
        ("editor", 403),  # the commune's editor may not approve
        ("province_approver", 403),  # reads it, but approves only the province's own
        ("approver", 302),
    ],
)
def test_who_approves_a_communes_bulletin(client, request, submitted, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("broadcast:bulletin-approve", args=[submitted.pk]))
    assert response.status_code == status
    submitted.refresh_from_db()
    expected = BulletinState.APPROVED if who == "approver" else BulletinState.SUBMITTED
    assert submitted.state == expected


def test_the_bulletin_page_plays_its_audio_by_range(client, approver, other_editor, submitted):
    client.force_login(approver)
    page = client.get(reverse("broadcast:bulletin-detail", args=[submitted.pk])).content.decode()
    voice = BulletinVersion.objects.get(bulletin=submitted)
    audio = reverse("broadcast:version-audio", args=[submitted.pk, voice.pk])
    assert f'src="{audio}"' in page
    assert 'id="approve"' in page and 'id="reject"' in page
    part = client.get(audio, headers={"Range": "bytes=0-143"})
    assert part.status_code == 206 and len(b"".join(part.streaming_content)) == 144
    assert part["Content-Type"] == "audio/mpeg"
    client.force_login(other_editor)
    assert client.get(audio).status_code == 404


def test_a_recording_is_uploaded_as_mp3(client, editor, submitted):
    client.force_login(editor)
    url = reverse("broadcast:recording-create", args=[submitted.pk])
    refused = client.post(url, {"audio": _not_mp3(), "language": "hmn"})
    assert refused.status_code == 400
    assert "MP3" in refused.content.decode()
    response = client.post(
        url,
        {
            "audio": mp3_upload(7),
            "language": "hmn",
            "script": "hmong_vn",
            "transcript": "Thông báo tiêm phòng",
        },
    )
    assert response.status_code == 302
    recording = BulletinVersion.objects.get(bulletin=submitted, kind="recorded")
    assert (recording.language, recording.script) == ("hmn", "hmong_vn")
    assert 6_900 <= recording.duration_ms <= 7_100 and recording.position == 1


def _not_mp3():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ghi-am.mp3", b"RIFF\x00\x00\x00\x00WAVEfmt " * 20)


def test_the_list_reads_the_same_few_queries_however_many_bulletins(
    client, editor, muong_khuong, django_assert_num_queries
):
    client.force_login(editor)
    bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    url = reverse("broadcast:bulletin-list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(5):
        bulletin_make(editor, muong_khuong, title=f"Tin {index}", target_communes=(muong_khuong,))
    with django_assert_num_queries(len(few)):
        page = client.get(url)
    assert page.content.decode().count('href="/broadcast/') >= 6


def test_a_speakers_token_is_shown_once(client, editor, muong_khuong, village):
    client.force_login(editor)
    response = client.post(
        reverse("broadcast:speaker-create", args=[muong_khuong.code]),
        {
            "name": "Cụm loa Mã Tuyển",
            "village": village.pk,
            "latitude": "22.686",
            "longitude": "104.119",
            "model": "IP-LOA 4G",
            "power_watts": "60",
            "link": "4g",
        },
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = re.search(r'id="speaker-token"[^>]*>([^<]+)<', response.content.decode()).group(1)
    speaker = Speaker.objects.get()
    assert speaker.token_hash == Speaker.hash_token(token) and speaker.power_watts == 60
    detail = client.get(reverse("broadcast:speaker-detail", args=[speaker.pk])).content.decode()
    assert token not in detail and speaker.token_prefix in detail


def test_another_communes_editor_sees_no_speaker_and_registers_none(
    client, editor, other_editor, muong_khuong
):
    speaker, _token = speaker_make(editor, muong_khuong, "Cụm loa")
    client.force_login(other_editor)
    assert client.get(reverse("broadcast:speaker-detail", args=[speaker.pk])).status_code == 404
    url = reverse("broadcast:speaker-create", args=[muong_khuong.code])
    assert client.post(url, {"name": "Lạ", "link": "4g"}).status_code == 404
    assert Speaker.objects.count() == 1


def test_a_slot_is_added_a_bulletin_placed_and_the_week_shows_it(
    client, editor, approver, muong_khuong
):
    client.force_login(editor)
    programme = reverse("broadcast:programme", args=[muong_khuong.code])
    response = client.post(
        programme,
        {"starts_at": "06:00", "length_minutes": "30", "weekdays": [str(d) for d in range(7)]},
    )
    assert response.status_code == 302
    slot = ProgrammeSlot.objects.get(programme__commune=muong_khuong)
    now = timezone.localtime()
    bulletin = approved_make(
        editor,
        approver,
        muong_khuong,
        title="Họp dân thôn",
        target_communes=(muong_khuong,),
        valid_from=now - datetime.timedelta(hours=1),
        valid_until=now + datetime.timedelta(days=7),
    )
    response = client.post(
        reverse("broadcast:placement-add", args=[muong_khuong.code, slot.pk]),
        {f"s{slot.pk}-bulletin": bulletin.pk},
    )
    assert response.status_code == 302
    assert SlotPlacement.objects.filter(slot=slot, bulletin=bulletin).exists()
    week = client.get(reverse("broadcast:week", args=[muong_khuong.code])).content.decode()
    assert "Họp dân thôn" in week and "06:00" in week
    # An overlapping slot is refused on the page, with the reason.
    response = client.post(
        programme,
        {"starts_at": "06:15", "length_minutes": "10", "weekdays": [str(d) for d in range(7)]},
    )
    assert response.status_code == 400 and "06:00" in response.content.decode()


def test_the_week_and_programme_of_another_commune_are_not_shown(
    client, other_editor, muong_khuong, bac_ha
):
    client.force_login(other_editor)
    assert client.get(reverse("broadcast:week", args=[bac_ha.code])).status_code == 200
    assert client.get(reverse("broadcast:week", args=[muong_khuong.code])).status_code == 404
    programme = reverse("broadcast:programme", args=[muong_khuong.code])
    assert client.post(programme, {"starts_at": "06:00", "length_minutes": "30"}).status_code == 404
    assert not ProgrammeSlot.objects.exists()


def test_the_province_changes_its_bulletin_on_the_page_and_keeps_its_villages(
    client, province_editor, lao_cai, muong_khuong, village
):
    """The province's form offers the whole province and its communes; villages chosen through
    another door stay as they were."""
    bulletin = bulletin_make(
        province_editor, lao_cai, target_communes=(muong_khuong,), target_villages=(village,)
    )
    client.force_login(province_editor)
    response = client.post(
        reverse("broadcast:bulletin-edit", args=[bulletin.pk]),
        _form(title="Rét đậm, rét hại", target_communes=[muong_khuong.pk]),
    )
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.title == "Rét đậm, rét hại" and bulletin.revision == 2
    assert list(bulletin.target_villages.all()) == [village]

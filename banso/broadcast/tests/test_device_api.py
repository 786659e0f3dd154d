"""The loudspeakers' API over real HTTP to the running app (pytest-django's live server and the
standard library's client): the playlist and its ETag, downloads resumed by Range, reports
sent twice, heartbeats, emergencies and their acknowledgements; and a device token that reads
only what is its own."""

import datetime
import hashlib
import http.client
import json
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.broadcast.models import EmergencyAck, PlayReport, Speaker, SpeakerStatus
from banso.broadcast.selectors.speakers import device_identity
from banso.broadcast.services.bulletins import bulletin_approve
from banso.broadcast.services.schedule import slot_add
from banso.broadcast.services.speakers import (
    group_create,
    group_update,
    speaker_active_set,
    speaker_token_replace,
)
from banso.broadcast.tests.makers import approved_make, bulletin_make, speaker_make
from banso.common.ranges import sha256_digest_header

PLAYLIST = "/api/broadcast/device/playlist"
EMERGENCY = "/api/broadcast/device/emergency"


def call(server, method: str, path: str, *, token: str = "", body=None, headers=None):
    """One request over HTTP; returns (status, headers, raw body)."""
    sent = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    if token:
        sent["Authorization"] = f"Bearer {token}"
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _json(raw: bytes):
    return json.loads(raw)


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def village_speakers(transactional_db, editor, muong_khuong, village, sang_chai):
    """A speaker in Mã Tuyển and one in Sảng Chải, with their tokens, and the commune's
    morning slot."""
    slot_add(actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30)
    ma_tuyen = speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    sang = speaker_make(editor, muong_khuong, "Cụm loa Sảng Chải", village=sang_chai)
    return {"ma_tuyen": ma_tuyen, "sang_chai": sang}


def _window() -> dict:
    now = timezone.now()
    return {
        "valid_from": now - datetime.timedelta(hours=1),
        "valid_until": now + datetime.timedelta(days=3),
    }


def test_a_speaker_polls_downloads_with_resume_and_reports_over_http(
    live_server, editor, approver, muong_khuong, village, village_speakers
):
    (speaker, token), (_other, other_token) = (
        village_speakers["ma_tuyen"],
        village_speakers["sang_chai"],
    )
    bulletin = approved_make(
        editor, approver, muong_khuong, priority="priority", target_villages=(village,), **_window()
    )

    # The playlist: the Mã Tuyển speaker's own, with an ETag.
    status, headers, raw = call(live_server, "GET", PLAYLIST, token=token)
    assert status == 200, raw
    playlist = _json(raw)
    etag = headers["ETag"]
    assert playlist["speaker"] == speaker.pk and playlist["items"]
    item = playlist["items"][0]
    assert item["bulletin"] == bulletin.pk and item["priority"] == "priority"
    assert datetime.datetime.fromisoformat(item["starts_at"]).utcoffset() is not None

    # Polled again unchanged: 304, no body.
    status, headers, raw = call(
        live_server, "GET", PLAYLIST, token=token, headers={"If-None-Match": etag}
    )
    assert (status, raw) == (304, b"")
    assert headers["ETag"] == etag

    # The Sảng Chải speaker hears none of it, and may not download it.
    status, _headers, raw = call(live_server, "GET", PLAYLIST, token=other_token)
    assert status == 200 and _json(raw)["items"] == []
    audio = _path(item["audio_url"])
    status, _headers, _raw = call(live_server, "GET", audio, token=other_token)
    assert status == 404
    assert call(live_server, "GET", audio)[0] == 401
    assert call(live_server, "GET", PLAYLIST, token="bsd_not-a-token")[0] == 401

    # The download is cut after 1,000 bytes; the rest comes with Range, and the file checks.
    status, headers, first = call(
        live_server, "GET", audio, token=token, headers={"Range": "bytes=0-999"}
    )
    assert status == 206 and len(first) == 1000
    assert headers["Content-Range"] == f"bytes 0-999/{item['size_bytes']}"
    assert headers["Repr-Digest"] == sha256_digest_header(item["sha256"])
    status, headers, rest = call(
        live_server,
        "GET",
        audio,
        token=token,
        headers={"Range": "bytes=1000-", "If-Range": headers["ETag"], "Accept-Encoding": "gzip"},
    )
    assert status == 206 and "Content-Encoding" not in headers
    assert hashlib.sha256(first + rest).hexdigest() == item["sha256"]
    status, headers, _raw = call(
        live_server, "GET", audio, token=token, headers={"Range": f"bytes={item['size_bytes']}-"}
    )
    assert status == 416 and headers["Content-Range"] == f"bytes */{item['size_bytes']}"

    # What it played, sent twice after a lost answer, is kept once; another speaker cannot
    # report it.
    started = datetime.datetime.fromisoformat(item["starts_at"])
    report = {
        "id": "mt-0001",
        "version": item["version"],
        "outcome": "played",
        "started_at": item["starts_at"],
        "ended_at": (started + datetime.timedelta(milliseconds=item["duration_ms"])).isoformat(),
        "scheduled_at": item["starts_at"],
    }
    answers = []
    for _ in range(2):
        status, _headers, raw = call(
            live_server,
            "POST",
            "/api/broadcast/device/reports",
            token=token,
            body={"reports": [report]},
        )
        assert status == 200, raw
        answers.append(_json(raw)["results"][0]["status"])
    assert answers == ["created", "already_recorded"]
    stored = PlayReport.objects.get()
    assert (stored.speaker_id, stored.bulletin_id, stored.commune_id) == (
        speaker.pk,
        bulletin.pk,
        muong_khuong.pk,
    )
    status, _headers, raw = call(
        live_server,
        "POST",
        "/api/broadcast/device/reports",
        token=other_token,
        body={"reports": [{**report, "id": "sc-1"}]},
    )
    assert _json(raw)["refused"] == 1 and PlayReport.objects.count() == 1

    # A heartbeat: the device's clock is 90 s fast.
    clock = timezone.now() + datetime.timedelta(seconds=90)
    status, _headers, raw = call(
        live_server,
        "POST",
        "/api/broadcast/device/heartbeat",
        token=token,
        body={
            "clock": clock.isoformat(),
            "signal_dbm": -97,
            "power_source": "battery",
            "battery_percent": 64,
            "temperature_c": 41.5,
            "firmware": "2.3.1",
        },
    )
    assert status == 200, raw
    assert 60 < _json(raw)["clock_offset_seconds"] < 120
    state = SpeakerStatus.objects.get(speaker=speaker)
    assert (state.signal_dbm, state.power_source, state.firmware) == (-97, "battery", "2.3.1")

    # Something new for the village: the old ETag gets the new playlist.
    newer = approved_make(
        editor,
        approver,
        muong_khuong,
        title="Họp thôn",
        priority="priority",
        target_villages=(village,),
        **_window(),
    )
    status, headers, raw = call(
        live_server, "GET", PLAYLIST, token=token, headers={"If-None-Match": etag}
    )
    assert status == 200 and headers["ETag"] != etag
    assert newer.pk in {entry["bulletin"] for entry in _json(raw)["items"]}


def _flood(duty_approver, muong_khuong, *, window: dict | None = None, **targets):
    """An emergency recorded in one second of audio, approved by the commune's duty approver
    (valid from an hour ago unless ``window`` says otherwise)."""
    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    flood = bulletin_make(
        duty_approver,
        muong_khuong,
        seconds=1,
        title="Cảnh báo lũ quét",
        priority="emergency",
        category="disaster",
        **targets,
        **(window or _window()),
    )
    return bulletin_approve(actor=duty_approver, bulletin=flood)


def test_an_emergency_reaches_the_speaker_at_its_next_poll_and_is_acknowledged(
    live_server, duty_approver, editor, approver, muong_khuong, village_speakers
):
    _speaker, token = village_speakers["ma_tuyen"]
    status, headers, raw = call(live_server, "GET", EMERGENCY, token=token)
    assert status == 200 and _json(raw) == {"emergencies": []}
    etag = headers["ETag"]
    assert (
        call(live_server, "GET", EMERGENCY, token=token, headers={"If-None-Match": etag})[0] == 304
    )

    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    flood = bulletin_make(
        duty_approver,
        muong_khuong,
        title="Cảnh báo lũ quét",
        priority="emergency",
        category="disaster",
        target_communes=(muong_khuong,),
        **_window(),
    )
    bulletin_approve(actor=duty_approver, bulletin=flood)

    status, _headers, raw = call(
        live_server, "GET", EMERGENCY, token=token, headers={"If-None-Match": etag}
    )
    assert status == 200
    (emergency,) = _json(raw)["emergencies"]
    assert emergency["bulletin"] == flood.pk and emergency["items"][0]["pre_empt"]
    audio = _path(emergency["items"][0]["audio_url"])
    assert call(live_server, "GET", audio, token=token)[0] == 200

    acks = []
    for _ in range(2):
        status, _headers, raw = call(
            live_server,
            "POST",
            f"{EMERGENCY}/{flood.pk}/ack",
            token=token,
            body={"device_time": timezone.now().isoformat()},
        )
        assert status == 200, raw
        acks.append(_json(raw)["first"])
    assert acks == [True, False] and EmergencyAck.objects.count() == 1

    # Only emergencies are acknowledged.
    normal = approved_make(
        editor, approver, muong_khuong, target_communes=(muong_khuong,), **_window()
    )
    status, _headers, _raw = call(
        live_server, "POST", f"{EMERGENCY}/{normal.pk}/ack", token=token, body={}
    )
    assert status == 404


def test_a_held_poll_answers_when_an_approved_emergency_becomes_valid(
    live_server, duty_approver, muong_khuong, village_speakers
):
    """No write happens when an emergency's validity begins: the held poll still answers
    with it then, because the list's ETag follows the emergencies' validity moments."""
    _speaker, token = village_speakers["ma_tuyen"]
    starts = timezone.now() + datetime.timedelta(seconds=6)
    flood = _flood(
        duty_approver,
        muong_khuong,
        target_communes=(muong_khuong,),
        window={"valid_from": starts, "valid_until": starts + datetime.timedelta(hours=6)},
    )
    status, headers, raw = call(live_server, "GET", EMERGENCY, token=token)
    assert timezone.now() < starts  # (the poll above came before the emergency's validity)
    assert status == 200 and _json(raw) == {"emergencies": []}

    status, headers, raw = call(
        live_server,
        "GET",
        f"{EMERGENCY}?wait=25",
        token=token,
        headers={"If-None-Match": headers["ETag"]},
    )
    assert status == 200  # not 304: the wait ended with the change
    assert [entry["bulletin"] for entry in _json(raw)["emergencies"]] == [flood.pk]


@pytest.mark.django_db
def test_an_unchanged_poll_asks_the_database_nothing(
    client, editor, approver, muong_khuong, village, django_assert_num_queries, monkeypatch
):
    from banso.broadcast.selectors import freshness, speakers

    # However slow the machine, the copies in the cache outlive the test.
    monkeypatch.setattr(freshness, "CACHE_SECONDS", 3600)
    monkeypatch.setattr(speakers, "IDENTITY_SECONDS", 3600)
    slot_add(actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30)
    _speaker, token = speaker_make(editor, muong_khuong, "Cụm loa", village=village)
    approved_make(
        editor,
        approver,
        muong_khuong,
        priority="priority",
        target_communes=(muong_khuong,),
        **_window(),
    )
    auth = {"Authorization": f"Bearer {token}"}
    first = client.get(PLAYLIST, headers=auth)
    assert first.status_code == 200 and first.json()["items"]

    emergencies = client.get(EMERGENCY, headers=auth)
    assert emergencies.status_code == 200 and emergencies.json() == {"emergencies": []}

    with django_assert_num_queries(0):
        again = client.get(PLAYLIST, headers={**auth, "If-None-Match": first["ETag"]})
        unchanged = client.get(EMERGENCY, headers={**auth, "If-None-Match": emergencies["ETag"]})
    assert again.status_code == 304 and unchanged.status_code == 304


@pytest.mark.django_db
def test_the_speakers_of_a_commune_share_one_read_of_its_emergencies(
    client, editor, duty_approver, muong_khuong, village, sang_chai, monkeypatch
):
    """After a change every speaker of the commune asks for its list at once: the commune's
    emergencies are read once, and each speaker's list is drawn from that read."""
    from banso.broadcast.selectors import freshness, speakers

    monkeypatch.setattr(freshness, "EMERGENCY_CACHE_SECONDS", 3600)
    monkeypatch.setattr(speakers, "IDENTITY_SECONDS", 3600)
    _first, first_token = speaker_make(editor, muong_khuong, "Cụm loa 1", village=village)
    _second, second_token = speaker_make(editor, muong_khuong, "Cụm loa 2", village=sang_chai)
    flood = _flood(duty_approver, muong_khuong, target_villages=(village, sang_chai))

    lists = []
    for token in (first_token, second_token):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(EMERGENCY, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200
        lists.append([entry["bulletin"] for entry in answer.json()["emergencies"]])
        read = [q["sql"] for q in queries.captured_queries if "broadcast_bulletin" in q["sql"]]
        if token == first_token:
            assert read  # the commune's emergencies, their targets and their audio
        else:
            assert read == []
    assert lists == [[flood.pk], [flood.pk]]


@pytest.mark.django_db
def test_after_an_emergency_the_commune_s_speakers_are_read_once_and_acks_only_write(
    client, editor, duty_approver, muong_khuong, village, sang_chai, monkeypatch
):
    """All the speakers of a commune answer an emergency at once: who each speaker is (its
    village and groups) comes from one read of the commune's speakers, and an acknowledgement
    of an emergency in the speaker's list writes its row and reads nothing."""
    from banso.broadcast.selectors import freshness, speakers

    monkeypatch.setattr(freshness, "EMERGENCY_CACHE_SECONDS", 3600)
    monkeypatch.setattr(speakers, "IDENTITY_SECONDS", 3600)
    _first, first_token = speaker_make(editor, muong_khuong, "Cụm loa 1", village=village)
    _second, second_token = speaker_make(editor, muong_khuong, "Cụm loa 2", village=sang_chai)
    for token in (first_token, second_token):  # polling before, as a fleet in service does
        client.get(EMERGENCY, headers={"Authorization": f"Bearer {token}"})
    flood = _flood(duty_approver, muong_khuong, target_villages=(village, sang_chai))

    for token in (first_token, second_token):
        auth = {"Authorization": f"Bearer {token}"}
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(EMERGENCY, headers=auth)
        assert [entry["bulletin"] for entry in answer.json()["emergencies"]] == [flood.pk]
        speakers_read = [
            q["sql"] for q in queries.captured_queries if "broadcast_speaker" in q["sql"]
        ]
        assert bool(speakers_read) == (token == first_token)

        with CaptureQueriesContext(connection) as queries:
            ack = client.post(
                f"{EMERGENCY}/{flood.pk}/ack",
                data={},
                content_type="application/json",
                headers=auth,
            )
        assert ack.status_code == 200 and ack.json()["first"] is True
        statements = [
            q["sql"]
            for q in queries.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        ]
        assert len(statements) == 1 and statements[0].startswith(
            'INSERT INTO "broadcast_emergencyack"'
        )
    assert EmergencyAck.objects.filter(bulletin=flood).count() == 2


@pytest.mark.django_db
def test_a_speaker_registered_after_its_commune_s_speakers_were_kept_is_served(
    client, editor, muong_khuong, village
):
    """Registering a speaker leaves the commune's emergency number as it was: the commune's
    speakers kept in the cache do not hold it, and the database says who it is."""
    _first, first_token = speaker_make(editor, muong_khuong, "Cụm loa 1", village=village)
    first = client.get(EMERGENCY, headers={"Authorization": f"Bearer {first_token}"})
    assert first.status_code == 200  # the commune's speakers are kept now
    _second, second_token = speaker_make(editor, muong_khuong, "Cụm loa 2", village=village)
    for path in (PLAYLIST, EMERGENCY):
        answer = client.get(path, headers={"Authorization": f"Bearer {second_token}"})
        assert answer.status_code == 200


def test_a_speaker_added_to_a_group_gets_the_groups_emergency_at_its_next_poll(
    live_server, editor, duty_approver, muong_khuong, village_speakers
):
    """What reaches a speaker changes with its groups: its emergency list's ETag too."""
    speaker, token = village_speakers["ma_tuyen"]
    other, _token = village_speakers["sang_chai"]
    group = group_create(actor=editor, commune=muong_khuong, name="Ven suối", speakers=(other,))
    flood = _flood(duty_approver, muong_khuong, target_groups=(group,))
    status, headers, raw = call(live_server, "GET", EMERGENCY, token=token)
    assert status == 200 and _json(raw) == {"emergencies": []}

    group_update(actor=editor, group=group, name=group.name, speakers=(other, speaker))
    status, _headers, raw = call(
        live_server, "GET", EMERGENCY, token=token, headers={"If-None-Match": headers["ETag"]}
    )
    assert status == 200
    assert [entry["bulletin"] for entry in _json(raw)["emergencies"]] == [flood.pk]


@pytest.mark.django_db
def test_the_identities_of_thousands_of_speakers_stay_in_the_cache(
    muong_khuong, django_assert_num_queries
):
    """A poll reads its speaker's identity from the cache. With the province's thousands of
    speakers polling, the cache keeps every one of them (Django's own memory cache keeps 300
    unless told otherwise: each poll would then ask the database)."""
    tokens = [f"bsd_test_{number}" for number in range(2_000)]
    Speaker.objects.bulk_create(
        Speaker(
            commune=muong_khuong,
            name=f"Loa {number}",
            token_prefix=token[:12],
            token_hash=Speaker.hash_token(token),
        )
        for number, token in enumerate(tokens)
    )
    first = [device_identity(token) for token in tokens]
    assert all(first)
    with django_assert_num_queries(0):
        assert [device_identity(token) for token in tokens] == first


@pytest.mark.django_db
def test_a_token_replaced_or_a_speaker_out_of_service_is_refused(client, editor, muong_khuong):
    speaker, token = speaker_make(editor, muong_khuong, "Cụm loa")

    def poll(key):
        return client.get(PLAYLIST, headers={"Authorization": f"Bearer {key}"}).status_code

    assert poll(token) == 200
    new = speaker_token_replace(actor=editor, speaker=speaker)
    assert (poll(token), poll(new)) == (401, 200)
    speaker_active_set(actor=editor, speaker=speaker, is_active=False)
    assert poll(new) == 401


@pytest.mark.django_db
def test_the_device_api_is_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    playlist = document["paths"][PLAYLIST]["get"]
    assert {"200", "304", "401"} <= set(playlist["responses"])
    assert playlist["security"]
    audio = document["paths"]["/api/broadcast/device/audio/{version_id}"]["get"]
    assert {"200", "206", "304", "416", "404"} <= set(audio["responses"])
    assert "audio/mpeg" in audio["responses"]["206"]["content"]
    assert "/api/broadcast/device/emergency/{bulletin_id}/ack" in document["paths"]

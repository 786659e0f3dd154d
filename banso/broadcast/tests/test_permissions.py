"""The permission matrix of issue 16 in one place, each as a table of who × what compared whole,
so that a failure shows every cell that changed:

- people: who may write for which unit and target what, who approves, who runs a commune's
  speakers and programme (through the services, whichever page or API calls them);
- nothing plays unapproved: a bulletin in each state, and what the speakers' playlists hold;
- devices, over real HTTP to the running app: a token reads only its own playlist and the audio,
  reports and emergencies of the bulletins that reach its own speaker.
"""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.broadcast.models import BulletinState
from banso.broadcast.selectors.playlist import speaker_playlist
from banso.broadcast.selectors.speakers import speaker_audience
from banso.broadcast.services.bulletins import (
    bulletin_approve,
    bulletin_create,
    bulletin_reject,
    bulletin_submit,
    bulletin_withdraw,
)
from banso.broadcast.services.schedule import slot_add
from banso.broadcast.services.speakers import speaker_token_replace
from banso.broadcast.tests.makers import approved_make, bulletin_make, data, speaker_make
from banso.broadcast.tests.test_device_api import EMERGENCY, PLAYLIST, call

ALLOWED, REFUSED, INVALID = "allowed", "refused", "invalid"


def _outcome(action) -> str:
    try:
        action()
    except PermissionDenied:
        return REFUSED
    except ValidationError:
        return INVALID
    return ALLOWED


@pytest.mark.django_db
def test_who_writes_for_which_unit_and_targets_what(
    request, lao_cai, muong_khuong, bac_ha, village, na_hoi
):
    people = ["editor", "approver", "other_editor", "province_editor", "commune_officer"]
    writes = {
        "Mường Khương for its village": (muong_khuong, {"target_villages": (village,)}),
        "Mường Khương for Bắc Hà": (muong_khuong, {"target_communes": (bac_ha,)}),
        "Mường Khương for a Bắc Hà village": (muong_khuong, {"target_villages": (na_hoi,)}),
        "Mường Khương for the province": (muong_khuong, {"is_province_wide": True}),
        "the province for Bắc Hà": (lao_cai, {"target_communes": (bac_ha,)}),
    }
    seen = {
        (who, what): _outcome(
            lambda who=who, unit=unit, targets=targets: bulletin_create(
                actor=request.getfixturevalue(who), source_unit=unit, data=data(**targets)
            )
        )
        for who in people
        for what, (unit, targets) in writes.items()
    }
    expected = {(who, what): REFUSED for who in people for what in writes}
    expected |= {
        ("editor", "Mường Khương for its village"): ALLOWED,
        # The commune's editor may write for it, but never reach beyond it.
        ("editor", "Mường Khương for Bắc Hà"): INVALID,
        ("editor", "Mường Khương for a Bắc Hà village"): INVALID,
        ("editor", "Mường Khương for the province"): INVALID,
        ("province_editor", "the province for Bắc Hà"): ALLOWED,
    }
    assert seen == expected


@pytest.mark.django_db
def test_who_approves_and_who_runs_the_speakers(request, editor, lao_cai, muong_khuong, village):
    people = [
        "editor",
        "approver",
        "duty_approver",
        "other_approver",
        "province_approver",
        "commune_officer",
    ]

    def approve(who: str) -> str:
        bulletin = bulletin_make(editor, muong_khuong, target_villages=(village,))
        bulletin_submit(actor=editor, bulletin=bulletin)
        return _outcome(
            lambda: bulletin_approve(actor=request.getfixturevalue(who), bulletin=bulletin)
        )

    def approve_emergency(who: str) -> str:
        flood = bulletin_make(
            editor, muong_khuong, priority="emergency", target_villages=(village,)
        )
        return _outcome(
            lambda: bulletin_approve(actor=request.getfixturevalue(who), bulletin=flood)
        )

    def run_speakers(who: str) -> str:
        return _outcome(
            lambda: speaker_make(request.getfixturevalue(who), muong_khuong, f"Loa {who}")
        )

    def run_programme(who: str) -> str:
        return _outcome(
            lambda: slot_add(
                actor=request.getfixturevalue(who),
                commune=muong_khuong,
                starts_at=datetime.time(5, people.index(who)),
                length_minutes=1,
            )
        )

    actions = {
        "approves a submitted bulletin": approve,
        "approves an emergency draft alone": approve_emergency,
        "registers a speaker": run_speakers,
        "adds a slot": run_programme,
    }
    seen = {(who, what): act(who) for who in people for what, act in actions.items()}
    runs = {"registers a speaker": ALLOWED, "adds a slot": ALLOWED}
    refused = dict.fromkeys(actions, REFUSED)
    expected_by_person = {
        # Four eyes: the editor who wrote it never approves it.
        "editor": refused | runs,
        # The approver may approve an emergency too, but only once it is submitted.
        "approver": refused
        | runs
        | {"approves a submitted bulletin": ALLOWED, "approves an emergency draft alone": INVALID},
        "duty_approver": refused | runs | {"approves an emergency draft alone": ALLOWED},
        "other_approver": refused,
        # The province's approver reads the commune's bulletins, approves only its own.
        "province_approver": refused | runs,
        "commune_officer": refused | runs,
    }
    expected = {
        (who, what): outcome
        for who, outcomes in expected_by_person.items()
        for what, outcome in outcomes.items()
    }
    assert seen == expected


def _window() -> dict:
    now = timezone.now()
    return {
        "valid_from": now - datetime.timedelta(hours=1),
        "valid_until": now + datetime.timedelta(days=3),
    }


@pytest.mark.django_db
def test_nothing_plays_unless_approved_and_valid(editor, approver, muong_khuong, village):
    speaker, _token = speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    slot_add(actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30)
    reach = {"priority": "priority", "target_villages": (village,), **_window()}

    def submitted():
        bulletin = bulletin_make(editor, muong_khuong, **reach)
        return bulletin_submit(actor=editor, bulletin=bulletin)

    def rejected():
        return bulletin_reject(actor=approver, bulletin=submitted(), note="Sửa lại")

    def withdrawn():
        bulletin = approved_make(editor, approver, muong_khuong, **reach)
        return bulletin_withdraw(actor=editor, bulletin=bulletin)

    def not_yet_valid():
        later = {**reach, "valid_from": timezone.now() + datetime.timedelta(days=2)}
        later["valid_until"] = later["valid_from"] + datetime.timedelta(days=1)
        return approved_make(editor, approver, muong_khuong, **later)

    made = {
        "draft": lambda: bulletin_make(editor, muong_khuong, **reach),
        "submitted": submitted,
        "rejected": rejected,
        "withdrawn": withdrawn,
        "approved, not yet valid": not_yet_valid,
        "approved": lambda: approved_make(editor, approver, muong_khuong, **reach),
    }
    bulletins = {name: make() for name, make in made.items()}
    assert bulletins["approved"].state == BulletinState.APPROVED
    playlist = speaker_playlist(speaker_audience(speaker.pk), now=timezone.now())
    playing = {item.bulletin.id for item in playlist.items}
    seen = {name: bulletin.pk in playing for name, bulletin in bulletins.items()}
    assert seen == {name: name == "approved" for name in made}


@pytest.fixture
def three_speakers(transactional_db, editor, other_editor, muong_khuong, bac_ha, village, na_hoi):
    slot_add(actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30)
    slot_add(actor=other_editor, commune=bac_ha, starts_at=datetime.time(6), length_minutes=30)
    return {
        "Mã Tuyển": speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village),
        "trung tâm Mường Khương": speaker_make(editor, muong_khuong, "Cụm loa trung tâm"),
        "Na Hối": speaker_make(other_editor, bac_ha, "Cụm loa Na Hối", village=na_hoi),
    }


def test_a_device_token_reads_only_what_is_its_own(
    live_server, editor, approver, duty_approver, muong_khuong, village, three_speakers
):
    """Mã Tuyển's bulletin and emergency reach only the Mã Tuyển speaker: every other token
    (the same commune's, another commune's, a replaced one, none) reads none of it."""
    news = approved_make(
        editor, approver, muong_khuong, priority="priority", target_villages=(village,), **_window()
    )
    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    flood = bulletin_make(
        duty_approver, muong_khuong, priority="emergency", target_villages=(village,), **_window()
    )
    bulletin_approve(actor=duty_approver, bulletin=flood)
    version = news.versions.get().pk

    ma_tuyen, _ = three_speakers["Mã Tuyển"]
    tokens = {name: token for name, (_speaker, token) in three_speakers.items()}
    tokens["Mã Tuyển, replaced"] = tokens["Mã Tuyển"]
    tokens["Mã Tuyển"] = speaker_token_replace(actor=editor, speaker=ma_tuyen)
    tokens["none"] = ""

    def bulletins_in_playlist(token: str):
        status, _headers, raw = call(live_server, "GET", PLAYLIST, token=token)
        if status != 200:
            return status
        return sorted({item["bulletin"] for item in json.loads(raw)["items"]})

    def emergencies(token: str):
        status, _headers, raw = call(live_server, "GET", EMERGENCY, token=token)
        if status != 200:
            return status
        return [e["bulletin"] for e in json.loads(raw)["emergencies"]]

    def audio(token: str):
        return call(live_server, "GET", f"/api/broadcast/device/audio/{version}", token=token)[0]

    def report(token: str):
        at = timezone.now().isoformat()
        body = {
            "reports": [
                {
                    "id": f"r-{token[-6:] or 'none'}",
                    "version": version,
                    "outcome": "played",
                    "started_at": at,
                    "ended_at": at,
                    "scheduled_at": at,
                }
            ]
        }
        status, _headers, raw = call(
            live_server, "POST", "/api/broadcast/device/reports", token=token, body=body
        )
        if status != 200:
            return status
        return [answer["status"] for answer in json.loads(raw)["results"]]

    def ack(token: str):
        return call(live_server, "POST", f"{EMERGENCY}/{flood.pk}/ack", token=token, body={})[0]

    calls = {
        "playlist": bulletins_in_playlist,
        "emergencies": emergencies,
        "audio": audio,
        "report": report,
        "ack": ack,
    }
    seen = {
        (name, what): act(token) for name, token in tokens.items() for what, act in calls.items()
    }
    others = {
        "playlist": [],
        "emergencies": [],
        "audio": 404,
        "report": ["refused"],
        "ack": 404,
    }
    unsigned = dict.fromkeys(calls, 401)
    expected_by_token = {
        "Mã Tuyển": {
            "playlist": sorted({news.pk, flood.pk}),
            "emergencies": [flood.pk],
            "audio": 200,
            "report": ["created"],
            "ack": 200,
        },
        "trung tâm Mường Khương": others,
        "Na Hối": others,
        "Mã Tuyển, replaced": unsigned,
        "none": unsigned,
    }
    expected = {
        (name, what): outcome
        for name, outcomes in expected_by_token.items()
        for what, outcome in outcomes.items()
    }
    assert seen == expected

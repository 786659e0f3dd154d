"""The status board: the state rules at their thresholds, the commune's board and the
province's overview (who sees which commune, what they show, a fixed number of queries however
many speakers), private and refreshing themselves."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from banso.broadcast.models import (
    AlertLanguage,
    PlayReport,
    PowerSource,
    SpeakerAlert,
    SpeakerStatus,
)
from banso.broadcast.selectors.board import (
    FAILURE_WINDOW,
    FAULTY,
    ONLINE,
    OUT_OF_SERVICE,
    SILENT,
    SILENT_AFTER,
    commune_board,
    speaker_state,
)
from banso.broadcast.services.device import (
    HeartbeatData,
    PlayData,
    heartbeat_record,
    play_reports_record,
)
from banso.broadcast.services.speakers import speaker_active_set
from banso.broadcast.tests.makers import approved_make, speaker_make

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)


# The rules ------------------------------------------------------------------------------------


def _status(age: datetime.timedelta = datetime.timedelta(minutes=1), **fields) -> SpeakerStatus:
    return SpeakerStatus(heartbeat_at=NOW - age, **fields)


def _report(age: datetime.timedelta) -> PlayReport:
    return PlayReport(started_at=NOW - age)


def _state(*, is_active=True, status=None, played=None, failed=None):
    return speaker_state(
        is_active=is_active, status=status, last_played=played, last_failure=failed, now=NOW
    ).state


@pytest.mark.parametrize(
    ("age", "state"),
    [
        (datetime.timedelta(0), ONLINE),
        (SILENT_AFTER, ONLINE),  # exactly at the threshold: still online
        (SILENT_AFTER + SECOND, SILENT),
        (datetime.timedelta(days=30), SILENT),
    ],
)
def test_a_speaker_is_silent_once_its_last_heartbeat_is_older_than_the_threshold(age, state):
    assert _state(status=_status(age)) == state


def test_a_speaker_never_heard_from_is_silent_and_says_so():
    found = speaker_state(is_active=True, status=None, last_played=None, last_failure=None, now=NOW)
    assert found.state == SILENT and [str(r) for r in found.reasons] == ["chưa từng liên lạc"]


def test_out_of_service_comes_first_whatever_the_speaker_says():
    assert _state(is_active=False, status=_status()) == OUT_OF_SERVICE
    assert _state(is_active=False, status=None) == OUT_OF_SERVICE


@pytest.mark.parametrize(
    ("power", "percent", "state"),
    [
        (PowerSource.BATTERY, 19, FAULTY),
        (PowerSource.BATTERY, 20, ONLINE),  # exactly at the threshold: not low
        (PowerSource.SOLAR, 5, FAULTY),
        (PowerSource.MAINS, 5, ONLINE),  # on mains, the battery is charging
        (PowerSource.BATTERY, None, ONLINE),
        ("", 3, ONLINE),
    ],
)
def test_a_low_battery_is_a_fault_only_on_battery_or_solar_power(power, percent, state):
    assert _state(status=_status(power_source=power, battery_percent=percent)) == state


@pytest.mark.parametrize(("degrees", "state"), [(70.0, ONLINE), (70.5, FAULTY), (None, ONLINE)])
def test_a_speaker_hotter_than_seventy_degrees_is_faulty(degrees, state):
    assert _state(status=_status(temperature_c=degrees)) == state


@pytest.mark.parametrize(
    ("failed", "played", "state"),
    [
        (datetime.timedelta(hours=1), None, FAULTY),
        (datetime.timedelta(hours=1), datetime.timedelta(hours=2), FAULTY),
        (datetime.timedelta(hours=1), datetime.timedelta(minutes=30), ONLINE),  # played since
        (FAILURE_WINDOW, None, FAULTY),  # exactly a day ago: still counts
        (FAILURE_WINDOW + SECOND, None, ONLINE),
    ],
)
def test_a_speaker_whose_last_play_failed_is_faulty_until_it_plays(failed, played, state):
    found = _state(
        status=_status(),
        failed=_report(failed),
        played=_report(played) if played is not None else None,
    )
    assert found == state


def test_silence_hides_a_fault_and_the_reasons_are_listed():
    status = _status(SILENT_AFTER + SECOND, power_source="battery", battery_percent=5)
    assert _state(status=status) == SILENT
    found = speaker_state(
        is_active=True,
        status=_status(power_source="battery", battery_percent=7, temperature_c=75.4),
        last_played=None,
        last_failure=_report(datetime.timedelta(minutes=5)),
        now=NOW,
    )
    assert found.state == FAULTY
    assert [str(r) for r in found.reasons] == [
        "lần phát gần nhất bị lỗi",
        "pin yếu (7 %)",
        "quá nóng (75 °C)",
    ]


# The pages ------------------------------------------------------------------------------------


def _heard(speaker, age: datetime.timedelta = datetime.timedelta(0), **fields) -> None:
    """A heartbeat through the service, then dated ``age`` ago (as if the speaker said it then)."""
    heartbeat_record(speaker=speaker, data=HeartbeatData(**fields))
    SpeakerStatus.objects.filter(speaker=speaker).update(heartbeat_at=timezone.now() - age)


def _play(speaker, bulletin, *, outcome="played", age=datetime.timedelta(hours=1), error=""):
    version = bulletin.versions.get(removed_at__isnull=True)
    started = timezone.now() - age
    (answer,) = play_reports_record(
        speaker=speaker,
        reports=[
            PlayData(
                client_id=f"{speaker.pk}-{bulletin.pk}-{outcome}-{age.total_seconds()}",
                version_id=version.pk,
                outcome=outcome,
                started_at=started,
                ended_at=started + datetime.timedelta(seconds=5),
                error=error,
            )
        ],
    )
    assert answer.status == "created"


@pytest.fixture
def bulletin(editor, approver, muong_khuong):
    return approved_make(
        editor, approver, muong_khuong, seconds=5, title="Họp dân", target_communes=(muong_khuong,)
    )


@pytest.fixture
def speakers(editor, muong_khuong, village, sang_chai, bulletin):
    """Mường Khương: at Mã Tuyển one online that played and one faulty (its play failed), at
    Sảng Chải one silent, at the commune's centre one never heard and one out of service."""
    online, _t = speaker_make(editor, muong_khuong, "Loa Mã Tuyển 1", village=village)
    faulty, _t = speaker_make(editor, muong_khuong, "Loa Mã Tuyển 2", village=village)
    silent, _t = speaker_make(editor, muong_khuong, "Loa Sảng Chải", village=sang_chai)
    never, _t = speaker_make(editor, muong_khuong, "Loa trung tâm")
    retired, _t = speaker_make(editor, muong_khuong, "Loa cũ")
    _heard(online, datetime.timedelta(minutes=2), power_source="mains")
    _play(online, bulletin)
    _heard(faulty)
    _play(faulty, bulletin, age=datetime.timedelta(hours=3))
    _play(faulty, bulletin, outcome="failed", age=datetime.timedelta(hours=1), error="amp off")
    _heard(silent, datetime.timedelta(minutes=40))
    _heard(retired)
    speaker_active_set(actor=editor, speaker=retired, is_active=False)
    return {
        "online": online,
        "faulty": faulty,
        "silent": silent,
        "never": never,
        "retired": retired,
    }


def _board(client, commune):
    return client.get(reverse("broadcast:commune-status", args=[commune.code]))


def test_the_board_shows_each_speaker_by_village_with_its_state_and_last_play(
    client, commune_officer, muong_khuong, speakers
):
    client.force_login(commune_officer)
    response = _board(client, muong_khuong)
    assert response.status_code == 200
    board = response.context["board"]
    states = {row.speaker.name: row.state.state for row in board.rows}
    assert states == {
        "Loa Mã Tuyển 1": ONLINE,
        "Loa Mã Tuyển 2": FAULTY,
        "Loa Sảng Chải": SILENT,
        "Loa trung tâm": SILENT,
        "Loa cũ": OUT_OF_SERVICE,
    }
    assert [
        (v.village.name if v.village else None, [r.speaker.name for r in v.rows])
        for v in board.villages
    ] == [
        (None, ["Loa cũ", "Loa trung tâm"]),
        ("Mã Tuyển", ["Loa Mã Tuyển 1", "Loa Mã Tuyển 2"]),
        ("Sảng Chải", ["Loa Sảng Chải"]),
    ]
    assert [(state, count) for state, _label, count in board.counts] == [
        (ONLINE, 1),
        (FAULTY, 1),
        (SILENT, 2),
        (OUT_OF_SERVICE, 1),
    ]
    page = response.content.decode()
    online = page[page.index(f'id="speaker-{speakers["online"].pk}"') :]
    online = online[: online.index("</li>")]
    assert "Trực tuyến" in online and "Họp dân" in online and "2 phút trước" in online
    faulty = page[page.index(f'id="speaker-{speakers["faulty"].pk}"') :]
    faulty = faulty[: faulty.index("</li>")]
    assert "lần phát gần nhất bị lỗi" in faulty and "amp off" in faulty
    assert '<meta http-equiv="refresh" content="60">' in page
    assert "private" in response["Cache-Control"]
    assert (
        'id="status-link"'
        in client.get(
            reverse("broadcast:commune-detail", args=[muong_khuong.code])
        ).content.decode()
    )


def test_the_board_in_english_and_the_language_kept_for_the_alerts(
    client, editor, muong_khuong, speakers
):
    client.force_login(editor)
    url = reverse("broadcast:commune-status", args=[muong_khuong.code])
    page = client.get("/en" + url).content.decode()
    assert "Loudspeakers of" in page and "Faulty" in page and "its last play failed" in page
    assert "2 minutes ago" in page
    assert AlertLanguage.objects.get(user=editor).language == "en"
    page = client.get("/zh-hans" + url).content.decode()
    assert "故障" in page and "2 分钟前" in page
    assert AlertLanguage.objects.get(user=editor).language == "zh-hans"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("other_commune_officer", 404),  # Bắc Hà's people do not see Mường Khương's speakers
        ("other_editor", 404),
        ("other_approver", 404),
        ("nobody", 404),  # signed in, no role
        ("commune_officer", 200),
        ("editor", 200),
        ("approver", 200),
        ("duty_approver", 200),
        ("province_officer", 200),
        ("province_editor", 200),
    ],
)
def test_who_sees_a_communes_board(client, request, make_user, muong_khuong, who, status):
    if who == "nobody":
        client.force_login(make_user("Người dân"))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert _board(client, muong_khuong).status_code == status


def test_the_board_reads_the_same_few_queries_however_many_speakers(
    client, editor, muong_khuong, village, bulletin, django_assert_max_num_queries
):
    first, _t = speaker_make(editor, muong_khuong, "Loa 1", village=village)
    _heard(first)
    _play(first, bulletin)
    client.force_login(editor)
    _board(client, muong_khuong)
    with CaptureQueriesContext(connection) as few:
        assert _board(client, muong_khuong).status_code == 200
    for index in range(2, 9):
        speaker, _t = speaker_make(editor, muong_khuong, f"Loa {index}", village=village)
        _heard(speaker, datetime.timedelta(minutes=index * 5), power_source="battery")
        _play(speaker, bulletin)
        _play(speaker, bulletin, outcome="failed", age=datetime.timedelta(minutes=index))
        SpeakerAlert.objects.create(
            speaker=speaker,
            commune=muong_khuong,
            silent_since=timezone.now(),
            opened_at=timezone.now(),
        )
    with django_assert_max_num_queries(len(few)):
        response = _board(client, muong_khuong)
    assert len(response.context["board"].rows) == 8
    assert response.content.decode().count('class="alert-open"') == 7


def test_the_board_lists_open_alerts_and_not_closed_ones(
    client, commune_officer, muong_khuong, speakers
):
    silent = speakers["silent"]
    heartbeat = SpeakerStatus.objects.get(speaker=silent).heartbeat_at
    SpeakerAlert.objects.create(
        speaker=silent, commune=muong_khuong, silent_since=heartbeat, opened_at=timezone.now()
    )
    SpeakerAlert.objects.create(
        speaker=speakers["online"],
        commune=muong_khuong,
        silent_since=heartbeat,
        opened_at=heartbeat,
        closed_at=timezone.now(),
        closed_because="heard",
    )
    client.force_login(commune_officer)
    response = _board(client, muong_khuong)
    alerts = response.context["board"].alerts
    assert [alert.speaker for alert in alerts] == [silent]
    page = response.content.decode()
    assert page.count('class="alert-open"') == 1 and "Loa Sảng Chải" in page


def test_the_province_overview_counts_each_commune_and_leaves_out_the_others(
    client, province_officer, editor, other_editor, muong_khuong, bac_ha, na_hoi, speakers
):
    bac_ha_speaker, _t = speaker_make(other_editor, bac_ha, "Loa Na Hối", village=na_hoi)
    _heard(bac_ha_speaker)
    client.force_login(province_officer)
    response = client.get(reverse("broadcast:status-overview"))
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    board = response.context["board"]
    counts = {
        item.commune.code: {state: count for state, _l, count in item.counts}
        for item in board.communes
    }
    assert counts == {
        muong_khuong.code: {ONLINE: 1, FAULTY: 1, SILENT: 2, OUT_OF_SERVICE: 1},
        bac_ha.code: {ONLINE: 1, FAULTY: 0, SILENT: 0, OUT_OF_SERVICE: 0},
    }
    # The commune with trouble first.
    assert [item.commune for item in board.communes] == [muong_khuong, bac_ha]
    assert board.without_speakers > 0
    page = response.content.decode()
    assert reverse("broadcast:commune-status", args=[bac_ha.code]) in page
    # Bắc Hà's editor runs one commune: straight to its board, and Mường Khương's is not theirs.
    client.force_login(other_editor)
    response = client.get(reverse("broadcast:status-overview"))
    assert response["Location"] == reverse("broadcast:commune-status", args=[bac_ha.code])


def test_the_province_overview_reads_a_fixed_number_of_queries(
    client,
    province_officer,
    editor,
    other_editor,
    muong_khuong,
    bac_ha,
    village,
    bulletin,
    django_assert_max_num_queries,
):
    first, _t = speaker_make(editor, muong_khuong, "Loa 1", village=village)
    _heard(first)
    _play(first, bulletin)
    client.force_login(province_officer)
    url = reverse("broadcast:status-overview")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(2, 7):
        speaker, _t = speaker_make(editor, muong_khuong, f"Loa {index}", village=village)
        _heard(speaker)
        _play(speaker, bulletin)
        other, _t = speaker_make(other_editor, bac_ha, f"Loa Bắc Hà {index}")
        _heard(other, datetime.timedelta(hours=index))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert sum(item.speakers for item in response.context["board"].communes) == 11


def test_the_nav_links_to_the_board(client, editor):
    client.force_login(editor)
    page = client.get(reverse("broadcast:bulletin-list")).content.decode()
    assert f'href="{reverse("broadcast:status-overview")}"' in page


def test_commune_board_selector_without_speakers(muong_khuong):
    board = commune_board(muong_khuong)
    assert board.villages == [] and board.alerts == []
    assert [count for _s, _l, count in board.counts] == [0, 0, 0, 0]

"""Proof of broadcast: by bulletin and by commune, their permissions, their query counts and
their Excel workbooks read back with openpyxl."""

import datetime
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from banso.broadcast.models import BulletinVersion, PlayReport
from banso.broadcast.selectors.playlist import LOCAL
from banso.broadcast.selectors.reports import bulletin_plays, commune_plays
from banso.broadcast.services.bulletins import bulletin_update
from banso.broadcast.services.device import PlayData, play_reports_record
from banso.broadcast.services.speakers import speaker_active_set
from banso.broadcast.services.versions import recording_add
from banso.broadcast.tests.makers import approved_make, data, mp3_upload, speaker_make

pytestmark = pytest.mark.django_db

_ids = itertools.count(1)


def _report(speaker, version, *, at, outcome="played", error="", seconds=5):
    answers = play_reports_record(
        speaker=speaker,
        reports=[
            PlayData(
                client_id=f"play-{next(_ids)}",
                version_id=version.pk,
                outcome=outcome,
                started_at=at,
                ended_at=at + datetime.timedelta(seconds=seconds) if outcome == "played" else None,
                scheduled_at=at,
                error=error,
            )
        ],
    )
    assert answers[0].status == "created", answers


def _version(bulletin, language="vi"):
    return BulletinVersion.objects.get(bulletin=bulletin, language=language, removed_at=None)


@pytest.fixture
def world(
    editor,
    approver,
    province_editor,
    province_approver,
    muong_khuong,
    bac_ha,
    village,
    sang_chai,
    na_hoi,
    other_commune_officer,
):
    """Mường Khương: a speaker in Mã Tuyển, one in Sảng Chải, one at the centre; Bắc Hà: one in
    Na Hối. A commune bulletin for Mã Tuyển and Sảng Chải (Vietnamese and H'Mông), a province
    bulletin for the whole province."""
    ma_tuyen_speaker, _ = speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    sang_chai_speaker, _ = speaker_make(
        editor, muong_khuong, "Cụm loa Sảng Chải", village=sang_chai
    )
    centre, _ = speaker_make(editor, muong_khuong, "Cụm loa trung tâm")
    na_hoi_speaker, _ = speaker_make(
        other_commune_officer, bac_ha, "Cụm loa Na Hối", village=na_hoi
    )
    bulletin = approved_make(
        editor,
        approver,
        muong_khuong,
        seconds=4,
        title="Tiêm phòng cho trâu bò",
        target_villages=(village, sang_chai),
    )
    recording_add(
        actor=editor, bulletin=bulletin, upload=mp3_upload(3), language="hmn", script="rpa"
    )
    from banso.broadcast.services.versions import version_approve

    version_approve(actor=approver, version=_version(bulletin, "hmn"))
    province = approved_make(
        province_editor,
        province_approver,
        muong_khuong.parent,
        seconds=3,
        title="Rét đậm, rét hại",
        priority="priority",
        is_province_wide=True,
    )
    now = timezone.now()
    vi, hmn = _version(bulletin), _version(bulletin, "hmn")
    hour = datetime.timedelta(hours=1)
    _report(ma_tuyen_speaker, vi, at=now - 3 * hour)
    _report(ma_tuyen_speaker, hmn, at=now - 3 * hour + datetime.timedelta(seconds=10))
    _report(ma_tuyen_speaker, vi, at=now - hour)
    _report(sang_chai_speaker, vi, at=now - 2 * hour, outcome="failed", error="=HYPERLINK(1)")
    province_version = _version(province)
    _report(centre, province_version, at=now - hour)
    _report(na_hoi_speaker, province_version, at=now - hour)
    return {
        "bulletin": bulletin,
        "province": province,
        "ma_tuyen": ma_tuyen_speaker,
        "sang_chai": sang_chai_speaker,
        "centre": centre,
        "na_hoi": na_hoi_speaker,
    }


def test_a_bulletins_report_says_who_played_it_who_failed_and_who_said_nothing(world, editor):
    report = bulletin_plays(editor, world["bulletin"])
    (commune,) = report.communes
    rows = {row.speaker.name: row for row in commune.speakers}
    assert set(rows) == {"Cụm loa Mã Tuyển", "Cụm loa Sảng Chải"}  # not the centre: not reached
    played = rows["Cụm loa Mã Tuyển"]
    assert (played.outcome, played.plays, played.failures) == ("played", 3, 0)
    assert played.languages == ["hmn", "vi"]
    assert played.first_played_at < played.last_played_at
    failed = rows["Cụm loa Sảng Chải"]
    assert (failed.outcome, failed.plays, failed.failures) == ("failed", 0, 1)
    assert failed.last_error == "=HYPERLINK(1)" and failed.last_failed_at is not None
    assert (report.speakers, report.speakers_played, report.speakers_failed_only) == (2, 1, 1)
    assert (report.plays, report.failures, report.speakers_silent) == (3, 1, 0)


def test_a_reached_speaker_that_reported_nothing_is_silent(world, editor, muong_khuong, village):
    speaker_make(editor, muong_khuong, "Cụm loa mới", village=village)
    report = bulletin_plays(editor, world["bulletin"])
    rows = {row.speaker.name: row for row in report.communes[0].speakers}
    assert rows["Cụm loa mới"].outcome == "silent" and report.speakers_silent == 1


def test_a_speaker_out_of_service_or_no_longer_targeted_keeps_its_plays(
    world, editor, approver, village
):
    speaker_active_set(actor=editor, speaker=world["ma_tuyen"], is_active=False)
    bulletin = world["bulletin"]
    fields = {**data().__dict__, "title": bulletin.title, "text": bulletin.text}
    fields.update(valid_from=bulletin.valid_from, valid_until=bulletin.valid_until)
    fields["target_villages"] = (village,)
    bulletin_update(actor=editor, bulletin=bulletin, data=type(data())(**fields))
    report = bulletin_plays(editor, bulletin)
    rows = {row.speaker.name: row for row in report.communes[0].speakers}
    assert rows["Cụm loa Mã Tuyển"].plays == 3 and not rows["Cụm loa Mã Tuyển"].reached
    assert rows["Cụm loa Sảng Chải"].failures == 1 and not rows["Cụm loa Sảng Chải"].reached


def test_a_province_bulletins_report_shows_each_person_only_their_communes(
    world, editor, other_commune_officer, province_officer
):
    province = world["province"]
    mine = bulletin_plays(editor, province)
    assert [c.commune.name for c in mine.communes] == ["Xã Mường Khương"]
    names = {row.speaker.name for c in mine.communes for row in c.speakers}
    assert "Cụm loa Na Hối" not in names and "Cụm loa trung tâm" in names
    theirs = bulletin_plays(other_commune_officer, province)
    assert {row.speaker.name for c in theirs.communes for row in c.speakers} == {"Cụm loa Na Hối"}
    everyone = bulletin_plays(province_officer, province)
    assert {c.commune.name for c in everyone.communes} == {"Xã Mường Khương", "Xã Bắc Hà"}
    assert everyone.speakers == 4 and everyone.plays == 2 and everyone.speakers_silent == 2


def test_the_bulletin_page_lists_communes_speakers_and_totals(client, world, editor):
    client.force_login(editor)
    response = client.get(reverse("broadcast:bulletin-plays", args=[world["bulletin"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="commune-02761"' in page and "Cụm loa Mã Tuyển" in page
    assert "H&#x27;Mông" in page or "H'Mông" in page
    assert "=HYPERLINK(1)" in page
    assert '<dd id="total-plays">3</dd>' in page and '<dd id="total-failures">1</dd>' in page


@pytest.mark.parametrize(
    "person, status",
    [
        ("anonymous", 302),
        ("other_editor", 404),
        ("other_commune_officer", 404),
        ("editor", 200),
        ("approver", 200),
        ("province_officer", 200),
    ],
)
def test_who_may_open_a_bulletins_report(client, world, request, person, status):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    for name in ("broadcast:bulletin-plays", "broadcast:bulletin-plays-xlsx"):
        response = client.get(reverse(name, args=[world["bulletin"].pk]))
        assert response.status_code == status, name


def test_the_bulletin_report_takes_the_same_queries_for_more_speakers(
    client, world, editor, muong_khuong, village, django_assert_max_num_queries
):
    client.force_login(editor)
    address = reverse("broadcast:bulletin-plays", args=[world["bulletin"].pk])
    client.get(address)
    for number in range(15):
        speaker, _ = speaker_make(editor, muong_khuong, f"Cụm loa {number}", village=village)
        _report(speaker, _version(world["bulletin"]), at=timezone.now())
    with django_assert_max_num_queries(14):
        response = client.get(address)
    assert response.content.decode().count('class="play-row play-row--played"') == 16


def _sheet_rows(content: bytes, sheet: int) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]


def test_the_bulletin_workbook_has_the_speakers_and_every_play_in_local_time(client, world, editor):
    client.force_login(editor)
    response = client.get(reverse("broadcast:bulletin-plays-xlsx", args=[world["bulletin"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    summary = _sheet_rows(response.content, 0)
    assert summary[0][0] == "Bằng chứng phát thanh"
    assert summary[1][:2] == ("Bản tin", "Tiêm phòng cho trâu bò")
    header = summary.index(next(row for row in summary if row[0] == "Xã, phường"))
    speakers = {row[2]: row for row in summary[header + 1 :]}
    ma_tuyen = speakers["Cụm loa Mã Tuyển"]
    assert ma_tuyen[0] == "Xã Mường Khương" and ma_tuyen[1] == "Thôn Mã Tuyển"
    assert (
        ma_tuyen[3] == "Đã phát" and ma_tuyen[4] == 3 and ma_tuyen[7] == "Tiếng H'Mông, Tiếng Việt"
    )
    # A failure's error stays text, never a formula.
    assert speakers["Cụm loa Sảng Chải"][10] == "'=HYPERLINK(1)"
    plays = _sheet_rows(response.content, 1)
    assert plays[0][0] == "Bắt đầu lúc" and len(plays) == 1 + 4
    first = plays[1][0]
    assert isinstance(first, datetime.datetime) and first.tzinfo is None
    earliest = PlayReport.objects.filter(bulletin=world["bulletin"]).order_by("started_at")[0]
    local = earliest.started_at.astimezone(LOCAL).replace(tzinfo=None)
    # The local time, as Excel keeps it (to the millisecond).
    assert abs(first - local) < datetime.timedelta(milliseconds=1)


# By commune ---------------------------------------------------------------------------------


def test_a_communes_report_counts_each_bulletins_plays_speakers_and_failures(world, muong_khuong):
    now = timezone.now()
    report = commune_plays(muong_khuong, now - datetime.timedelta(days=1), now)
    rows = {row.bulletin.title: row for row in report.bulletins}
    commune_row = rows["Tiêm phòng cho trâu bò"]
    assert (commune_row.plays, commune_row.speakers_played) == (3, 1)
    assert (commune_row.failures, commune_row.speakers_failed) == (1, 1)
    assert commune_row.languages == ("hmn", "vi")
    assert (rows["Rét đậm, rét hại"].plays, rows["Rét đậm, rét hại"].speakers_played) == (1, 1)
    assert report.bulletins[0].bulletin.title == "Tiêm phòng cho trâu bò"  # most played
    assert (report.plays, report.failures) == (4, 1)
    assert (report.speakers_active, report.speakers_reporting) == (3, 3)
    assert report.silent_speakers == []


def test_a_communes_report_keeps_to_its_period(world, muong_khuong):
    now = timezone.now()
    report = commune_plays(
        muong_khuong, now - datetime.timedelta(minutes=150), now - datetime.timedelta(minutes=30)
    )
    rows = {row.bulletin.title: row for row in report.bulletins}
    # 3 hours ago is outside; 2 hours ago (the failure) and 1 hour ago are inside.
    assert (rows["Tiêm phòng cho trâu bò"].plays, rows["Tiêm phòng cho trâu bò"].failures) == (1, 1)
    assert {s.name for s in report.silent_speakers} == set()
    earlier = commune_plays(
        muong_khuong, now - datetime.timedelta(days=9), now - datetime.timedelta(days=8)
    )
    assert earlier.bulletins == [] and len(earlier.silent_speakers) == 3


def test_the_commune_page_defaults_to_the_last_seven_days(client, world, editor):
    client.force_login(editor)
    response = client.get(reverse("broadcast:commune-plays", args=["02761"]))
    page = response.content.decode()
    today = timezone.localdate(timezone=LOCAL)
    assert response.status_code == 200
    assert f'value="{today:%Y-%m-%d}"' in page
    assert f'value="{today - datetime.timedelta(days=6):%Y-%m-%d}"' in page
    assert f'id="bulletin-{world["bulletin"].pk}"' in page and "Rét đậm, rét hại" in page
    assert '<dd id="total-plays">4</dd>' in page


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-13-01"},
        {"from": "2026-03-10", "to": "2026-03-01"},
        {"from": "2024-01-01", "to": "2026-01-01"},
        {"to": "hôm qua"},
    ],
)
def test_a_wrong_period_is_refused_with_the_form(client, world, editor, query):
    client.force_login(editor)
    response = client.get(reverse("broadcast:commune-plays", args=["02761"]), query)
    assert response.status_code == 400
    assert 'id="total-plays"' not in response.content.decode()
    xlsx = client.get(reverse("broadcast:commune-plays-xlsx", args=["02761"]), query)
    assert xlsx.status_code == 400 and not xlsx["Content-Type"].startswith("application/vnd")


def test_a_period_long_ago_shows_nothing_played(client, world, editor):
    client.force_login(editor)
    response = client.get(
        reverse("broadcast:commune-plays", args=["02761"]),
        {"from": "2025-01-01", "to": "2025-01-07"},
    )
    assert response.status_code == 200
    assert '<dd id="total-plays">0</dd>' in response.content.decode()


@pytest.mark.parametrize(
    "person, status",
    [
        ("anonymous", 302),
        ("other_editor", 404),
        ("other_commune_officer", 404),
        ("editor", 200),
        ("commune_officer", 200),
        ("province_officer", 200),
    ],
)
def test_who_may_open_a_communes_report(client, world, request, person, status):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    for name in ("broadcast:commune-plays", "broadcast:commune-plays-xlsx"):
        response = client.get(reverse(name, args=["02761"]))
        assert response.status_code == status, name


def test_the_commune_report_takes_the_same_queries_for_more_bulletins(
    client, world, editor, approver, muong_khuong, django_assert_max_num_queries
):
    client.force_login(editor)
    address = reverse("broadcast:commune-plays", args=["02761"])
    client.get(address)
    for number in range(5):
        bulletin = approved_make(
            editor,
            approver,
            muong_khuong,
            seconds=2,
            title=f"Bản tin {number}",
            target_communes=(muong_khuong,),
        )
        _report(world["centre"], _version(bulletin), at=timezone.now())
    with django_assert_max_num_queries(12):
        response = client.get(address)
    assert response.content.decode().count('<li id="bulletin-') == 7


def test_the_commune_workbook_has_each_bulletin_and_every_play(client, world, editor):
    client.force_login(editor)
    today = timezone.localdate(timezone=LOCAL)
    response = client.get(
        reverse("broadcast:commune-plays-xlsx", args=["02761"]),
        {"from": f"{today - datetime.timedelta(days=1):%Y-%m-%d}", "to": f"{today:%Y-%m-%d}"},
    )
    assert response.status_code == 200
    assert f"02761-{today - datetime.timedelta(days=1):%Y%m%d}" in response["Content-Disposition"]
    summary = _sheet_rows(response.content, 0)
    assert summary[1] == ("Xã, phường", "Xã Mường Khương") + (None,) * (len(summary[1]) - 2)
    header = next(i for i, row in enumerate(summary) if row[0] == "Bản tin")
    rows = {row[0]: row for row in summary[header + 1 :] if row[0]}
    assert rows["Tiêm phòng cho trâu bò"][1:7] == ("Thông thường", "Xã Mường Khương", 3, 1, 1, 1)
    assert rows["Rét đậm, rét hại"][1] == "Ưu tiên"
    plays = _sheet_rows(response.content, 1)
    assert len(plays) == 1 + 5
    assert {row[7] for row in plays[1:]} == {"Đã phát", "Không phát được"}

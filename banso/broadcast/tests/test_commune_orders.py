"""A commune's own order for a province bulletin's versions: Mường Khương hears H'Mông first,
Bắc Hà keeps the bulletin's order; the change is in the history, raises only Mường Khương's
schedule number, and the devices' playlist follows it. Only the commune's editor sets it,
only for a province bulletin that reaches the commune; the page that sets it."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from banso.broadcast.models import BulletinChange, ChangeAction, CommuneVersionOrder
from banso.broadcast.selectors.freshness import schedule_version
from banso.broadcast.selectors.playlist import speaker_playlist
from banso.broadcast.services.bulletins import bulletin_approve, bulletin_submit
from banso.broadcast.services.commune_orders import commune_versions_order_set
from banso.broadcast.services.schedule import slot_add
from banso.broadcast.services.versions import recording_add, version_approve, version_remove
from banso.broadcast.tests.makers import bulletin_make, mp3_upload, speaker_make
from banso.broadcast.tests.test_device_api import PLAYLIST, call

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_bulletin(province_editor, province_approver, lao_cai):
    """A priority bulletin of the province for the whole province, read in Vietnamese, then
    recorded in H'Mông and in Dao: in the bulletin's order vi, hmn, dao."""
    bulletin = bulletin_make(
        province_editor, lao_cai, seconds=4, priority="priority", is_province_wide=True
    )
    for language, seconds in (("hmn", 5), ("dao", 6)):
        recording_add(
            actor=province_editor,
            bulletin=bulletin,
            upload=mp3_upload(seconds),
            language=language,
        )
    bulletin_submit(actor=province_editor, bulletin=bulletin)
    return bulletin_approve(actor=province_approver, bulletin=bulletin)


@pytest.fixture
def speakers(editor, other_editor, muong_khuong, bac_ha):
    """A speaker in each commune, each commune with its 6:00 slot; with their tokens."""
    made = {}
    for actor, commune in ((editor, muong_khuong), (other_editor, bac_ha)):
        slot_add(actor=actor, commune=commune, starts_at=datetime.time(6), length_minutes=30)
        made[commune.code] = speaker_make(actor, commune, f"Loa trung tâm {commune.name}")
    return made


def _ids(bulletin, *languages) -> list[int]:
    by_language = {v.language: v.pk for v in bulletin.versions.filter(removed_at__isnull=True)}
    return [by_language[language] for language in languages]


def _languages(speaker, bulletin) -> list[str]:
    """The languages of the bulletin's versions at the speaker's first slot, in play order."""
    playlist = speaker_playlist(speaker, now=timezone.now())
    items = [item for item in playlist.items if item.bulletin.id == bulletin.pk]
    assert items, "the bulletin plays"
    first = items[0].starts_at
    in_slot = [item for item in items if item.starts_at - first < datetime.timedelta(minutes=30)]
    return [item.version.language for item in in_slot]


def test_a_commune_plays_the_versions_in_its_own_order_and_another_keeps_the_bulletins(
    editor, province_bulletin, speakers, muong_khuong, bac_ha
):
    mk_speaker, _token = speakers[muong_khuong.code]
    bh_speaker, _token = speakers[bac_ha.code]
    assert _languages(mk_speaker, province_bulletin) == ["vi", "hmn", "dao"]
    mk_before, bh_before = schedule_version(muong_khuong.pk), schedule_version(bac_ha.pk)

    commune_versions_order_set(
        actor=editor,
        bulletin=province_bulletin,
        commune=muong_khuong,
        version_ids=_ids(province_bulletin, "hmn", "vi", "dao"),
    )

    assert _languages(mk_speaker, province_bulletin) == ["hmn", "vi", "dao"]
    assert _languages(bh_speaker, province_bulletin) == ["vi", "hmn", "dao"]
    assert schedule_version(muong_khuong.pk) == mk_before + 1
    assert schedule_version(bac_ha.pk) == bh_before
    change = BulletinChange.objects.get(
        bulletin=province_bulletin, action=ChangeAction.COMMUNE_ORDERED
    )
    assert change.actor == editor and change.changes["commune"] == muong_khuong.pk
    assert change.changes["order"] == [
        _ids(province_bulletin, "vi", "hmn", "dao"),
        _ids(province_bulletin, "hmn", "vi", "dao"),
    ]
    # The same order again changes nothing: no history, no new schedule number.
    commune_versions_order_set(
        actor=editor,
        bulletin=province_bulletin,
        commune=muong_khuong,
        version_ids=_ids(province_bulletin, "hmn", "vi", "dao"),
    )
    assert schedule_version(muong_khuong.pk) == mk_before + 1
    assert BulletinChange.objects.filter(action=ChangeAction.COMMUNE_ORDERED).count() == 1


def test_a_version_removed_or_added_later_keeps_the_communes_order_of_the_rest(
    editor, province_editor, province_approver, province_bulletin, speakers, muong_khuong
):
    mk_speaker, _token = speakers[muong_khuong.code]
    commune_versions_order_set(
        actor=editor,
        bulletin=province_bulletin,
        commune=muong_khuong,
        version_ids=_ids(province_bulletin, "dao", "hmn", "vi"),
    )
    version_remove(actor=province_editor, version=province_bulletin.versions.get(language="hmn"))
    tay = recording_add(
        actor=province_editor, bulletin=province_bulletin, upload=mp3_upload(3), language="tay"
    )
    version_approve(actor=province_approver, version=tay)
    assert _languages(mk_speaker, province_bulletin) == ["dao", "vi", "tay"]


@pytest.mark.parametrize("who", ["other_editor", "province_editor", "approver"])
def test_only_the_communes_editor_sets_its_order(
    request, who, province_bulletin, muong_khuong, speakers
):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        commune_versions_order_set(
            actor=actor,
            bulletin=province_bulletin,
            commune=muong_khuong,
            version_ids=_ids(province_bulletin, "hmn", "vi", "dao"),
        )
    assert not CommuneVersionOrder.objects.exists()


def test_a_communes_own_bulletin_and_a_wrong_list_are_refused(
    editor, province_bulletin, muong_khuong
):
    own = bulletin_make(editor, muong_khuong, seconds=3, target_communes=(muong_khuong,))
    with pytest.raises(ValidationError):
        commune_versions_order_set(
            actor=editor,
            bulletin=own,
            commune=muong_khuong,
            version_ids=[v.pk for v in own.versions.filter(removed_at__isnull=True)],
        )
    with pytest.raises(ValidationError):
        commune_versions_order_set(
            actor=editor,
            bulletin=province_bulletin,
            commune=muong_khuong,
            version_ids=_ids(province_bulletin, "hmn", "vi"),
        )
    assert not CommuneVersionOrder.objects.exists()


def test_the_devices_playlist_follows_the_communes_order(
    live_server, transactional_db, editor, province_bulletin, speakers, muong_khuong, bac_ha
):
    _speaker, mk_token = speakers[muong_khuong.code]
    _speaker, bh_token = speakers[bac_ha.code]
    status, headers, _body = call(live_server, "GET", PLAYLIST, token=mk_token)
    assert status == 200
    etag = headers["ETag"]
    commune_versions_order_set(
        actor=editor,
        bulletin=province_bulletin,
        commune=muong_khuong,
        version_ids=_ids(province_bulletin, "hmn", "dao", "vi"),
    )
    status, headers, body = call(
        live_server, "GET", PLAYLIST, token=mk_token, headers={"If-None-Match": etag}
    )
    assert status == 200 and headers["ETag"] != etag

    items = [i for i in json.loads(body)["items"] if i["bulletin"] == province_bulletin.pk]
    assert [i["language"] for i in items[:3]] == ["hmn", "dao", "vi"]
    status, _headers, body = call(live_server, "GET", PLAYLIST, token=bh_token)
    items = [i for i in json.loads(body)["items"] if i["bulletin"] == province_bulletin.pk]
    assert [i["language"] for i in items[:3]] == ["vi", "hmn", "dao"]


def test_the_commune_editor_sets_the_order_on_its_page(
    client, editor, other_editor, province_bulletin, muong_khuong, speakers
):
    client.force_login(editor)
    detail = client.get(reverse("broadcast:bulletin-detail", args=[province_bulletin.pk]))
    url = reverse(
        "broadcast:commune-versions-order", args=[muong_khuong.code, province_bulletin.pk]
    )
    assert url in detail.content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "Thứ tự phát các bản tại" in page.content.decode()
    hmn, vi, dao = _ids(province_bulletin, "hmn", "vi", "dao")
    response = client.post(url, {f"v{hmn}": 1, f"v{vi}": 2, f"v{dao}": 3})
    assert response.status_code == 302
    order = CommuneVersionOrder.objects.get(bulletin=province_bulletin, commune=muong_khuong)
    assert order.version_ids == [hmn, vi, dao] and order.set_by == editor

    client.force_login(other_editor)
    assert client.post(url, {f"v{hmn}": 3, f"v{vi}": 2, f"v{dao}": 1}).status_code == 404
    order.refresh_from_db()
    assert order.version_ids == [hmn, vi, dao]

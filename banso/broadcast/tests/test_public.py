"""The public side of a commune's bulletins: the board (kiosk), the Atom feed and the audio
they link to. Without an account; only approved bulletins that reach the commune and are still
valid; never drafts, another commune's, withdrawn or ended ones. The board is kept rendered and
shows an emergency at the next request after its approval."""

import datetime
import hashlib
import time

import pytest
from defusedxml import ElementTree  # type: ignore[import-untyped]
from django.urls import reverse
from django.utils import timezone

from banso.broadcast.models import Bulletin, BulletinVersion
from banso.broadcast.services.bulletins import bulletin_approve, bulletin_submit, bulletin_withdraw
from banso.broadcast.services.schedule import slot_add
from banso.broadcast.services.versions import recording_add, version_remove
from banso.broadcast.tests.makers import approved_make, bulletin_make, mp3_upload

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
KIOSK = "broadcast:kiosk"


@pytest.fixture
def bulletins(
    editor,
    approver,
    other_editor,
    other_approver,
    province_editor,
    province_approver,
    muong_khuong,
    bac_ha,
    village,
):
    """Of Mường Khương: an approved one for the commune, one for its village, a draft, a
    withdrawn one, one whose validity ended, one valid from tomorrow; the province's priority
    bulletin for the whole province; Bắc Hà's own."""
    made = {
        "commune": approved_make(
            editor,
            approver,
            muong_khuong,
            seconds=3,
            title="Họp dân thôn",
            target_communes=(muong_khuong,),
        ),
        "village": approved_make(
            editor,
            approver,
            muong_khuong,
            seconds=3,
            title="Sửa đường thôn Mã Tuyển",
            target_villages=(village,),
        ),
        "draft": bulletin_make(
            editor,
            muong_khuong,
            seconds=3,
            title="Bản nháp chưa duyệt",
            target_communes=(muong_khuong,),
        ),
        "withdrawn": approved_make(
            editor,
            approver,
            muong_khuong,
            seconds=3,
            title="Tin đã rút",
            target_communes=(muong_khuong,),
        ),
        "ended": approved_make(
            editor,
            approver,
            muong_khuong,
            seconds=3,
            title="Tin đã hết hạn",
            target_communes=(muong_khuong,),
        ),
        "tomorrow": approved_make(
            editor,
            approver,
            muong_khuong,
            seconds=3,
            title="Lịch chợ phiên",
            target_communes=(muong_khuong,),
            valid_from=timezone.now() + datetime.timedelta(days=1),
            valid_until=timezone.now() + datetime.timedelta(days=3),
        ),
        "province": approved_make(
            province_editor,
            province_approver,
            muong_khuong.parent,
            seconds=3,
            title="Rét đậm, rét hại",
            priority="priority",
            is_province_wide=True,
        ),
        "other": approved_make(
            other_editor,
            other_approver,
            bac_ha,
            seconds=3,
            title="Tin riêng của Bắc Hà",
            target_communes=(bac_ha,),
        ),
    }
    bulletin_withdraw(actor=editor, bulletin=made["withdrawn"])
    # Its validity ended a minute ago; the worker has not marked it expired yet.
    Bulletin.objects.filter(pk=made["ended"].pk).update(
        valid_from=timezone.now() - datetime.timedelta(days=2),
        valid_until=timezone.now() - datetime.timedelta(minutes=1),
    )
    return made


SHOWN = {"Họp dân thôn", "Sửa đường thôn Mã Tuyển", "Lịch chợ phiên", "Rét đậm, rét hại"}
HIDDEN = {"Bản nháp chưa duyệt", "Tin đã rút", "Tin đã hết hạn", "Tin riêng của Bắc Hà"}


def _audio(bulletin) -> BulletinVersion:
    return BulletinVersion.objects.filter(bulletin=bulletin, removed_at=None).order_by("pk")[0]


# The board ------------------------------------------------------------------------------------


def test_the_board_shows_only_the_communes_approved_valid_bulletins(client, bulletins):
    response = client.get(reverse(KIOSK, args=["02761"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(title in page for title in SHOWN), page
    assert not any(title in page for title in HIDDEN)
    assert '<meta http-equiv="refresh" content="30">' in page and "<script" not in page
    assert 'lang="vi"' in page and "Bản tin của Xã Mường Khương" in page
    # Upcoming: says from when, and offers no audio yet.
    tomorrow = page.split(f'id="bulletin-{bulletins["tomorrow"].pk}"')[1].split("</article>")[0]
    assert "Từ" in tomorrow and "<audio" not in tomorrow
    assert (
        reverse("broadcast:public-audio", args=["02761", _audio(bulletins["commune"]).pk]) in page
    )


def test_the_board_says_when_each_bulletin_plays(client, bulletins, editor, muong_khuong):
    slot_add(actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30)
    page = client.get(reverse(KIOSK, args=["02761"])).content.decode()
    province = page.split(f'id="bulletin-{bulletins["province"].pk}"')[1].split("</article>")[0]
    # A priority bulletin plays first in every slot: tomorrow at 6:00 whatever the hour now.
    assert "ngày mai 06:00" in province
    assert "Ưu tiên" in province
    # It comes first: the others have no play time.
    assert page.index(f'id="bulletin-{bulletins["province"].pk}"') < page.index(
        f'id="bulletin-{bulletins["commune"].pk}"'
    )


def test_an_emergency_heads_the_board_at_the_next_request_after_its_approval(
    client, bulletins, editor, duty_approver, muong_khuong, django_assert_max_num_queries
):
    address = reverse(KIOSK, args=["02761"])
    assert 'id="emergencies"' not in client.get(address).content.decode()
    # Kept rendered: no query but, once a second at most, the emergency number.
    with django_assert_max_num_queries(1):
        assert client.get(address).status_code == 200
    emergency = bulletin_make(
        editor,
        muong_khuong,
        seconds=3,
        title="Lũ quét trên suối Nậm Chảy",
        priority="emergency",
        target_communes=(muong_khuong,),
    )
    bulletin_approve(actor=duty_approver, bulletin=emergency)
    page = client.get(address).content.decode()
    assert 'id="emergencies"' in page
    section = page.split('id="emergencies"')[1].split("</section>")[0]
    assert "Lũ quét trên suối Nậm Chảy" in section and "Khẩn cấp" in section
    assert page.index("Lũ quét trên suối Nậm Chảy") < page.index("Rét đậm, rét hại")
    bulletin_withdraw(actor=duty_approver, bulletin=emergency)
    assert "Lũ quét trên suối Nậm Chảy" not in client.get(address).content.decode()


def test_the_board_is_built_in_a_few_queries(client, bulletins, django_assert_max_num_queries):
    # One of them reads the commune's own order of province bulletins' versions.
    with django_assert_max_num_queries(15):
        response = client.get(reverse(KIOSK, args=["02761"]))
    assert response.status_code == 200


def test_a_signed_in_visitor_gets_a_fresh_board(client, bulletins, editor):
    client.force_login(editor)
    page = client.get(reverse(KIOSK, args=["02761"])).content.decode()
    assert "Họp dân thôn" in page and "Bản nháp chưa duyệt" not in page


def test_the_board_follows_the_sites_language(client, bulletins):
    page = client.get("/en/broadcast/kiosk/02761/").content.decode()
    assert 'lang="en"' in page and "Bulletins of Xã Mường Khương" in page
    assert 'href="/broadcast/kiosk/02761/"' in page  # back to Vietnamese
    assert "Rét đậm, rét hại" in page


@pytest.mark.parametrize("code", ["99999", "abc", "0" * 20, "01"])
def test_no_board_for_what_is_not_a_current_commune(client, places, code):
    assert client.get(f"/broadcast/kiosk/{code}/").status_code == 404


# The feed -------------------------------------------------------------------------------------


def _feed(client, code="02761"):
    response = client.get(reverse("broadcast:commune-feed", args=[code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def test_the_feed_is_atom_with_the_communes_approved_valid_bulletins(client, bulletins):
    feed = _feed(client)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.findtext(f"{ATOM}title") == "Bản tin của Xã Mường Khương"
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}
    assert set(entries) == SHOWN
    province = entries["Rét đậm, rét hại"]
    for required in ("id", "title", "updated", "summary"):
        assert province.find(f"{ATOM}{required}") is not None, required
    assert {c.get("term") for c in province.findall(f"{ATOM}category")} >= {"Ưu tiên"}
    assert "Lào Cai" in province.findtext(f"{ATOM}author/{ATOM}name")
    links = {link.get("rel"): link.get("href") for link in province.findall(f"{ATOM}link")}
    assert links["alternate"].endswith(
        f"/broadcast/kiosk/02761/#bulletin-{bulletins['province'].pk}"
    )
    assert links["enclosure"].endswith(
        reverse("broadcast:public-audio", args=["02761", _audio(bulletins["province"]).pk])
    )
    assert "enclosure" not in {
        link.get("rel") for link in entries["Lịch chợ phiên"].findall(f"{ATOM}link")
    }
    updated = [entry.findtext(f"{ATOM}updated") for entry in feed.findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)  # newest first
    updated_at = datetime.datetime.fromisoformat(province.findtext(f"{ATOM}updated"))
    assert updated_at == bulletins["province"].decided_at


def test_another_communes_feed_has_only_its_own(client, bulletins):
    feed = _feed(client, "02839")
    titles = {entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")}
    assert titles == {"Tin riêng của Bắc Hà", "Rét đậm, rét hại"}


def test_a_withdrawn_bulletin_leaves_the_feed_at_once(client, bulletins, editor):
    assert (
        "Họp dân thôn"
        in client.get(reverse("broadcast:commune-feed", args=["02761"])).content.decode()
    )
    bulletin_withdraw(actor=editor, bulletin=bulletins["commune"])
    feed = _feed(client)
    assert "Họp dân thôn" not in {e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")}


def test_the_feed_changes_when_a_bulletins_validity_begins(client, bulletins):
    """No write happens then: the kept feed is left because its key holds the last moment a
    bulletin's validity began or ended."""
    starts = timezone.now() + datetime.timedelta(seconds=2)
    # (Set here, before anything is kept: as if the market day's notice had been approved so.)
    Bulletin.objects.filter(pk=bulletins["tomorrow"].pk).update(valid_from=starts)

    def enclosures() -> set[str]:
        entries = {e.findtext(f"{ATOM}title"): e for e in _feed(client).findall(f"{ATOM}entry")}
        links = entries["Lịch chợ phiên"].findall(f"{ATOM}link")
        return {link.get("rel") for link in links} & {"enclosure"}

    assert enclosures() == set()
    assert timezone.now() < starts  # (the feed above was made before the validity began)
    while timezone.now() < starts + datetime.timedelta(seconds=1):
        time.sleep(0.1)
    assert enclosures() == {"enclosure"}


# The audio ------------------------------------------------------------------------------------


def test_the_public_audio_is_the_approved_version_by_range(client, bulletins):
    version = _audio(bulletins["province"])
    address = reverse("broadcast:public-audio", args=["02761", version.pk])
    response = client.get(address)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert hashlib.sha256(body).hexdigest() == version.sha256
    part = client.get(address, HTTP_RANGE="bytes=100-")
    rest = b"".join(part.streaming_content) if part.streaming else part.content
    assert part.status_code == 206 and rest == body[100:]


def test_the_public_audio_refuses_what_is_not_played_in_the_open(
    client, bulletins, editor, approver
):
    late = recording_add(
        actor=editor, bulletin=bulletins["commune"], upload=mp3_upload(2), language="hmn"
    )
    removed = _audio(bulletins["village"])
    version_remove(actor=editor, version=removed)
    refused = [
        ("02761", _audio(bulletins["draft"])),
        ("02761", _audio(bulletins["withdrawn"])),
        ("02761", _audio(bulletins["ended"])),
        ("02761", _audio(bulletins["tomorrow"])),
        ("02761", _audio(bulletins["other"])),
        ("02839", _audio(bulletins["commune"])),
        ("02761", late),  # added after the approval, not approved itself
        ("02761", removed),
    ]
    for code, version in refused:
        response = client.get(reverse("broadcast:public-audio", args=[code, version.pk]))
        assert response.status_code == 404, (code, version.bulletin.title)


def test_a_submitted_bulletin_is_not_public(client, editor, muong_khuong):
    bulletin = bulletin_make(
        editor, muong_khuong, seconds=3, title="Đang chờ duyệt", target_communes=(muong_khuong,)
    )
    bulletin_submit(actor=editor, bulletin=bulletin)
    assert "Đang chờ duyệt" not in client.get(reverse(KIOSK, args=["02761"])).content.decode()
    version = _audio(bulletin)
    response = client.get(reverse("broadcast:public-audio", args=["02761", version.pk]))
    assert response.status_code == 404

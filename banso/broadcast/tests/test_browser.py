"""On a phone (360 px), in Chromium against a live server: an editor writes a priority bulletin
for the commune, the worker voices it, the editor hears it in the page's player and submits it;
an approver approves it; the commune's week shows it in the morning slot, in Vietnamese and in
English, without scrolling sideways; the commune's simulated loudspeakers fetch it over HTTP and
play it at the slot, and the status board shows them online, having played it."""

import datetime
import os

import pytest
from django.urls import reverse

from banso.broadcast.models import Bulletin, BulletinState, PlayReport
from banso.broadcast.services.schedule import slot_add
from banso.broadcast.sim import FleetThread, SimClock
from banso.broadcast.tests.makers import speaker_make
from banso.broadcast.tests.test_sim import fleet_for, fleet_state, next_slot, wait_for
from banso.conftest import browser_sign_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _audio_seconds(page) -> float:
    """The duration the browser reads from the first player's file (by range requests)."""
    return page.evaluate(
        """async () => {
            const audio = document.querySelector('#versions audio');
            audio.preload = 'metadata';
            audio.load();
            await new Promise((done, fail) => {
                audio.addEventListener('loadedmetadata', done, {once: true});
                audio.addEventListener('error', () => fail(audio.error.message), {once: true});
            });
            return audio.duration;
        }"""
    )


def test_an_editor_writes_hears_and_submits_and_an_approver_approves_on_a_phone(
    transactional_db, live_server, browser, phone_page, run_worker, editor, approver, muong_khuong
):
    slot_add(actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30)
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=editor.phone)
    page.goto(base + reverse("broadcast:bulletin-create"))
    assert _scroll_width(page) <= PHONE_WIDTH
    page.fill("#id_title", "Lịch tiêm phòng cho trâu bò")
    page.fill(
        "#id_text",
        "Từ ngày 15 đến ngày 20, cán bộ thú y xã tiêm phòng lở mồm long móng cho trâu bò "
        "tại các thôn. Đề nghị bà con nhốt giữ trâu bò vào buổi sáng.",
    )
    page.select_option("#id_category", "farming")
    page.check("input[name=priority][value=priority]")
    page.check("#id_whole_unit")
    with page.expect_navigation():
        page.click("#bulletin-form button[type=submit]")
    bulletin = Bulletin.objects.get()
    assert page.inner_text("#bulletin-title") == "Lịch tiêm phòng cho trâu bò"
    assert "Đang đọc bằng máy" in page.inner_text("#versions")

    run_worker()  # the voice is made by the worker, as with `make run`
    page.reload()
    voice = bulletin.versions.get(removed_at__isnull=True)
    assert voice.engine.startswith("espeak-ng")
    # The browser reads the file the server measured (by range requests).
    assert abs(_audio_seconds(page) - voice.duration_ms / 1000) < 0.1
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click("#submit")
    assert "Chờ duyệt" in page.inner_text("#bulletin-badges")

    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN")
    approver_page = context.new_page()
    try:
        browser_sign_in(approver_page, base, login=approver.phone)
        approver_page.goto(base + reverse("broadcast:bulletin-detail", args=[bulletin.pk]))
        approver_page.fill("#id_note", "Đúng lịch của trạm thú y.")
        with approver_page.expect_navigation():
            approver_page.click("#approve")
        assert "Đã duyệt" in approver_page.inner_text("#bulletin-badges")
        assert "Đúng lịch của trạm thú y." in approver_page.inner_text("#history")
        bulletin.refresh_from_db()
        assert bulletin.state == BulletinState.APPROVED and bulletin.decided_by == approver

        approver_page.goto(base + reverse("broadcast:week", args=[muong_khuong.code]))
        week = approver_page.inner_text("#week")
        assert "Lịch tiêm phòng cho trâu bò" in week and "06:00" in week
        assert _scroll_width(approver_page) <= PHONE_WIDTH
        approver_page.goto(base + "/en" + reverse("broadcast:week", args=[muong_khuong.code]))
        assert approver_page.inner_text("h1") == f"Schedule of {muong_khuong.name}"
        assert "Priority" in approver_page.inner_text("#week")
        assert _scroll_width(approver_page) <= PHONE_WIDTH

        # The commune's loudspeakers, simulated over HTTP, fetch it and play it at the slot.
        speakers = [
            speaker_make(editor, muong_khuong, name) for name in ("Loa chợ", "Loa trường học")
        ]
        clock = SimClock(start=next_slot() - datetime.timedelta(hours=1), speed=5)
        fleet = fleet_for(live_server, [token for _speaker, token in speakers], clock=clock)
        with FleetThread(fleet) as running:
            assert wait_for(
                lambda: all(s.store.has(voice.sha256) for s in fleet.speakers), seconds=120
            ), fleet_state(fleet)
            running.clock_set(next_slot() - datetime.timedelta(seconds=5))
            assert wait_for(
                lambda: PlayReport.objects.filter(bulletin=bulletin).count() == 2, seconds=120
            ), fleet_state(fleet)
            running.stop()

        approver_page.goto(base + reverse("broadcast:commune-status", args=[muong_khuong.code]))
        for speaker, _token in speakers:
            row = approver_page.locator(f"#speaker-{speaker.pk}")
            assert row.get_attribute("data-state") == "online"
            assert "Lịch tiêm phòng cho trâu bò" in row.inner_text()
        assert _scroll_width(approver_page) <= PHONE_WIDTH
    finally:
        context.close()

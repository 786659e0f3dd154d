"""On a phone (360 px), in Chromium against a live server: a commune officer opens the status
board from the commune's page and reads which speaker of which village is online, faulty or
silent, with the open alert, in Vietnamese and in English, without scrolling sideways."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.broadcast.models import SpeakerStatus
from banso.broadcast.services.alerts import speaker_alerts_check
from banso.broadcast.services.device import HeartbeatData, heartbeat_record
from banso.broadcast.tests.makers import speaker_make
from banso.conftest import browser_sign_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_officer_reads_the_board_on_a_phone(
    transactional_db, live_server, phone_page, commune_officer, editor, muong_khuong, village
):
    online, _t = speaker_make(editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    heartbeat_record(speaker=online, data=HeartbeatData(power_source="battery", battery_percent=8))
    silent, _t = speaker_make(editor, muong_khuong, "Cụm loa trung tâm xã Mường Khương")
    heartbeat_record(speaker=silent, data=HeartbeatData())
    SpeakerStatus.objects.filter(speaker=silent).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=3)
    )
    speaker_alerts_check()
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)
    page.goto(base + reverse("broadcast:commune-detail", args=[muong_khuong.code]))
    with page.expect_navigation():
        page.click("#status-link")
    assert page.inner_text("h1") == f"Tình trạng loa truyền thanh {muong_khuong.name}"
    assert page.get_attribute('meta[http-equiv="refresh"]', "content") == "60"
    faulty = page.inner_text(f"#speaker-{online.pk}")
    assert "Có lỗi" in faulty and "pin yếu (8 %)" in faulty
    assert "Mất liên lạc" in page.inner_text(f"#speaker-{silent.pk}")
    assert "3 giờ trước" in page.inner_text(f"#speaker-{silent.pk}")
    assert "Cụm loa trung tâm xã Mường Khương" in page.inner_text("#alerts")
    assert page.locator("section.village h2").all_inner_texts() == [
        "Không thuộc thôn, bản nào",
        "Thôn Mã Tuyển",
    ]
    assert _scroll_width(page) <= PHONE_WIDTH

    page.goto(base + "/en" + reverse("broadcast:commune-status", args=[muong_khuong.code]))
    assert "Faulty" in page.inner_text(f"#speaker-{online.pk}")
    assert "3 hours ago" in page.inner_text(f"#speaker-{silent.pk}")
    page.click("#state-rules summary")
    assert "no heartbeat for more than 15 minutes" in page.inner_text("#state-rules")
    assert _scroll_width(page) <= PHONE_WIDTH

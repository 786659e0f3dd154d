"""A commune's public board in Chromium on a phone (360 px), against a live server, without
an account: the emergency heads it in large white type on red, the page fits the width and
runs no script, in Vietnamese and in English; an emergency approved while the board is kept
rendered is on it at the next load."""

import os

import pytest
from django.urls import reverse

from banso.broadcast.services.bulletins import bulletin_approve
from banso.broadcast.tests.makers import approved_make, bulletin_make

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def test_the_board_on_a_phone_puts_the_emergency_first(
    transactional_db, live_server, phone_page, editor, approver, duty_approver, muong_khuong
):
    approved_make(
        editor,
        approver,
        muong_khuong,
        seconds=3,
        title="Họp dân thôn Mã Tuyển",
        target_communes=(muong_khuong,),
    )
    page, address = phone_page, live_server.url + reverse("broadcast:kiosk", args=["02761"])
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(address)
    assert page.locator("#emergencies").count() == 0
    assert "Họp dân thôn Mã Tuyển" in page.inner_text("#bulletins")

    emergency = bulletin_make(
        editor,
        muong_khuong,
        seconds=3,
        title="Sạt lở đất trên đường vào bản Sảng Chải",
        priority="emergency",
        target_communes=(muong_khuong,),
    )
    bulletin_approve(actor=duty_approver, bulletin=emergency)
    page.reload()
    first = page.locator("article").first
    assert "Sạt lở đất" in first.inner_text()
    assert first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(192, 0, 0)"
    heading = page.locator("#emergencies h3").first
    assert float(heading.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert scripts == []

    page.goto(live_server.url + "/en" + reverse("broadcast:kiosk", args=["02761"]))
    assert page.inner_text("h1") == f"Bulletins of {muong_khuong.name}"
    assert "emergency" in page.inner_text("#emergencies").lower()  # shown in capitals
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

"""On a phone (360 px) with JavaScript off, in Chromium against a live server: a person asks
their village team for help, mistyping the phone number first; the team's leader then finds
the request on the to-do list; the commune's recognition page fits the screen."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.teams.models import HelpRequest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


@pytest.fixture
def phone_without_js(browser):
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN", java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_person_asks_for_help_and_the_team_sees_it(
    transactional_db, live_server, phone_without_js, phone_page, team, leader, muong_khuong
):
    page, base = phone_without_js, live_server.url
    page.goto(base + reverse("teams:help-request-create"))
    page.select_option("#id_commune", str(muong_khuong.pk))
    with page.expect_navigation():
        page.click("#commune-form button[type=submit]")
    page.select_option("#id_village", str(team.village_id))
    page.check("#help-request-form input[name=kinds] >> nth=0")
    page.fill("#id_phone", "12")
    page.fill("#id_name", "Lò Văn Hùng")
    with page.expect_navigation():
        page.click("#help-request-form button[type=submit]")
    assert page.locator(".errorlist").count() >= 1
    assert _scroll_width(page) <= PHONE_WIDTH
    assert not HelpRequest.objects.exists()
    page.fill("#id_phone", "0912 345 678")
    with page.expect_navigation():
        page.click("#help-request-form button[type=submit]")
    assert "Yêu cầu của bạn đã được gửi" in page.content()
    assert HelpRequest.objects.get().phone == "+84912345678"

    page.goto(base + reverse("teams:commune-recognition", args=[muong_khuong.code]))
    assert "Mã Tuyển" in page.content() and "Lò Văn Hùng" not in page.content()
    assert _scroll_width(page) <= PHONE_WIDTH

    browser_sign_in(phone_page, base, login=leader.user.phone)
    phone_page.goto(base + reverse("teams:team-followup", args=[team.pk]))
    requests = phone_page.locator("[data-reason=request] li")
    assert requests.count() == 1
    assert "Lò Văn Hùng" in requests.inner_text()
    assert _scroll_width(phone_page) <= PHONE_WIDTH

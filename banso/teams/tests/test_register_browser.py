"""On a phone (360 px), in Chromium against a live server: a commune officer settles a
conflicting copy of a visit side by side, gives a request for help to a member of the team,
and replaces the team by a new decision; each page fits the phone's width, in Vietnamese and
in English."""

import dataclasses
import datetime
import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.teams.models import HelpConflict, HelpKind, HelpRecord, Team
from banso.teams.services.help import help_sync
from banso.teams.services.requests import help_request_submit
from banso.teams.tests.makers import help_data

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_an_officer_settles_assigns_and_replaces_on_a_phone(
    transactional_db,
    live_server,
    phone_page,
    commune_officer,
    team,
    leader,
    member_user,
    households,
):
    sent = help_data(
        leader,
        household_code="MT-001",
        person_name="",
        note="Đã cài ứng dụng VNeID cho chủ hộ và hướng dẫn đăng nhập",
        helped_on=datetime.date(2025, 3, 8),
    )
    help_sync(actor=member_user, records=[sent])
    help_sync(
        actor=member_user,
        records=[dataclasses.replace(sent, outcome="follow_up", kinds=("vneid", "vssid"))],
    )
    asked = help_request_submit(
        village=team.village,
        kinds=list(HelpKind.objects.filter(code="vneid")),
        phone="0911000002",
        name="Thào Thị Mỷ",
    )
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)

    page.goto(base + reverse("teams:team-detail", args=[team.pk]))
    assert _fits(page)
    with page.expect_navigation():
        page.click("#conflicts-link")
    assert page.locator(".conflict tr.differs").count() == 2  # the outcome and the kinds
    assert _fits(page)
    page.goto(base + "/en" + reverse("teams:team-conflicts", args=[team.pk]))
    assert page.inner_text("h1") == "Conflicting copies to settle"
    assert _fits(page)
    with page.expect_navigation():
        page.click(".conflict button[value=took_phone]")
    assert "The conflict was settled." in page.inner_text(".messages")
    assert HelpRecord.objects.get().outcome == "follow_up"
    assert not HelpConflict.objects.filter(resolution="").exists()

    page.goto(base + reverse("teams:help-request-list"))
    assert "Thôn Mã Tuyển" in page.inner_text("#by-village")
    assert _fits(page)
    page.select_option(f"#assign-{asked.pk}", str(leader.pk))
    with page.expect_navigation():
        page.click(f"#request-{asked.pk} form.assign button")
    assert page.inner_text(f"#request-{asked.pk} .assignee") == "Vàng Thị Mai"
    asked.refresh_from_db()
    assert asked.assigned_to == leader
    page.goto(base + "/en" + reverse("teams:help-request-list"))
    assert page.inner_text("h1") == "Requests for help"
    assert _fits(page)

    page.goto(base + reverse("teams:team-detail", args=[team.pk]))
    with page.expect_navigation():
        page.click("#replace-link")
    assert _fits(page)
    page.fill("#id_decision_number", "20/QĐ-UBND")
    page.fill("#id_decision_date", "2025-07-01")
    page.check("#id_confirm")
    with page.expect_navigation():
        page.click("#replace-form button[type=submit]")
    new = Team.objects.get(replaces=team)
    assert page.url.endswith(reverse("teams:team-detail", args=[new.pk]))
    assert "Vàng Thị Mai" in page.inner_text("#members")
    assert "125/QĐ-UBND" in page.inner_text("#village-teams")
    assert _fits(page)
    page.goto(base + "/en" + reverse("teams:team-dissolve", args=[new.pk]))
    assert page.inner_text("h1") == "Dissolve the team"
    assert _fits(page)

"""On a phone (360 px), in Chromium against a live server: a commune officer imports the
commune's teams, fixing a bad row, and reads the list and a team's page in Vietnamese and in
English; a team member's signed-in phone sends its pending visits over real HTTP, twice, and
the server keeps each once."""

import json
import os

import pytest
from django.urls import reverse

from banso.common.tests.relay import Relay
from banso.conftest import browser_sign_in
from banso.teams.models import HelpRecord, Team
from banso.teams.tests.makers import help_json
from banso.teams.tests.workbooks import member_row, register

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
SYNC = "**/api/teams/help/sync"


@pytest.fixture
def signal(live_server):
    """The phone's link to the site, which the test cuts (no signal) and restores."""
    relay = Relay((live_server.thread.host, live_server.thread.port))
    yield relay
    relay.close()


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _file(tmp_path, name, *rows) -> str:
    path = tmp_path / name
    path.write_bytes(register(*rows).read())
    return str(path)


def test_an_officer_imports_the_communes_teams_on_a_phone(
    transactional_db, live_server, phone_page, commune_officer, village, tmp_path
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)
    page.goto(base + reverse("teams:team-import"))
    assert _scroll_width(page) <= PHONE_WIDTH
    page.set_input_files(
        "#id_file",
        _file(
            tmp_path,
            "bad.xlsx",
            member_row("Thào Seo Lử", position="tổ trưởng", background="trưởng thôn"),
            member_row("Vàng Thị Mai", background="phù thủy"),
        ),
    )
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    rows = page.locator("#import-errors tbody tr")
    assert rows.count() == 1
    assert rows.nth(0).inner_text().startswith("3")
    assert _scroll_width(page) <= PHONE_WIDTH
    assert not Team.objects.exists()
    page.set_input_files(
        "#id_file",
        _file(
            tmp_path,
            "good.xlsx",
            member_row("Thào Seo Lử", position="tổ trưởng", background="trưởng thôn"),
            member_row("Vàng Thị Mai", phone="0987654321", training="Kỹ năng số cơ bản, 04/2023"),
        ),
    )
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    assert page.url.rstrip("/").endswith(reverse("teams:team-list").rstrip("/"))
    assert "Thôn Mã Tuyển" in page.inner_text("#teams")
    assert "Tổ trưởng: Thào Seo Lử" in page.inner_text("#teams")
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click("#teams a >> nth=0")
    assert "Đoàn Thanh niên" in page.inner_text("#members")
    assert _scroll_width(page) <= PHONE_WIDTH
    page.goto(base + "/en" + reverse("teams:team-list"))
    assert page.inner_text("h1") == "Digital technology teams in the commune"
    assert _scroll_width(page) <= PHONE_WIDTH


def test_a_team_members_phone_sends_its_visits_once(
    transactional_db, live_server, phone_page, leader, member_user
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=member_user.phone)
    mine = page.request.get(base + "/api/teams/mine").json()
    assert [team["id"] for team in mine["teams"]] == [leader.team_id]
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    batch = {"records": [help_json(leader), help_json(leader), help_json(leader)]}
    answers = []
    for _attempt in range(2):
        response = page.request.post(
            base + "/api/teams/help/sync",
            data=json.dumps(batch),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
        assert response.status == 200, response.text()
        answers.append(response.json())
    assert [a["created"] for a in answers] == [3, 0]
    assert answers[1]["already_recorded"] == 3
    assert HelpRecord.objects.count() == 3
    page.goto(base + reverse("teams:my-team"))
    assert page.locator("#help-records li").count() == 3
    assert _scroll_width(page) <= PHONE_WIDTH


def _record(page, *, household: str = "", person: str = "", kind: str, outcome: str) -> None:
    if household:
        page.select_option("#id_household", household)
    else:
        page.select_option("#id_household", "")
        page.fill("#id_person_name", person)
    page.check(f"#record-form input[name=kinds][value='{kind}']")
    page.check(f"#record-form input[name=outcome][value={outcome}]")
    page.click("#record-form button[type=submit]")


def test_a_team_member_records_visits_with_no_signal(
    transactional_db, live_server, signal, phone_page, leader, member_user, households
):
    """The team page is kept by the service worker; three visits recorded offline survive a
    reload with no signal, and are sent once when the phone is back online."""
    page, base = phone_page, signal.url()
    browser_sign_in(page, base, login=member_user.phone)
    page.goto(base + reverse("teams:my-team"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_selector("html[data-offline=ready]")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert page.inner_text("#offline-status").startswith("Đã lưu trên điện thoại")
    assert _scroll_width(page) <= PHONE_WIDTH

    # No signal: the link is cut, and the browser is told so (the page hears "offline"). The
    # browser's own emulation alone reaches a reloaded page only a moment after it opens, and
    # lets through what the service worker sends on the page's behalf.
    signal.cut()
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    _record(page, household="MT-001", kind="vneid", outcome="done")
    _record(page, person="Lý Văn Sử", kind="cashless-payment", outcome="follow_up")
    _record(page, household="MT-001", kind="digital-skills", outcome="referred")
    assert page.locator("#pending li[data-state=pending]").count() == 3
    assert not HelpRecord.objects.exists()

    kept_page = page.reload()
    assert kept_page is not None and kept_page.from_service_worker
    assert page.locator("h1").inner_text() == str(leader.team)
    assert page.locator("#pending li[data-state=pending]").count() == 3
    assert "Lý Văn Sử" in page.inner_text("#pending")
    # The page's first send, if it tries one, is due 1.5 s after it opens: past it, nothing
    # has reached the server, and the three visits are still kept.
    page.wait_for_timeout(2000)
    assert page.locator("#pending li[data-state=pending]").count() == 3
    assert not HelpRecord.objects.exists()
    assert _scroll_width(page) <= PHONE_WIDTH

    key = f"banso-teams-pending:{leader.team_id}"
    kept = page.evaluate(f"localStorage.getItem('{key}')")
    with page.expect_request(SYNC) as sent:
        signal.restore()
        page.context.set_offline(False)
    page.wait_for_selector("#pending li.muted:not([data-state])")
    assert HelpRecord.objects.count() == 3
    assert sorted(HelpRecord.objects.values_list("person_name", flat=True)) == ["", "", "Lý Văn Sử"]

    # The same batch again (an answer lost on the way): nothing is added.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    again = page.request.post(
        base + "/api/teams/help/sync",
        data=sent.value.post_data,
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert again.json()["already_recorded"] == 3
    # And from the page: the phone still holding the three sends them again.
    page.evaluate("([key, kept]) => localStorage.setItem(key, kept)", [key, kept])
    page.reload()
    page.wait_for_selector("#pending li.muted:not([data-state])")
    assert HelpRecord.objects.count() == 3
    assert page.locator("#help-records li").count() == 3

    page.goto(base + "/en" + reverse("teams:my-team"))
    page.wait_for_selector("html[data-offline=ready]")
    assert page.inner_text("#offline-status").startswith("Saved on this phone")
    assert page.inner_text("#pending-section h2").startswith("Visits kept on this phone")
    assert _scroll_width(page) <= PHONE_WIDTH

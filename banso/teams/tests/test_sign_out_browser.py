"""A shared phone, in Chromium against a live server (360 px): signing out leaves nothing of
the team on it (the copies of its pages and households, the visits kept), but the account
page first warns about visits not sent yet; a session that ended elsewhere makes the team
page forget the households it kept, and keep the visits not sent."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.teams.models import HelpRecord

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

SYNC = "**/api/teams/help/sync"

# Everything the site keeps on the phone: its local storage and the Cache API's copies.
KEPT = """async () => {
  const bodies = [JSON.stringify(Object.assign({}, localStorage))];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      bodies.push(request.url + " " + await (await cache.match(request)).text());
    }
  }
  return bodies.join("\\n");
}"""


def _abort(route) -> None:
    route.abort("internetdisconnected")


def _cut_sync(page) -> None:
    """The sync address fails as with no signal, whether the page sends to it or the service
    worker does on the page's behalf (which only the context's routes see in Chromium)."""
    page.route(SYNC, _abort)
    page.context.route(SYNC, _abort)


def _ready(page, base):
    page.goto(base + reverse("teams:my-team"))
    page.wait_for_selector("html[data-offline=ready]")


def _record_offline(page, *, household: str = "", person: str = "") -> None:
    """A visit recorded with no signal, then the signal back but the sync address still cut:
    the visit stays on the phone."""
    _cut_sync(page)
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    if household:
        page.select_option("#id_household", household)
    else:
        page.fill("#id_person_name", person)
    page.check("#record-form input[name=kinds][value='vneid']")
    page.check("#record-form input[name=outcome][value=done]")
    page.click("#record-form button[type=submit]")
    # (The phone keeps the visit, then lists it: the list is read once it shows.)
    page.locator("#pending li[data-state=pending]").first.wait_for()
    assert page.locator("#pending li[data-state=pending]").count() == 1
    page.context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")


def test_signing_out_warns_about_visits_not_sent_then_leaves_nothing(
    transactional_db, live_server, phone_page, leader, member_user, households
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=member_user.phone)
    _ready(page, base)
    assert "MT-001" in page.evaluate(KEPT) and "Thào Seo Lử" in page.evaluate(KEPT)
    _record_offline(page, household="MT-001")
    assert page.locator("#pending-warning").is_visible()  # the team page says it first

    page.goto(base + reverse("accounts:profile"))
    page.click("#sign-out-form button[type=submit]")
    page.wait_for_selector("#sign-out-pending:not([hidden])")
    assert page.inner_text("#sign-out-pending [data-count]") == "1"
    assert "chưa gửi" in page.inner_text("#sign-out-pending")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Still signed in, the visit still kept: nothing was lost without asking.
    assert page.request.get(base + "/api/teams/mine").status == 200
    assert "MT-001" in page.evaluate(KEPT)

    with page.expect_navigation():
        page.click("#sign-out-anyway")
    assert page.request.get(base + "/api/teams/mine").status == 401
    kept = page.evaluate(KEPT)
    assert "MT-001" not in kept and "Thào Seo Lử" not in kept and "banso-teams" not in kept
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
    assert not HelpRecord.objects.exists()


def test_signing_out_with_nothing_kept_asks_nothing(
    transactional_db, live_server, phone_page, leader, member_user, households
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=member_user.phone)
    _ready(page, base)
    page.goto(base + "/en" + reverse("accounts:profile"))
    with page.expect_navigation():
        page.click("#sign-out-form button[type=submit]")
    assert page.locator("#sign-out-pending").count() == 0  # left the account page at once
    assert "MT-001" not in page.evaluate(KEPT)
    assert page.evaluate("caches.keys()") == []


def test_a_session_ended_elsewhere_forgets_the_households_and_keeps_the_visit(
    transactional_db, live_server, phone_page, leader, member_user, households
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=member_user.phone)
    _ready(page, base)
    _cut_sync(page)
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    page.fill("#id_person_name", "Lý Văn Sử")
    page.check("#record-form input[name=kinds][value='vneid']")
    page.check("#record-form input[name=outcome][value=done]")
    page.click("#record-form button[type=submit]")
    # The session ends (signed out on another device, or expired) while there is no signal.
    page.context.clear_cookies()
    page.unroute(SYNC)
    page.context.unroute(SYNC)
    page.context.set_offline(False)
    page.wait_for_selector("html[data-offline=forgotten]")
    kept = page.evaluate(KEPT)
    assert "MT-001" not in kept and "Thào Seo Lử" not in kept
    assert page.locator("#id_household option[value='MT-001']").count() == 0
    assert "Lý Văn Sử" in kept  # the visit not sent yet stays, to send after signing in
    assert page.locator("#pending li[data-state=pending]").count() == 1
    assert "đăng nhập lại" in page.inner_text("#offline-status")
    assert not HelpRecord.objects.exists()

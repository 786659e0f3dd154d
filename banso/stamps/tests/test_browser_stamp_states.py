"""Done when: in Chromium at 360 px, in Vietnamese, English and Chinese, a genuine stamp, one
whose PIN was already confirmed, a flagged one and a voided one each have their own heading and
colour, and a claimed stamp opened on another phone offers no PIN form; the person whose PIN
claims a stamp still sees it as genuine."""

import os

import pytest
from django.utils import timezone

from banso.stamps.models import Stamp, StampStatus
from banso.stamps.tests.scan_support import stamps_issue

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_cache")]
pytest_plugins = ["banso.stamps.tests.scan_fixtures"]

PHONE_WIDTH = 360
LANGUAGES = {"vi": "vi-VN", "en": "en-GB", "zh-hans": "zh-CN"}
HEADINGS = {
    "vi": {
        "genuine": "Tem thật",
        "claimed": "Tem này đã được xác thực trước đó",
        "flagged": "Tem này có thể đã bị sao chép",
        "voided": "Tem này đã bị thu hồi",
    },
    "en": {
        "genuine": "Genuine stamp",
        "claimed": "This stamp was already verified",
        "flagged": "This stamp may have been copied",
        "voided": "This stamp has been withdrawn",
    },
    "zh-hans": {
        "genuine": "真标签",
        "claimed": "此标签此前已被验证",
        "flagged": "此标签可能已被复制",
        "voided": "此标签已被撤销",
    },
}


@pytest.fixture
def stamps(transactional_db, product, lot, muong_khuong):
    issued = stamps_issue(product, lot=lot, quantity=3)
    genuine, claimed, flagged = issued.stamps
    Stamp.objects.filter(pk=claimed.pk).update(claimed_at=timezone.now(), claimed_unit=muong_khuong)
    Stamp.objects.filter(pk=flagged.pk).update(
        is_flagged=True, flag_reasons=[{"code": "many_devices", "at": "2025-12-01T10:00:00"}]
    )
    voided = stamps_issue(product, lot=lot, quantity=1, status=StampStatus.VOIDED).stamps[0]
    return issued, {"genuine": genuine, "claimed": claimed, "flagged": flagged, "voided": voided}


def _panel(page) -> dict:
    return page.evaluate(
        """() => {
          const panel = document.getElementById("stamp"), title = panel.querySelector("h2");
          return {state: panel.dataset.state, heading: title.textContent.trim(),
                  colour: getComputedStyle(title).color,
                  background: getComputedStyle(panel).backgroundColor,
                  border: getComputedStyle(panel).borderLeftColor,
                  pinForm: !!document.getElementById("pin-form"),
                  width: document.documentElement.scrollWidth};
        }"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_state_has_its_own_heading_and_colour(live_server, browser, stamps, language):
    _issued, by_state = stamps
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale=LANGUAGES[language]
    )
    try:
        page = context.new_page()
        panels = {}
        for state, stamp in by_state.items():
            response = page.goto(f"{live_server.url}/s/{stamp.serial}/?lang={language}")
            assert response.status == 200
            panels[state] = _panel(page)
            assert panels[state]["state"] == state
            assert panels[state]["heading"] == HEADINGS[language][state]
            assert panels[state]["width"] <= PHONE_WIDTH
    finally:
        context.close()
    # Four states, four headings, four colours of heading and of the panel's edge.
    for key in ("heading", "colour", "border"):
        assert len({panel[key] for panel in panels.values()}) == 4, key
    assert panels["genuine"]["colour"] == "rgb(23, 96, 58)"  # green
    assert panels["claimed"]["background"] != panels["genuine"]["background"]
    # A PIN can help only until the stamp is claimed.
    assert panels["genuine"]["pinForm"] is True
    assert panels["flagged"]["pinForm"] is True
    assert panels["claimed"]["pinForm"] is False
    assert panels["voided"]["pinForm"] is False


def test_second_phone_sees_a_claimed_stamp_in_amber_without_pin_form(live_server, browser, stamps):
    issued, by_state = stamps
    stamp = by_state["genuine"]
    url = f"{live_server.url}/s/{stamp.serial}/"
    first = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN")
    second = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN")
    try:
        buyer = first.new_page()
        buyer.goto(url)
        buyer.fill("#pin", issued.pin(stamp))
        with buyer.expect_navigation():
            buyer.click("#pin-form button[type=submit]")
        claimed_by_me = _panel(buyer)
        assert buyer.get_attribute("#pin-result", "data-outcome") == "claimed"
        assert claimed_by_me["state"] == "genuine"
        assert claimed_by_me["heading"] == "Tem thật"
        assert claimed_by_me["pinForm"] is False

        other = second.new_page()
        other.goto(url)
        seen = _panel(other)
        assert seen["state"] == "claimed"
        assert seen["heading"] == "Tem này đã được xác thực trước đó"
        assert seen["colour"] != claimed_by_me["colour"]
        assert seen["pinForm"] is False
        warning = other.text_content("#stamp-claimed")
        assert "Xã Mường Khương" not in warning  # claimed without a shared place
        assert "hàng giả" in warning
    finally:
        first.close()
        second.close()

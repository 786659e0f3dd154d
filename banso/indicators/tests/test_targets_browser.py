"""A commune officer on a phone (360 px) opens the commune's dashboard, follows its link to
the targets, sets the year's telecom target with the Vietnamese decimal comma, and reads the
figure against it on the dashboard; no page scrolls sideways."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.households.imports import households_import
from banso.households.tests.workbooks import review_list, review_row
from banso.indicators.models import Target

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
TELECOM = "poor-near-poor-using-telecom"


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_commune_officer_sets_a_target_and_reads_it_on_the_dashboard(
    transactional_db, live_server, phone_page, commune_officer, village, muong_khuong
):
    # Six households of Mã Tuyển reviewed in 2025, the first without telecom: 5 of 6, 83.3 %.
    rows = [
        review_row(f"MK-00{n}", **({"members_using_telecom": 0} if n == 1 else {}))
        for n in range(1, 7)
    ]
    result = households_import(
        actor=commune_officer, upload=review_list(*rows), commune_id=muong_khuong.pk
    )
    assert result.ok, result.errors
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)
    dashboard = reverse("indicators:unit-dashboard", args=[muong_khuong.code])
    page.goto(f"{base}{dashboard}?period=2025")
    row = page.locator(f"#indicator-{TELECOM} .indicator-table tbody tr")
    assert row.locator("td").nth(3).inner_text() == "—"  # no target yet

    with page.expect_navigation():
        page.click("#targets-link")
    assert page.locator("h1").inner_text() == "Chỉ tiêu kế hoạch của Xã Mường Khương"
    assert page.locator("#id_year").input_value() == "2025"
    assert _scroll_width(page) <= PHONE_WIDTH
    page.fill(f"[name='{TELECOM}']", "80,5")
    with page.expect_navigation():
        page.click("#targets-form button[type=submit]")
    assert (
        "Đã lưu chỉ tiêu kế hoạch năm 2025 của Xã Mường Khương."
        in page.locator(".messages").inner_text()
    )
    assert page.locator(f"[name='{TELECOM}']").input_value() == "80,5"
    assert Target.objects.get().value == 80.5

    with page.expect_navigation():
        page.click("#dashboard-link")
    row = page.locator(f"#indicator-{TELECOM} .indicator-table tbody tr")
    cells = [row.locator("td").nth(n).inner_text() for n in range(5)]
    # 83.3 against 80.5 → 103.5 % of the target, on track.
    assert cells[0] == "83,3 %"
    assert cells[3] == "80,5"
    assert cells[4] == "103,5 % · Đạt chỉ tiêu"
    assert _scroll_width(page) <= PHONE_WIDTH

"""A commune officer on a phone (360 px) imports a review list with a bad row, reads the error,
uploads the corrected list, and finds the commune's indicators against its targets, with the
percent of target and its mark; the dashboard reads without JavaScript and never scrolls
sideways."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.households.tests.workbooks import review_list, review_row
from banso.indicators.models import Indicator
from banso.indicators.services import target_set

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
TELECOM = "poor-near-poor-using-telecom"


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _file(tmp_path, name, *rows):
    path = tmp_path / name
    path.write_bytes(review_list(*rows).read())
    return str(path)


def _rows(**changes_of_the_third):
    """Six households of Mã Tuyển reviewed in 2025; the first lacks telecom."""
    rows = []
    for number in range(1, 7):
        changes = {"members_using_telecom": 0} if number == 1 else {}
        if number == 3:
            changes |= changes_of_the_third
        rows.append(review_row(f"MK-00{number}", **changes))
    return rows


def test_an_officer_imports_a_list_and_reads_the_communes_indicators(
    transactional_db, live_server, phone_page, commune_officer, village, muong_khuong, tmp_path
):
    telecom = Indicator.objects.get(code=TELECOM)
    target_set(actor=commune_officer, indicator=telecom, unit=muong_khuong, year=2025, value=80.0)
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)
    page.goto(base + reverse("households:household-import"))
    page.set_input_files("#id_file", _file(tmp_path, "bad.xlsx", *_rows(has_safe_water="chắc")))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    assert errors.nth(0).inner_text().startswith("4")  # the third household, on row 4
    page.set_input_files("#id_file", _file(tmp_path, "good.xlsx", *_rows()))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    assert page.locator("#households li").count() == 6

    # No worker runs here: the import recomputed the figures itself.
    page.goto(base + reverse("indicators:dashboard") + "?period=2025")
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click(f"#indicator-{TELECOM} .parts a >> text=Mường Khương")
    assert page.url.split("?")[0].endswith(
        reverse("indicators:unit-dashboard", args=[muong_khuong.code])
    )
    assert page.locator("#updating-note").count() == 0
    row = page.locator(f"#indicator-{TELECOM} .indicator-table tbody tr")
    cells = [row.locator("td").nth(n).inner_text() for n in range(5)]
    # 5 of 6 use telecom: 83.3 %, against 80 → 104.1 % of the target, on track.
    assert cells[:3] == ["83,3 %", "5", "6"]
    assert cells[3] == "80,0"
    assert cells[4] == "104,1 % · Đạt chỉ tiêu"
    assert row.locator("td.track-on").count() == 1
    assert page.locator(f"#indicator-{TELECOM} svg").count() == 1  # its villages, drawn
    assert _scroll_width(page) <= PHONE_WIDTH


def test_the_dashboard_reads_without_javascript(
    transactional_db, live_server, browser, commune_officer, village, muong_khuong
):
    from banso.households.imports import households_import

    # Ten households, five without telecom: a figure the public may read (5 of 6 would tell
    # the one household without it).
    rows = [
        review_row(f"MK-{n:03d}", members_using_telecom=0 if n <= 5 else 2) for n in range(1, 11)
    ]
    result = households_import(
        actor=commune_officer, upload=review_list(*rows), commune_id=muong_khuong.pk
    )
    assert result.ok, result.errors
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("indicators:unit-dashboard", args=[muong_khuong.code]))
        table = page.locator(f"#indicator-{TELECOM} .indicator-table tbody tr")
        assert table.locator("td").nth(0).inner_text() == "50,0 %"
        assert page.locator("#indicator-filters button[type=submit]").is_visible()
        box = page.locator("body").bounding_box()
        assert box is not None and box["width"] <= PHONE_WIDTH
        with page.expect_navigation():
            page.click("#indicator-filters button[type=submit]")
        assert "period=2025" in page.url
    finally:
        context.close()

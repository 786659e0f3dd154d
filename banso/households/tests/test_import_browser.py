"""A commune officer on a phone (360 px) imports a review list with two bad rows, reads the
errors, uploads the corrected list and finds the households."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.households.models import Household
from banso.households.tests.workbooks import review_list, review_row

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _file(tmp_path, name, *rows):
    path = tmp_path / name
    path.write_bytes(review_list(*rows).read())
    return str(path)


def test_an_officer_fixes_a_review_list_on_a_phone(
    transactional_db, live_server, phone_page, commune_officer, village, tmp_path
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)
    page.goto(base + reverse("households:household-import"))
    assert _scroll_width(page) <= PHONE_WIDTH
    bad = _file(
        tmp_path,
        "bad.xlsx",
        review_row("MK-001"),
        review_row("MK-002", village="Không có"),
        review_row("MK-003", has_safe_water="chắc"),
    )
    page.set_input_files("#id_file", bad)
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    rows = page.locator("#import-errors tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().startswith("3")
    assert "Không có" in rows.nth(0).inner_text()
    assert rows.nth(1).inner_text().startswith("4")
    assert not Household.objects.exists()
    good = _file(
        tmp_path, "good.xlsx", review_row("MK-001"), review_row("MK-002"), review_row("MK-003")
    )
    page.set_input_files("#id_file", good)
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    assert page.url.rstrip("/").endswith(reverse("households:household-list").rstrip("/"))
    assert page.locator("#households li").count() == 3
    assert "MK-002" in page.inner_text("#households")
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click("#households a >> nth=0")
    assert "Mã Tuyển" in page.inner_text("#household")
    assert page.locator("#review-2025").count() == 1
    assert _scroll_width(page) <= PHONE_WIDTH

"""On a phone (360 px), in Chromium against a live server: a commune officer opens the
commune's report of the teams, picks a year with no script, reads its charts and tables in
Vietnamese and English, and nothing is wider than the screen."""

import datetime
import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.teams.services.help import help_record
from banso.teams.tests.makers import help_data

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def test_an_officer_reads_the_communes_report_on_a_phone(
    transactional_db, live_server, phone_page, commune_officer, muong_khuong, leader, sang_chai
):
    help_record(actor=commune_officer, data=help_data(leader, helped_on=datetime.date(2025, 3, 8)))
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)
    page.goto(base + reverse("teams:report-home"))
    assert page.locator("#coverage").inner_text().startswith("1 / 2")
    page.select_option("#id_year", "2025")
    with page.expect_navigation():
        page.click("#report-year button[type=submit]")
    assert "year=2025" in page.url
    assert page.locator("#help-records").inner_text() == "1"
    assert page.locator("svg#chart-month").is_visible()
    assert page.locator("#report-parts tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    page.goto(base + "/en" + reverse("teams:unit-report", args=[muong_khuong.code]) + "?year=2025")
    assert "Households reached" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

"""On a phone (360 px), the province's officer picks a month of telecom support from the
period picker, reads the province's share of supported households with traffic (a handful of
households: the public would read "fewer than 5 households"), in Vietnamese and in English,
and the page never scrolls sideways."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from banso.conftest import browser_sign_in
from banso.indicators.services import indicators_recompute
from banso.indicators.tests.telecom_support import SHARE, telecom_support_by_hand

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_officer_picks_a_month_on_a_phone(
    transactional_db, live_server, phone_page, province_officer, village, bac_ha
):
    telecom_support_by_hand(province_officer, village, bac_ha)
    indicators_recompute(year=2023)
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=province_officer.phone)
    page.goto(base + reverse("indicators:dashboard"))
    picker = page.locator("#indicator-filters select[name=period]")
    # The year of the households' review first (shown by default), then its months, the
    # latest first, named in Vietnamese.
    assert picker.locator("option").all_inner_texts() == [
        "2023",
        "tháng 4/2023",
        "tháng 3/2023",
        "tháng 2/2023",
        "tháng 1/2023",
    ]
    picker.select_option(label="tháng 1/2023")
    with page.expect_navigation():
        page.click("#indicator-filters button[type=submit]")
    assert "period=202301" in page.url
    row = page.locator(f"#indicator-{SHARE} .indicator-table tbody tr")
    assert [row.locator("td").nth(n).inner_text() for n in range(3)] == ["83,3 %", "5", "6"]
    assert _scroll_width(page) <= PHONE_WIDTH

    with translation.override("en"):
        english = reverse("indicators:dashboard")
    page.goto(base + english + "?period=202304")
    assert picker.locator("option[selected]").inner_text() == "April 2023"
    heading = page.locator(f"#indicator-{SHARE} h2").inner_text()
    assert heading == "Share of telecom-supported households with traffic in the month"
    assert row.locator("td").nth(0).inner_text() == "71.4 %"
    assert _scroll_width(page) <= PHONE_WIDTH

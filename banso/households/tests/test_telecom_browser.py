"""A commune officer on a phone (360 px), without JavaScript's help: enrols a poor household
in telecom support, records two months without traffic, sees the support suspended, and
reads the coverage page."""

import os

import pytest
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.households.models import TelecomEnrolment, TelecomStatus
from banso.households.tests.test_telecom import _assess

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_officer_enrols_a_household_and_records_its_months_on_a_phone(
    transactional_db, live_server, phone_page, commune_officer, household
):
    _assess(commune_officer, household)
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=commune_officer.phone)
    page.goto(base + reverse("households:household-detail", args=[household.code]))
    assert _scroll_width(page) <= PHONE_WIDTH
    page.select_option("#id_kind", "subscription")
    page.fill("#id_subscriber_number", "0987 654 321")
    page.fill("#id_started_on", "2023-01-10")
    with page.expect_navigation():
        page.click("#telecom-enrol-form button[type=submit]")
    assert "*******321" in page.content()
    for month in ("2023-02", "2023-03"):
        page.fill("#telecom-activity-form #id_month", month)
        page.check("#telecom-activity-form input[name=has_traffic][value=no]")
        with page.expect_navigation():
            page.click("#telecom-activity-form button[type=submit]")
    assert TelecomEnrolment.objects.get().status == TelecomStatus.SUSPENDED
    assert _scroll_width(page) <= PHONE_WIDTH
    page.goto(base + reverse("households:telecom-coverage") + "?year=2023")
    assert _scroll_width(page) <= PHONE_WIDTH
    assert "100%" in page.inner_text("#commune-02761")

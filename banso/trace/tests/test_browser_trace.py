"""Done when: a co-op member records harvest → processing → packing on a 360 px phone, then the
public trace page shows the timeline in Vietnamese and, after switching, in English."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from banso.conftest import browser_sign_in
from banso.trace.models import TraceEvent

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
STEP_TITLES = ["Harvest", "Processing", "Packing"]


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _record(page, base_url: str, lot, kind: str, fields: dict[str, str]) -> None:
    page.goto(base_url + reverse("trace:lot-detail", args=[lot.pk]))
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click(f"#step-buttons a[data-step={kind}]")
    assert page.input_value("#id_time")  # prefilled with now
    assert page.input_value("#id_unit") == str(lot.harvest_unit_id)
    assert page.get_attribute("#id_photo", "capture") == "environment"
    for selector, value in fields.items():
        page.fill(selector, value)
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click("#step-form button[type=submit]")
    assert page.url == base_url + reverse("trace:lot-detail", args=[lot.pk])


def test_member_records_steps_and_the_public_page_shows_them(
    transactional_db, live_server, phone_page, coop_member, lot
):
    page, base = phone_page, live_server.url
    browser_sign_in(page, base, login=coop_member.phone)
    assert page.url == base + reverse("accounts:profile")
    with page.expect_navigation():
        page.click(f"main a[href='{reverse('trace:product-list')}']")
    assert page.locator("#products li").count() == 1

    _record(page, base, lot, "harvest", {"#id_quantity": "1200"})
    _record(page, base, lot, "process", {"#id_output_quantity": "1150"})
    _record(page, base, lot, "pack", {"#id_packages": "230"})
    assert page.locator("#journey li[data-step]").count() == 3
    assert list(TraceEvent.objects.filter(lot=lot).values_list("biz_step", flat=True)) == [
        "commissioning",
        "commissioning",
        "packing",
    ]

    # The buyer scans the stamp: the Digital Link leads to the public trace page.
    response = page.goto(base + f"/01/{lot.product.gtin}/10/{lot.code}")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    steps = page.locator("#journey li.st")
    assert steps.count() == 3
    assert [steps.nth(i).get_attribute("class").split()[1] for i in range(3)] == [
        "st--harvest",
        "st--processing",
        "st--packing",
    ]
    with translation.override("vi"):
        vietnamese = [translation.gettext(title) for title in STEP_TITLES]
    assert page.locator("#journey li.st h3").all_inner_texts() == vietnamese
    assert _scroll_width(page) <= PHONE_WIDTH

    with page.expect_navigation():
        page.click("footer a[hreflang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#journey li.st h3").all_inner_texts() == STEP_TITLES
    assert _scroll_width(page) <= PHONE_WIDTH

"""Done when: in Chromium at 360 px, a co-op orders a run of stamps with PINs, watches the
progress bar while the real worker makes them, downloads the PDF, marks the run printed and
activates the range 1–12 on a lot; a buyer opens a stamp's Digital Link and enters its PIN; a
second device is told the stamp was already verified, with no PIN form left to try."""

import os
import signal

import pytest
from django.core.management import call_command
from django.urls import reverse

from banso.conftest import browser_sign_in
from banso.stamps.models import StampRun, StampStatus
from banso.stamps.serials import pin_for

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
QUANTITY = 12


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def run_worker():
    """The project's worker, in this process (the live server shares its in-memory database
    only within the process), until the queue is empty; its signal handlers put back after."""
    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in handled}

    def run() -> None:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0")

    yield run
    for number, handler in saved.items():
        signal.signal(number, handler)


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _phone(browser):
    return browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN")


def _check_pin(browser, url: str, pin: str) -> str:
    """Open the stamp's link on a fresh device, enter the PIN; returns the outcome shown."""
    context = _phone(browser)
    try:
        page = context.new_page()
        response = page.goto(url)
        assert response.status == 200
        assert page.get_attribute("#stamp", "data-state") == "genuine"
        assert _scroll_width(page) <= PHONE_WIDTH
        page.fill("#pin", pin)
        with page.expect_navigation():
            page.click("#pin-form button[type=submit]")
        return page.get_attribute("#pin-result", "data-outcome")
    finally:
        context.close()


def test_coop_orders_prints_activates_and_buyers_verify(
    transactional_db, live_server, browser, phone_page, coop_member, lot, run_worker
):
    page, base = phone_page, live_server.url

    # The co-op member signs in and finds "My stamps" on their profile.
    browser_sign_in(page, base, login=coop_member.phone)
    with page.expect_navigation():
        page.click(f"main a[href='{reverse('stamps:run-list')}']")
    assert _scroll_width(page) <= PHONE_WIDTH

    # Orders 12 stamps with 6-digit PINs for the lot.
    with page.expect_navigation():
        page.click("#order-run")
    page.select_option("#id_product", str(lot.product.pk))
    page.select_option("#id_lot", str(lot.pk))
    page.fill("#id_quantity", str(QUANTITY))
    page.check("#id_with_pin")
    page.select_option("#id_pin_length", "6")
    page.fill("#id_label_text", "OCOP 4 sao")
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click("#run-form button[type=submit]")
    run = StampRun.objects.get()
    assert page.url == base + reverse("stamps:run-detail", args=[run.pk])

    # The progress bar waits for the worker; the run's PIN secret lives until the files exist.
    bar = page.locator(f"#progress-{run.progress_id}")
    assert bar.get_attribute("data-progress-live") is not None
    assert page.get_attribute(f"#progress-{run.progress_id} progress", "value") == "0"
    assert page.get_attribute("#run-status", "data-state") == "waiting"
    assert _scroll_width(page) <= PHONE_WIDTH
    secret = bytes(run.pin_secret)
    assert secret

    run_worker()

    # The bar follows the worker; once it has finished, the page loads again by itself and
    # says the run's real state, with its files, and no bar any more.
    page.wait_for_selector("#run-status[data-state=ready]", timeout=15_000)
    assert page.locator("#run-progress").count() == 0
    assert page.text_content("#run-status") == "Sẵn sàng để in"
    run.refresh_from_db()
    assert run.status == StampRun.Status.READY
    assert run.issued_count == QUANTITY
    assert bytes(run.pin_secret) == b""  # erased once the files were made

    # Downloads the PDF.
    with page.expect_download() as download_info:
        page.click("#run-files a[data-file=pdf]")
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf")

    # Marks the run printed, then activates stamps 1–12 on the lot.
    with page.expect_navigation():
        page.click("#mark-printed button[type=submit]")
    assert page.text_content("#run-counts dd[data-status=printed]") == str(QUANTITY)
    assert page.get_attribute("#run-status", "data-state") == "printed"
    assert page.input_value("#id_activate-lot") == str(lot.pk)
    page.fill("#id_activate-number_from", "1")
    page.fill("#id_activate-number_to", str(QUANTITY))
    assert _scroll_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        page.click("#activate-range button[type=submit]")
    assert page.text_content("#run-counts dd[data-status=activated]") == str(QUANTITY)
    assert set(run.stamps.values_list("status", "lot_id")) == {(StampStatus.ACTIVATED, lot.pk)}
    assert page.get_attribute("#run-status", "data-state") == "activated"

    # A buyer scans stamp no. 5 and enters its PIN: the first confirmation claims it.
    stamp = run.stamps.get(number=5)
    uri = f"{base}/01/{lot.product.gtin}/10/{lot.code}/21/{stamp.serial}"
    pin = pin_for(secret, stamp.serial, 6)
    assert _check_pin(browser, uri, pin) == "claimed"
    stamp.refresh_from_db()
    assert stamp.claimed_at is not None

    # Another device opens it: the stamp was already verified, and a PIN can no longer help.
    context = _phone(browser)
    try:
        other = context.new_page()
        other.goto(uri)
        assert other.get_attribute("#stamp", "data-state") == "claimed"
        assert other.locator("#pin-form").count() == 0
        assert other.locator("#stamp-claimed").count() == 1
    finally:
        context.close()

"""On a phone (360 px), in Chromium against a live server: an editor records a H'Mông version
with the microphone (Chromium's fake microphone, a steady beep), listens to it, adds it; the
server stores it as the loudspeakers' MP3 and the bulletin's page plays it. Without the
microphone's permission the page says so and the upload field still works."""

import os

import pytest
from django.urls import reverse

from banso.broadcast.models import BulletinVersion
from banso.broadcast.tests.makers import bulletin_make
from banso.common.mp3 import mp3_inspect
from banso.conftest import CHROMIUM, browser_sign_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


@pytest.fixture
def microphone_browser(browser):
    """Chromium with its fake microphone, the permission granted without asking (launched by
    the session's Playwright, which one process may run only once)."""
    fake = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )
    yield fake
    fake.close()


def _audio_seconds(page, selector: str) -> float:
    return page.evaluate(
        """async (selector) => {
            const audio = document.querySelector(selector);
            audio.preload = 'metadata';
            audio.load();
            await new Promise((done, fail) => {
                audio.addEventListener('loadedmetadata', done, {once: true});
                audio.addEventListener('error', () => fail(audio.error.message), {once: true});
            });
            return audio.duration;
        }""",
        selector,
    )


def test_an_editor_records_in_the_browser_and_the_version_plays(
    transactional_db, live_server, microphone_browser, editor, muong_khuong
):
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    context = microphone_browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale="vi-VN"
    )
    page = context.new_page()
    try:
        browser_sign_in(page, live_server.url, login=editor.phone)
        page.goto(live_server.url + reverse("broadcast:recording-create", args=[bulletin.pk]))
        assert page.is_visible("#record-start")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        page.click("#record-start")
        page.wait_for_selector("#record-stop:not([disabled])")
        # Record until two seconds of samples are in (counted from the samples, not a clock).
        page.locator("#record-time", has_text="0:02").wait_for()
        page.click("#record-stop")
        page.wait_for_selector("#recorder[data-recorded=true]")
        assert "Đã ghi xong" in page.inner_text("#record-status")
        chosen = page.evaluate("document.getElementById('id_audio').files[0].name")
        assert chosen == "ghi-am.wav"
        # The recording is heard from the browser's memory before it is sent.
        assert _audio_seconds(page, "#record-playback") >= 2
        page.select_option("#id_language", "hmn")
        with page.expect_navigation():
            page.click("#recording-form button[type=submit]")
        assert "/recordings/" not in page.url

        recording = BulletinVersion.objects.get(bulletin=bulletin, kind="recorded")
        stored = recording.audio.read()
        info = mp3_inspect(stored)
        assert (info.channels, info.bitrate_kbps) == (1, 48)
        assert recording.duration_ms >= 2000 and recording.language == "hmn"
        # The bulletin's page plays it: the browser reads the MP3 the server measured.
        selector = f'audio[src$="/versions/{recording.pk}/audio.mp3"]'
        assert abs(_audio_seconds(page, selector) - recording.duration_ms / 1000) < 0.1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    finally:
        context.close()


def test_without_the_microphone_the_page_says_so_and_the_upload_stays(
    live_server, browser, editor, muong_khuong, transactional_db
):
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    # The shared browser has no fake microphone and grants nothing: the request is refused.
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="en")
    page = context.new_page()
    try:
        browser_sign_in(page, live_server.url, login=editor.phone)
        url = "/en" + reverse("broadcast:recording-create", args=[bulletin.pk])
        page.goto(live_server.url + url)
        page.click("#record-start")
        page.wait_for_selector("#record-status:not(:empty)")
        assert "microphone cannot be used" in page.inner_text("#record-status")
        assert page.is_enabled("#id_audio")
    finally:
        context.close()

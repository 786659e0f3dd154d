"""Done when: in Chromium at 360 px, a co-op member activates stamps by scanning them with the
phone's camera (the browser's BarcodeDetector, else the bundled jsQR): each stamp read is added
to the list once, with the count shown, and the form is sent as before; without JavaScript the
page is the plain list, typed or pasted, and still works.

The camera is a real one to the page: Chromium's fake capture device, fed a video file whose
picture is the QR code our own encoder makes for a stamp's URI."""

import base64
import io
import os

import pytest
from django.urls import reverse
from PIL import Image

from banso.common.qrcode import qr_png
from banso.conftest import CHROMIUM, browser_sign_in
from banso.stamps import printing
from banso.stamps.models import StampStatus

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN"}
VIDEO_SIZE = (640, 480)


@pytest.fixture
def run(transactional_db, make_run, product, lot):
    return make_run(product, quantity=3, lot=lot, status=StampStatus.PRINTED)


def _uri(run, number: int) -> str:
    return printing.stamp_uri(run, run.stamps.get(number=number).serial)


def _signed_in(browser_or_context, live_server, member, **options):
    context = browser_or_context.new_context(**PHONE, **options)
    page = context.new_page()
    browser_sign_in(page, live_server.url, login=member.phone)
    page.goto(live_server.url + reverse("stamps:activate"))
    return context, page


def _video_of(image: Image.Image, path) -> str:
    """A one-frame YUV4MPEG2 video (what Chromium's fake camera plays, in a loop) showing
    ``image`` in the middle of a white picture."""
    width, height = VIDEO_SIZE
    picture = Image.new("L", VIDEO_SIZE, 255)
    picture.paste(image.convert("L"), ((width - image.width) // 2, (height - image.height) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        video.write(b"FRAME\n" + picture.tobytes() + chroma + chroma)
    return str(path)


def test_without_javascript_the_list_is_typed_and_sent(live_server, browser, coop_member, run, lot):
    context, page = _signed_in(browser, live_server, coop_member, java_script_enabled=False)
    try:
        assert not page.is_visible("#scanner")
        page.select_option("#id_lot", str(lot.pk))
        page.fill("#id_serials", "\n".join([_uri(run, 1), run.stamps.get(number=2).serial]))
        with page.expect_navigation():
            page.click("#activate-serials button[type=submit]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
    activated = set(
        run.stamps.filter(status=StampStatus.ACTIVATED).values_list("number", flat=True)
    )
    assert activated == {1, 2}


def test_with_javascript_the_scanner_appears_and_decodes_our_stamp_qr(
    live_server, browser, coop_member, run
):
    uri = _uri(run, 1)
    image = "data:image/png;base64," + base64.b64encode(qr_png(uri, scale=4)).decode()
    context, page = _signed_in(browser, live_server, coop_member)
    try:
        assert page.is_visible("#scanner")
        assert page.is_visible("#scanner [data-scan-start]")
        assert page.text_content("#scanner [data-scan-start]").strip() == "Quét bằng camera"
        assert page.text_content("#scanner [data-scan-count]") == "0"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # The page's own decoding path, given our encoder's QR code of a stamp's URI.
        decoded = page.evaluate(
            """async (source) => {
              const image = new Image();
              image.src = source;
              await image.decode();
              const canvas = document.createElement("canvas");
              canvas.width = image.width; canvas.height = image.height;
              canvas.getContext("2d").drawImage(image, 0, 0);
              const scanner = window.bansoStampScanner;
              return {
                chosen: await scanner.decode(canvas),
                engine: await scanner.engineName(),
                bundled: await scanner.decode(canvas, {engine: "jsQR"}),
                jsQRLoaded: typeof window.jsQR === "function",
              };
            }""",
            image,
        )
        assert decoded["chosen"] == [uri]
        assert decoded["bundled"] == [uri]
        assert decoded["engine"] in ("BarcodeDetector", "jsQR")
        assert decoded["jsQRLoaded"] is True  # served from our static files, not a CDN
        # Typing keeps counting: two lines of one serial are one stamp.
        serial = run.stamps.get(number=2).serial
        page.fill("#id_serials", f"{serial}\n{_uri(run, 2)}\n")
        page.dispatch_event("#id_serials", "input")
        assert page.text_content("#scanner [data-scan-count]") == "1"
        # Voiding by scanning has the same scanner.
        page.goto(live_server.url + reverse("stamps:void"))
        assert page.is_visible("#scanner [data-scan-start]")
    finally:
        context.close()


def test_the_camera_reads_a_stamp_once_and_the_form_activates_it(
    live_server, browser, coop_member, run, lot, tmp_path
):
    uri = _uri(run, 3)
    code = Image.open(io.BytesIO(qr_png(uri, scale=6)))
    video = _video_of(code, tmp_path / "stamp.y4m")
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context, page = _signed_in(camera_browser, live_server, coop_member)
        context.grant_permissions(["camera"], origin=live_server.url)
        page.select_option("#id_lot", str(lot.pk))
        page.click("#scanner [data-scan-start]")
        page.wait_for_selector(
            "#scanner video:not([hidden]), #scanner [data-scan-status]:not(:empty)"
        )
        assert page.text_content("#scanner [data-scan-status]") == ""  # the camera opened
        # The same code stays in front of the camera frame after frame: it is added once.
        # (Polled with evaluate: the page's policy forbids the eval that wait_for_function uses.)
        for _attempt in range(150):
            if page.evaluate("window.bansoStampScanner.reads") >= 3:
                break
            page.wait_for_timeout(200)
        assert page.evaluate("window.bansoStampScanner.reads") >= 3
        assert page.input_value("#id_serials").split() == [uri]
        assert page.text_content("#scanner [data-scan-count]") == "1"
        with page.expect_navigation():
            page.click("#activate-serials button[type=submit]")
        assert page.url == live_server.url + reverse("stamps:activate")
    finally:
        camera_browser.close()
    assert run.stamps.get(number=3).status == StampStatus.ACTIVATED
    assert run.stamps.filter(status=StampStatus.ACTIVATED).count() == 1

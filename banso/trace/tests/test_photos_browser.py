"""What a phone really downloads for a trace page with a phone photo, in headless Chromium."""

import os

import pytest

from banso.common.tasks import picture_renditions_task
from banso.common.tests.uploads_support import phone_photo_upload
from banso.trace.models import EventEvidence
from banso.trace.services.steps import step_harvest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PAGE_IMAGES_BUDGET = 200_000


@pytest.mark.parametrize("pixel_ratio", [1, 3])
def test_a_phone_downloads_a_small_copy_of_the_photo(
    live_server, browser, lot, coop_member, settings, tmp_path, pixel_ratio
):
    settings.MEDIA_ROOT = tmp_path
    step_harvest(actor=coop_member, lot=lot, quantity=1200, photos=[phone_photo_upload()])
    evidence = EventEvidence.objects.get(event__lot=lot)
    picture_renditions_task.call(
        model="trace.EventEvidence", pk=evidence.pk, field="photo", name=evidence.photo.name
    )
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=pixel_ratio, locale="vi-VN"
    )
    page = context.new_page()
    images: dict[str, int] = {}
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "image"
            and images.__setitem__(response.url, len(response.body()))
        ),
    )
    try:
        page.goto(f"{live_server.url}/t/{lot.product.gtin}/{lot.code}/")
        page.locator("#journey img").scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        assert page.locator("#journey img").evaluate("img => img.complete && img.naturalWidth") > 0
    finally:
        context.close()
    assert len(images) == 1
    (address,) = images
    assert address.endswith(".320w.webp")  # 96 CSS px × 3 device px: the 320 px copy
    assert sum(images.values()) < PAGE_IMAGES_BUDGET

"""Photos of a lot's steps and of a product: stored re-encoded, shown as small copies."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from banso.common.tasks import picture_renditions_task
from banso.common.tests.uploads_support import (
    GPS_IFD,
    huge_png,
    images_weight,
    page_images,
    phone_photo_upload,
)
from banso.trace.models import EventEvidence, ProductPhoto

pytestmark = pytest.mark.django_db

PAGE_IMAGES_BUDGET = 200_000  # bytes of every picture the trace page names


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    return tmp_path


def _harvest_with_photo(client, lot, captured):
    with captured(execute=True):
        response = client.post(
            reverse("trace:lot-step", args=[lot.pk, "harvest"]),
            {
                "time": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "unit": lot.harvest_unit_id,
                "village": "",
                "note": "",
                "quantity": "1200",
                "photo": phone_photo_upload(),
            },
        )
    assert response.status_code == 302
    return EventEvidence.objects.get(event__lot=lot)


def _run_queued_renditions() -> int:
    """Run the picture tasks queued so far, as the worker would."""
    queued = DBTaskResult.objects.filter(task_path__endswith="picture_renditions_task")
    for result in queued:
        picture_renditions_task.call(**result.args_kwargs["kwargs"])
    return queued.count()


def _page(client, lot) -> str:
    client.logout()
    cache.clear()
    return client.get(f"/t/{lot.product.gtin}/{lot.code}/").content.decode()


def test_a_phone_photo_is_stored_without_gps_and_the_page_shows_only_small_copies(
    client, coop_member, lot, media_root, django_capture_on_commit_callbacks
):
    client.force_login(coop_member)
    evidence = _harvest_with_photo(client, lot, django_capture_on_commit_callbacks)
    name = evidence.photo.name
    assert re.fullmatch(r"trace/evidence/\d+/[0-9a-f]{32}\.jpg", name)
    with Image.open(media_root / name) as stored:
        assert stored.size == (4000, 3000)
        assert not stored.getexif() and not stored.getexif().get_ifd(GPS_IFD)
    original_bytes = (media_root / name).stat().st_size
    assert original_bytes > 1_000_000  # what the page showed before: a phone photo

    # Before the worker runs, the page already has the narrow copy made with the upload.
    html = _page(client, lot)
    assert name not in html
    assert page_images(html) == [
        f"/media/{name[:-4]}.320w.webp",
        f"/media/{name[:-4]}.320w.webp",
    ]

    assert _run_queued_renditions() == 1
    html = _page(client, lot)
    tag = re.search(r"<img [^>]*>", html)
    assert tag is not None
    assert 'sizes="96px"' in tag.group() and 'width="96" height="96"' in tag.group()
    addresses = page_images(html)
    assert {address.rsplit(".", 2)[-2] for address in addresses} == {"320w", "640w", "960w"}
    assert all(address.endswith(".webp") and name not in address for address in addresses)
    assert images_weight(client, html) < PAGE_IMAGES_BUDGET


def test_the_renditions_task_is_queued_once_the_upload_commits(
    client, coop_member, lot, django_capture_on_commit_callbacks
):
    client.force_login(coop_member)
    evidence = _harvest_with_photo(client, lot, django_capture_on_commit_callbacks)
    queued = DBTaskResult.objects.get(task_path__endswith="picture_renditions_task")
    assert queued.args_kwargs["kwargs"] == {
        "model": "trace.EventEvidence",
        "pk": evidence.pk,
        "field": "photo",
        "name": evidence.photo.name,
    }
    assert evidence.renditions == [{"width": 320, "height": 240}]
    _run_queued_renditions()
    evidence.refresh_from_db()
    assert [r["width"] for r in evidence.renditions] == [320, 640, 960]


def test_a_picture_of_too_many_pixels_is_refused_in_the_users_language(
    client, coop_member, product
):
    client.force_login(coop_member)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("trace:product-photo-add", args=[product.pk]),
        {"image": SimpleUploadedFile("poster.png", huge_png(), content_type="image/png")},
        headers={"accept-language": "vi"},
        follow=True,
    )
    page = response.content.decode()
    assert "9400 × 9400 điểm ảnh" in page
    assert not ProductPhoto.objects.exists()


def test_removing_a_photo_removes_its_copies(coop_member, product, media_root):
    from banso.trace.services.products import product_photo_add

    photo = product_photo_add(actor=coop_member, product=product, image=phone_photo_upload())
    picture_renditions_task.call(
        model="trace.ProductPhoto", pk=photo.pk, field="image", name=photo.image.name
    )
    photo.refresh_from_db()
    folder = (media_root / photo.image.name).parent
    assert len(list(folder.iterdir())) == 4  # the photo and its three copies
    photo.image.delete(save=False)
    assert list(folder.iterdir()) == []


def test_photos_stored_before_are_stored_again_by_the_refresh_command(
    coop_member, product, media_root, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from banso.common.tests.uploads_support import phone_photo

    old = default_storage.save(
        f"trace/products/{product.pk}/IMG_0001.jpg", ContentFile(phone_photo((800, 600)))
    )
    photo = ProductPhoto.objects.create(product=product, image=old)
    assert photo.renditions == []
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("uploads_refresh", stdout=out)
    assert "1 stored again" in out.getvalue()
    photo.refresh_from_db()
    assert re.fullmatch(rf"trace/products/{product.pk}/[0-9a-f]{{32}}\.jpg", photo.image.name)
    assert [r["width"] for r in photo.renditions] == [320, 640, 800]
    assert not default_storage.exists(old)
    with Image.open(media_root / photo.image.name) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)

    out = StringIO()
    call_command("uploads_refresh", stdout=out)
    assert "0 stored again, 0 copies made" in out.getvalue()


def test_the_refresh_command_completes_copies_the_worker_never_made(
    client, coop_member, lot, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    client.force_login(coop_member)
    evidence = _harvest_with_photo(client, lot, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # the worker never ran
    name = evidence.photo.name
    out = StringIO()
    call_command("uploads_refresh", stdout=out)
    assert "1 copies made" in out.getvalue()
    evidence.refresh_from_db()
    assert evidence.photo.name == name
    assert [r["width"] for r in evidence.renditions] == [320, 640, 960]


def test_the_worker_makes_the_wider_copies_after_the_upload_commits(
    run_worker, coop_member, product, media_root
):
    from banso.trace.services.products import product_photo_add

    photo = product_photo_add(actor=coop_member, product=product, image=phone_photo_upload())
    assert photo.renditions == [{"width": 320, "height": 240}]
    run_worker()
    photo.refresh_from_db()
    assert [r["width"] for r in photo.renditions] == [320, 640, 960]
    assert (media_root / photo.image.name.replace(".jpg", ".960w.webp")).exists()

"""Listing and shop photos: uploaded as phone photos, shown as small copies only."""

import re

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult
from PIL import Image

from banso.common.tasks import picture_renditions_task
from banso.common.tests.uploads_support import (
    GPS_IFD,
    images_weight,
    page_images,
    phone_photo_upload,
)
from banso.market.models import ListingPhoto

pytestmark = pytest.mark.django_db

PAGE_IMAGES_BUDGET = 200_000  # bytes of every picture the listing page names


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    return tmp_path


def test_a_listing_page_shows_small_copies_of_a_phone_photo(
    client, coop_member, listing, media_root, django_capture_on_commit_callbacks
):
    client.force_login(coop_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/market/manage/listings/{listing.pk}/photos/",
            {"image": phone_photo_upload(), "caption": "Hộp 5 kg"},
        )
    assert response.status_code == 302
    photo = ListingPhoto.objects.get(listing=listing)
    name = photo.image.name
    assert re.fullmatch(rf"market/listings/{listing.pk}/[0-9a-f]{{32}}\.jpg", name)
    with Image.open(media_root / name) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)

    for queued in DBTaskResult.objects.filter(task_path__endswith="picture_renditions_task"):
        picture_renditions_task.call(**queued.args_kwargs["kwargs"])
    client.logout()
    html = client.get(f"/market/p/{listing.pk}/").content.decode()
    gallery = re.search(r'<ul class="gallery">.*?</ul>', html, re.S)
    assert gallery is not None
    assert "srcset=" in gallery.group() and 'sizes="' in gallery.group()
    addresses = page_images(html)
    assert addresses and all(address.endswith(".webp") for address in addresses)
    assert all(name not in address for address in addresses)
    assert images_weight(client, html) < PAGE_IMAGES_BUDGET

"""Photos of a visit: sent by the phone after the record, stored once whatever the retries,
without their GPS position, and shown only to those who read the record."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from banso.common.tests.uploads_support import GPS_IFD, phone_photo_upload
from banso.conftest import PASSWORD
from banso.teams.models import HelpPhoto
from banso.teams.services.help import help_record
from banso.teams.tests.makers import help_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def record(leader, member_user):
    return help_record(actor=member_user, data=help_data(leader))


def _send(client, client_id, upload):
    return client.post(
        f"/api/teams/help/{client_id}/photos", {"image": upload, "caption": "Cài VNeID"}
    )


def test_a_photo_sent_twice_is_stored_once_without_its_position(
    client, member_user, record, media_root
):
    client.login(username=member_user.phone, password=PASSWORD)
    first = _send(client, record.client_id, phone_photo_upload(size=(800, 600)))
    assert first.status_code == 200, first.content
    again = _send(client, record.client_id, phone_photo_upload(size=(800, 600)))
    assert again.json() == first.json()
    photo = HelpPhoto.objects.get()
    assert photo.image.name.startswith("teams/help/")
    with Image.open(media_root / photo.image.name) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)
    # Shown through the guarded view only, never at its media address.
    width = photo.image.renditions[0]["width"]
    shown = client.get(reverse("teams:help-photo", args=[photo.pk, width]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/webp"
    assert client.get("/media/" + photo.image.name).status_code == 404
    page = client.get(reverse("teams:team-detail", args=[record.team_id])).content.decode()
    assert reverse("teams:help-photo", args=[photo.pk, width]) in page


def test_others_neither_send_nor_see_photos(client, other_commune_officer, member_user, record):
    client.login(username=member_user.phone, password=PASSWORD)
    _send(client, record.client_id, phone_photo_upload(size=(800, 600)))
    photo = HelpPhoto.objects.get()
    width = photo.image.renditions[0]["width"]
    client.login(username=other_commune_officer.phone, password=PASSWORD)
    refused = _send(client, record.client_id, phone_photo_upload(size=(640, 480)))
    assert refused.status_code == 404
    assert client.get(reverse("teams:help-photo", args=[photo.pk, width])).status_code == 404
    assert HelpPhoto.objects.count() == 1


def test_what_is_no_picture_is_refused(client, member_user, record):
    client.login(username=member_user.phone, password=PASSWORD)
    fake = SimpleUploadedFile("a.jpg", b"<html>no</html>", content_type="image/jpeg")
    refused = _send(client, record.client_id, fake)
    assert refused.status_code == 400
    assert "image" in refused.json()["detail"]
    assert _send(client, uuid.uuid4(), phone_photo_upload(size=(640, 480))).status_code == 404
    assert not HelpPhoto.objects.exists()

"""Hosts' photos of their stays, room types and tours: re-encoded on the way in, in upload
order, limited in number, removed with their files, and only by the host's organisation."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from banso.tourism.models import LodgingPhoto, TourPhoto
from banso.tourism.services import photos
from banso.tourism.services.photos import lodging_photo_add, photo_delete, tour_photo_add
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.makers import png_upload

pytestmark = pytest.mark.django_db
homestay, room, other_room, trek = (
    host_fixtures.homestay,
    host_fixtures.room,
    host_fixtures.other_room,
    host_fixtures.trek,
)


def _jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (22.0, 32.0, 10.0)}  # GPSInfo: the farm's latitude
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 80, 40)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_host_adds_photos_in_order_stripped_of_their_position(coop_member, homestay, room):
    first = lodging_photo_add(
        actor=coop_member, lodging=homestay, image=_jpeg_with_gps(), caption="  Nhà   sàn "
    )
    second = lodging_photo_add(
        actor=coop_member, lodging=homestay, image=png_upload(), room_type=room
    )
    assert (first.position, second.position) == (0, 1)
    assert first.caption == "Nhà sàn"
    assert second.room_type == room
    assert "IMG_0001" not in first.image.name
    with first.image.open("rb"), Image.open(first.image) as stored:
        assert stored.getexif().get(0x8825) is None
    assert first.renditions, "the smallest copy is made at once"


def test_a_room_type_of_another_stay_is_refused(coop_member, homestay, other_room):
    with pytest.raises(ValidationError) as error:
        lodging_photo_add(
            actor=coop_member, lodging=homestay, image=png_upload(), room_type=other_room
        )
    assert "room_type" in error.value.message_dict
    assert not LodgingPhoto.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused_on_the_image_field(coop_member, trek):
    fake = SimpleUploadedFile("photo.jpg", b"not a picture at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        tour_photo_add(actor=coop_member, tour=trek, image=fake)
    assert "image" in error.value.message_dict
    assert not TourPhoto.objects.exists()


def test_only_the_organisation_adds_or_removes_photos(coop_member, other_coop_member, trek):
    with pytest.raises(PermissionDenied):
        tour_photo_add(actor=other_coop_member, tour=trek, image=png_upload())
    photo = tour_photo_add(actor=coop_member, tour=trek, image=png_upload())
    with pytest.raises(PermissionDenied):
        photo_delete(actor=other_coop_member, photo=photo)
    assert TourPhoto.objects.filter(pk=photo.pk).exists()


def test_removing_a_photo_removes_its_files(coop_member, trek):
    photo = tour_photo_add(actor=coop_member, tour=trek, image=png_upload(size=(700, 500)))
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)
    photo_delete(actor=coop_member, photo=photo)
    assert not TourPhoto.objects.filter(pk=photo.pk).exists()
    assert not storage.exists(name)


def test_a_listing_keeps_a_bounded_number_of_photos(coop_member, trek, monkeypatch):
    monkeypatch.setattr(photos, "MAX_PHOTOS", 2)
    tour_photo_add(actor=coop_member, tour=trek, image=png_upload())
    tour_photo_add(actor=coop_member, tour=trek, image=png_upload())
    with pytest.raises(ValidationError) as error:
        tour_photo_add(actor=coop_member, tour=trek, image=png_upload())
    assert error.value.error_dict["image"][0].code == "too_many_photos"
    assert TourPhoto.objects.filter(tour=trek).count() == 2

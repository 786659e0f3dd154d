"""Pictures are re-encoded under a server-chosen name, capped in pixels, and shown resized."""

import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from PIL import Image

from banso.common.pictures import (
    picture_encode,
    rendition_name,
    rendition_widths,
    renditions_save,
)
from banso.common.tests.uploads_support import (
    GPS_IFD,
    huge_png,
    phone_photo,
    phone_photo_upload,
)
from banso.common.uploads import validate_image, validate_pixels


def _refusal(upload) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_image(upload)
    return caught.value


def test_a_phone_photo_is_stored_upright_without_its_exif_under_a_new_name():
    # Orientation 6: the sensor's picture must be turned 90° clockwise to stand up.
    upload = phone_photo_upload("IMG_0001.jpg", size=(800, 600), orientation=6)
    with Image.open(upload) as sent:
        assert sent.getexif().get_ifd(GPS_IFD)  # the phone wrote where the farm is
    upload.seek(0)
    encoded = picture_encode(upload)
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", encoded.content.name)
    stored = Image.open(BytesIO(encoded.content.read()))
    assert stored.format == "JPEG"
    assert stored.size == (600, 800)
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert "exif" not in stored.info and "xmp" not in stored.info


def test_bytes_after_the_picture_do_not_survive():
    upload = phone_photo_upload(size=(64, 48))
    tail = b"<html><script>alert(1)</script></html>"
    crafted = SimpleUploadedFile("photo.jpg", upload.read() + tail)
    assert tail not in picture_encode(crafted).content.read()


def test_a_transparent_png_stays_a_transparent_png():
    buffer = BytesIO()
    Image.new("RGBA", (40, 20), (200, 30, 30, 0)).save(buffer, "PNG")
    encoded = picture_encode(SimpleUploadedFile("logo.webp", buffer.getvalue()))
    assert encoded.content.name.endswith(".png")
    stored = Image.open(BytesIO(encoded.content.read()))
    assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0


def test_a_png_of_9400_by_9400_pixels_is_refused_with_a_clear_message():
    data = huge_png()
    assert len(data) < 200_000  # a small file …
    with translation.override("en"):
        error = _refusal(SimpleUploadedFile("poster.png", data))
    assert error.code == "too_many_pixels"
    assert error.messages == [
        "This picture is 9400 × 9400 pixels; the largest accepted is 50 megapixels. "
        "Please upload a smaller photo."
    ]
    with translation.override("vi"):
        vietnamese = _refusal(SimpleUploadedFile("poster.png", data)).messages[0]
    assert "9400 × 9400" in vietnamese and "50" in vietnamese
    assert vietnamese != error.messages[0]


def test_the_largest_phone_photos_pass_the_pixel_cap():
    validate_pixels(8160, 6120)  # a 50 MP sensor's full picture
    validate_pixels(4000, 3000)
    with pytest.raises(ValidationError):
        validate_pixels(8200, 6200)


@override_settings(MAX_IMAGE_PIXELS=1_000_000)
def test_the_pixel_cap_is_a_setting():
    assert _refusal(phone_photo_upload(size=(1200, 900))).code == "too_many_pixels"
    validate_image(phone_photo_upload(size=(1000, 1000)))


def test_renditions_are_never_wider_than_the_picture():
    assert rendition_widths(4000) == [320, 640, 960]
    assert rendition_widths(500) == [320, 500]
    assert rendition_widths(200) == [200]


def test_renditions_are_small_webp_files_named_after_the_picture(tmp_path):
    storage = FileSystemStorage(tmp_path)
    image = Image.open(BytesIO(phone_photo()))
    made = renditions_save(image, name="p/abc.jpg", storage=storage, widths=[320, 640, 960])
    assert made == [
        {"width": 320, "height": 240},
        {"width": 640, "height": 480},
        {"width": 960, "height": 720},
    ]
    for rendition in made:
        name = rendition_name("p/abc.jpg", rendition["width"])
        assert name == f"p/abc.{rendition['width']}w.webp"
        with storage.open(name) as file, Image.open(file) as copy:
            assert copy.format == "WEBP"
            assert copy.size == (rendition["width"], rendition["height"])
        assert storage.size(name) < 60_000
    # Again: nothing is made twice.
    assert renditions_save(image, name="p/abc.jpg", storage=storage, widths=[320]) == made[:1]
    assert sorted(path.name for path in (tmp_path / "p").iterdir()) == [
        "abc.320w.webp",
        "abc.640w.webp",
        "abc.960w.webp",
    ]


class _Stored:
    """What the tag reads of a stored picture: its name, storage and renditions."""

    def __init__(self, name, renditions):
        self.name, self.renditions = name, renditions
        self.storage = FileSystemStorage(base_url="/media/")

    def __bool__(self):
        return True


def _render(stored, **options) -> str:
    arguments = " ".join(f'{key}="{value}"' for key, value in options.items())
    template = Template("{% load pictures %}{% picture file " + arguments + " %}")
    return template.render(Context({"file": stored}))


def test_the_picture_tag_names_the_copies_never_the_original():
    stored = _Stored(
        "trace/evidence/1/abc.jpg",
        [{"width": 320, "height": 240}, {"width": 640, "height": 480}],
    )
    html = _render(stored, alt="Vườn quýt", sizes="96px")
    assert html == (
        '<img src="/media/trace/evidence/1/abc.320w.webp" srcset="/media/trace/evidence/1/'
        'abc.320w.webp 320w, /media/trace/evidence/1/abc.640w.webp 640w" sizes="96px" '
        'width="320" height="240" alt="Vườn quýt" loading="lazy" decoding="async">'
    )
    assert "abc.jpg" not in html


def test_a_picture_without_copies_shows_an_empty_box_not_the_original():
    template = Template("{% load pictures %}{% picture file alt=caption width=96 height=96 %}")
    stored = _Stored("trace/evidence/1/old-upload.jpg", [])
    html = template.render(Context({"file": stored, "caption": "<b>"}))
    assert "old-upload" not in html and "<img" not in html
    assert 'aria-label="&lt;b&gt;"' in html
    assert "width:96px;height:96px" in html  # the box the page lays the picture in


def test_a_cmyk_scan_is_stored_as_an_rgb_jpeg():
    buffer = BytesIO()
    Image.new("CMYK", (60, 40), (0, 200, 200, 0)).save(buffer, "JPEG")
    encoded = picture_encode(SimpleUploadedFile("scan.jpg", buffer.getvalue()))
    stored = Image.open(BytesIO(encoded.content.read()))
    assert stored.mode == "RGB" and "icc_profile" not in stored.info
    red, green, blue = stored.getpixel((30, 20))
    assert red > 200 and green < 120 and blue < 120

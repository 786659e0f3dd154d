"""Upload checks: only real pictures and PDFs, within the size limit."""

import os
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from banso.common.uploads import validate_document, validate_image, validate_upload_size


def _picture(image_format: str, size: tuple[int, int] = (48, 32)) -> bytes:
    """A noisy picture, so that compression leaves enough bytes to cut in the middle."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _code(check, upload) -> str | None:
    with pytest.raises(ValidationError) as caught:
        check(upload)
    return caught.value.code


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_a_real_picture_is_accepted_and_can_be_read_again(image_format):
    data = _picture(image_format)
    upload = _upload(data)
    validate_image(upload)
    assert upload.tell() == 0
    assert upload.read() == data


def test_random_bytes_are_not_a_picture():
    assert _code(validate_image, _upload(os.urandom(4096))) == "unreadable_image"


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_picture_is_refused(image_format, keep):
    data = _picture(image_format)
    cut = _upload(data[: int(len(data) * keep)])
    assert _code(validate_image, cut) == "unreadable_image"


def test_a_picture_with_a_damaged_chunk_is_refused():
    data = bytearray(_picture("PNG"))
    data[len(data) // 2] ^= 0xFF
    assert _code(validate_image, _upload(bytes(data))) == "unreadable_image"


def test_a_picture_in_another_format_is_refused():
    assert _code(validate_image, _upload(_picture("GIF"), "photo.gif")) == "image_format"
    assert _code(validate_image, _upload(_picture("BMP"), "photo.bmp")) == "image_format"


def test_a_tiny_file_claiming_billions_of_pixels_is_refused_without_decoding():
    data = bytearray(_picture("PNG", (1, 1)))
    # IHDR: 4 bytes length, "IHDR", width and height, ...; its CRC follows its 13 data bytes.
    data[16:24] = struct.pack(">II", 60_000, 60_000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    assert _code(validate_image, _upload(bytes(data))) == "unreadable_image"


def test_a_document_may_be_a_pdf():
    upload = _upload(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "certificate.pdf")
    validate_document(upload)
    assert upload.tell() == 0


def test_a_document_may_be_a_photo_of_the_paper():
    validate_document(_upload(_picture("JPEG"), "certificate.jpg"))


@pytest.mark.parametrize(
    "data",
    [b"%PDF", b"PDF-1.7 ...", b"<html>%PDF-</html>", os.urandom(512)],
    ids=["short-header", "no-percent", "header-later", "random-bytes"],
)
def test_a_document_that_is_neither_pdf_nor_picture_is_refused(data):
    assert _code(validate_document, _upload(data, "certificate.pdf")) == "unreadable_image"


@override_settings(MAX_UPLOAD_BYTES=1024)
def test_files_over_the_size_limit_are_refused():
    pdf = b"%PDF-1.7\n" + b"0" * 1024
    assert _code(validate_upload_size, _upload(pdf, "big.pdf")) == "too_large"
    assert _code(validate_document, _upload(pdf, "big.pdf")) == "too_large"
    assert _code(validate_image, _upload(_picture("PNG", (64, 64)))) == "too_large"


@override_settings(MAX_UPLOAD_BYTES=1024)
def test_files_at_the_size_limit_are_accepted():
    validate_upload_size(_upload(b"x" * 1024))
    validate_document(_upload(b"%PDF-" + b"0" * 1019, "exact.pdf"))

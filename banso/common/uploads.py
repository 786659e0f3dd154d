"""Uploaded files: the checks (size, type, a picture that decodes and is not too large), and the
names and content types they are stored and served under.

The server never keeps the uploader's file name or extension: a file is stored under a random
name with the extension of the type its first bytes show (``.pdf``, ``.jpg``, ``.png``,
``.webp``), and is served with the content type of that extension. A "PDF" called ``cert.html``
is stored as ``….pdf`` and downloaded as one, never shown as a page of this site.
"""

import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow's format name → the extension a picture of that format is stored under.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PDF_MAGIC = b"%PDF-"

# Stored extension → (content type, served as a download). Anything else is served as an
# opaque download (files stored before names were chosen by the server).
CONTENT_TYPES = {
    "jpg": ("image/jpeg", False),
    "png": ("image/png", False),
    "webp": ("image/webp", False),
    "pdf": ("application/pdf", True),
    "mp3": ("audio/mpeg", False),
}
UNKNOWN_CONTENT_TYPE = ("application/octet-stream", True)


def content_type_for(name: str) -> tuple[str, bool]:
    """The content type a stored file is served with, and whether it is served as a download."""
    extension = name.rpartition(".")[2].lower() if "." in name.rpartition("/")[2] else ""
    return CONTENT_TYPES.get(extension, UNKNOWN_CONTENT_TYPE)


def stored_name(extension: str) -> str:
    """A fresh name for a stored file: 128 random bits, so that one upload's address tells
    nothing of another's, and the extension of its sniffed type."""
    return f"{secrets.token_hex(16)}.{extension}"


def validate_upload_size(upload) -> None:
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
            },
            code="too_large",
        )


def validate_pixels(width: int, height: int) -> None:
    """Refuse a picture of more pixels than ``MAX_IMAGE_PIXELS``: a few KB of PNG can declare a
    picture that takes gigabytes to decode."""
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "This picture is %(width)s × %(height)s pixels; the largest accepted is "
                "%(limit)s megapixels. Please upload a smaller photo."
            )
            % {
                "width": width,
                "height": height,
                "limit": settings.MAX_IMAGE_PIXELS // 1_000_000,
            },
            code="too_many_pixels",
        )


@contextmanager
def picture_errors() -> Iterator[None]:
    """Turn whatever a damaged or hostile picture makes Pillow raise into one clear refusal."""
    try:
        with warnings.catch_warnings():
            # A few bytes can declare a picture of billions of pixels: refuse, do not decode.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ValidationError(
            _("This file is not a readable picture. Please upload a JPEG, PNG or WebP photo."),
            code="unreadable_image",
        ) from error


def validate_picture_header(image: Image.Image) -> None:
    """What the first bytes tell: the format, and the size in pixels (before any decoding)."""
    if image.format not in IMAGE_FORMATS:
        raise ValidationError(_("Pictures must be JPEG, PNG or WebP."), code="image_format")
    validate_pixels(*image.size)


def validate_image(upload) -> None:
    """Refuse a file that is not a JPEG, PNG or WebP picture that decodes in full, or that has
    more pixels than the limit."""
    validate_upload_size(upload)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with picture_errors():
            with Image.open(upload) as image:
                validate_picture_header(image)
                image.verify()
            upload.seek(position)
            with Image.open(upload) as image:
                image.load()  # verify() checks PNG chunks but passes a JPEG cut off half way
    finally:
        upload.seek(position)


def is_pdf(upload) -> bool:
    """Whether the file starts like a PDF (its type, whatever its name says)."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    head = upload.read(len(PDF_MAGIC))
    upload.seek(position)
    return head == PDF_MAGIC


def validate_document(upload) -> None:
    """A scan of a paper document: a picture, or a PDF that starts like one."""
    validate_upload_size(upload)
    if is_pdf(upload):
        return
    validate_image(upload)

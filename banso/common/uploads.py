"""Checks for uploaded files: size, type and, for images, that they really decode."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


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


def validate_image(upload) -> None:
    """Refuse a file that is not a JPEG, PNG or WebP picture that decodes in full."""
    validate_upload_size(upload)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with warnings.catch_warnings():
            # A few bytes can declare a picture of billions of pixels: refuse, do not decode.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
            upload.seek(position)
            with Image.open(upload) as image:
                image.load()  # verify() checks PNG chunks but passes a JPEG cut off half way
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
    finally:
        upload.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Pictures must be JPEG, PNG or WebP."),
            code="image_format",
        )


def validate_document(upload) -> None:
    """A scan of a paper document: a picture, or a PDF that starts like one."""
    validate_upload_size(upload)
    position = upload.tell() if hasattr(upload, "tell") else 0
    head = upload.read(5)
    upload.seek(position)
    if head == b"%PDF-":
        return
    validate_image(upload)

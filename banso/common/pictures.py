"""Pictures as they are stored and shown: re-encoded on upload, and shown only as resized copies.

An uploaded picture is decoded, turned upright by its EXIF orientation, and encoded again in its
own format under a name the server chooses. Nothing of the file but its pixels and colour profile
survives: no EXIF (a phone photo carries the GPS position of the farm, the phone's serial), no
XMP, no comments, and nothing a crafted file may have hidden after the picture.

Pages never show the stored picture: they show WebP copies ("renditions") at a few widths with
``srcset``, so a phone downloads a few dozen KB instead of a 5 MB photo. The narrowest copy is
made at once, while the upload is still decoded in memory (about 20 ms), so a page has a small
picture to show from the first moment even when no worker runs; the wider ones are made by a
background task after the upload commits. A copy's name follows from the stored picture's name
and its width, so a page needs no file look-up to name it; the widths made are kept on the row.
"""

from dataclasses import dataclass
from io import BytesIO

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageOps

from banso.common.uploads import (
    IMAGE_FORMATS,
    picture_errors,
    stored_name,
    validate_picture_header,
    validate_upload_size,
)

# Widths of the copies pages show. The widest picture on a page is about 300 CSS pixels (a
# gallery photo, a listing card), so 960 covers a screen of 3 device pixels per CSS pixel.
RENDITION_WIDTHS = (320, 640, 960)
RENDITION_QUALITY = 78
STORED_JPEG_QUALITY = 85


@dataclass
class EncodedPicture:
    """A picture ready to store: its new bytes and name, and the decoded, upright image."""

    content: ContentFile
    image: Image.Image


def picture_encode(upload) -> EncodedPicture:
    """Check ``upload`` and encode it again, upright and without metadata, under a fresh name."""
    validate_upload_size(upload)
    upload.seek(0)
    with picture_errors(), Image.open(upload) as source:
        validate_picture_header(source)
        image_format, source_mode = source.format or "", source.mode
        icc_profile = source.info.get("icc_profile")
        image = ImageOps.exif_transpose(source)  # decoded, turned as the EXIF says
    upload.seek(0)
    # EXIF, XMP, comments: nothing is carried over but a palette's transparent colour.
    image.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    extension = IMAGE_FORMATS[image_format]
    if source_mode == "CMYK" or source_mode.startswith("I"):
        icc_profile = None  # a print or 16-bit profile would not describe the converted pixels
    buffer = BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(
            buffer,
            "JPEG",
            quality=STORED_JPEG_QUALITY,
            optimize=True,
            icc_profile=icc_profile,
        )
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(buffer, "PNG", icc_profile=icc_profile)
    else:
        image = _web_mode(image)
        image.save(buffer, "WEBP", quality=STORED_JPEG_QUALITY, icc_profile=icc_profile or "")
    return EncodedPicture(
        content=ContentFile(buffer.getvalue(), name=stored_name(extension)), image=image
    )


def _web_mode(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = image.mode in ("LA", "PA") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def rendition_name(name: str, width: int) -> str:
    """The stored name of the copy ``width`` pixels wide of the picture stored as ``name``."""
    stem = name.rpartition(".")[0] or name
    return f"{stem}.{width}w.webp"


def rendition_widths(image_width: int) -> list[int]:
    """The widths to make for a picture this wide: never wider than the picture itself."""
    return sorted({min(width, image_width) for width in RENDITION_WIDTHS})


def renditions_save(
    image: Image.Image, *, name: str, storage: Storage, widths: list[int]
) -> list[dict[str, int]]:
    """Make and store WebP copies of ``image`` (stored as ``name``) at ``widths``.

    Returns ``{"width", "height"}`` of each copy. Safe to run again: a copy already stored is
    kept as it is.
    """
    made = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        target = rendition_name(name, width)
        if not storage.exists(target):
            copy = _web_mode(image).resize(
                (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
            buffer = BytesIO()
            copy.save(buffer, "WEBP", quality=RENDITION_QUALITY, method=4)
            storage.save(target, ContentFile(buffer.getvalue()))
        made.append({"width": width, "height": height})
    return made


def renditions_delete(*, name: str, storage: Storage, renditions: list[dict[str, int]]) -> None:
    for rendition in renditions:
        storage.delete(rendition_name(name, rendition["width"]))


def picture_renditions_finish(
    *, model: str, pk: int, field: str, name: str
) -> list[dict[str, int]]:
    """Make the wider copies of the picture stored as ``name`` in ``model.field`` of row ``pk``
    and record them on the row. Does nothing when the row is gone or holds another picture by
    now; safe to run again."""
    model_class = apps.get_model(model)
    renditions_field = model_class._meta.get_field(field).renditions_field
    row = model_class._default_manager.filter(pk=pk, **{field: name}).first()
    if row is None:
        return []
    file = getattr(row, field)
    with file.open("rb"), Image.open(file) as image:
        image.load()
        made = renditions_save(
            image, name=name, storage=file.storage, widths=rendition_widths(image.width)
        )
    model_class._default_manager.filter(pk=pk, **{field: name}).update(**{renditions_field: made})
    return made

"""Photos of stays (and of their room types) and of tours, added and removed by their hosts.

A photo is checked and re-encoded as it is saved (``PictureField``: upright, without EXIF or
GPS, under a name the server chooses), its smallest copy made at once and the wider ones by the
worker. The order is the order of upload; the first photo is the listing's picture on cards and
in previews. A stay or a tour keeps at most ``MAX_PHOTOS`` photos, so that a page stays small
and an upload loop cannot fill the disk.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banso.common.uploads import validate_image
from banso.tourism.models import Lodging, LodgingPhoto, RoomType, Tour, TourPhoto

MAX_PHOTOS = 24


def _require_manage(actor, permission: str, obj) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You may not manage this organisation's stays and tours."))


def _image_check(image, existing: int) -> None:
    if existing >= MAX_PHOTOS:
        message = ngettext(
            "Keep at most %(count)s photo: remove one first.",
            "Keep at most %(count)s photos: remove one first.",
            MAX_PHOTOS,
        ) % {"count": MAX_PHOTOS}
        raise ValidationError({"image": ValidationError(message, code="too_many_photos")})
    try:
        validate_image(image)
    except ValidationError as error:
        raise ValidationError(
            {"image": ValidationError(error.messages, code=error.code)}
        ) from error


def _next_position(photos) -> int:
    last = photos.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def lodging_photo_add(
    *,
    actor,
    lodging: Lodging,
    image,
    caption: str = "",
    room_type: RoomType | None = None,
) -> LodgingPhoto:
    """Add a photo of the stay, or of one of its room types."""
    _require_manage(actor, "tourism.change_lodging", lodging)
    if room_type is not None and room_type.lodging_id != lodging.pk:
        raise ValidationError({"room_type": _("This room type belongs to another stay.")})
    photos = LodgingPhoto.objects.select_for_update().filter(lodging=lodging)
    _image_check(image, photos.count())
    photo = LodgingPhoto(
        lodging=lodging,
        room_type=room_type,
        image=image,
        caption=" ".join(caption.split()),
        position=_next_position(photos),
    )
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def tour_photo_add(*, actor, tour: Tour, image, caption: str = "") -> TourPhoto:
    _require_manage(actor, "tourism.change_tour", tour)
    photos = TourPhoto.objects.select_for_update().filter(tour=tour)
    _image_check(image, photos.count())
    photo = TourPhoto(
        tour=tour, image=image, caption=" ".join(caption.split()), position=_next_position(photos)
    )
    photo.full_clean()
    photo.save()
    return photo


def photo_delete(*, actor, photo: LodgingPhoto | TourPhoto) -> None:
    """Remove a photo of a stay or of a tour, with its file and its resized copies."""
    if isinstance(photo, LodgingPhoto):
        _require_manage(actor, "tourism.change_lodging", photo.lodging)
    else:
        _require_manage(actor, "tourism.change_tour", photo.tour)
    photo.delete()
    photo.image.delete(save=False)

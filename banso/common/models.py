from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.fields import PictureField
from banso.common.uploads import validate_image


class TimeStampedModel(models.Model):
    """Base of every table: when a row was made and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def photo_upload_to(photo: "Photo", filename: str) -> str:
    """Where a gallery photo is stored: its model's folder (``Photo.upload_path``)."""
    return photo.upload_path(filename)


class Photo(TimeStampedModel):
    """A photo of a gallery (a product, a shop, a listing, a place, a stay, a tour): the
    subclass adds what it shows (a foreign key with ``related_name="photos"``) and the folder it
    is stored in (``upload_path``). Its picture is checked, re-encoded on save and shown through
    its resized copies (``renditions``, declared after ``image``: the smallest copy made on save
    is recorded in the same row). Shown by ``position``, then in upload order."""

    image = PictureField(
        _("photo"),
        upload_to=photo_upload_to,
        validators=[validate_image],
        renditions_field="renditions",
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    renditions = models.JSONField(_("resized copies"), default=list, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.image.name)  # saved photos have a file

    def upload_path(self, filename: str) -> str:
        raise NotImplementedError

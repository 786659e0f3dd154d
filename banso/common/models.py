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


def photo_field(upload_to) -> PictureField:
    """The picture of a gallery photo: checked, re-encoded on save and shown through its
    resized copies (``renditions``), stored under ``upload_to``'s folder."""
    return PictureField(
        _("photo"), upload_to=upload_to, validators=[validate_image], renditions_field="renditions"
    )


class Photo(TimeStampedModel):
    """A photo of a gallery (a product, a shop, a listing, a place, a stay, a tour): the
    subclass adds what it shows (a foreign key with ``related_name="photos"``) and its ``image``
    (:func:`photo_field` with its own folder). Shown by ``position``, then in upload order."""

    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    renditions = models.JSONField(_("resized copies"), default=list, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.image.name)  # type: ignore[attr-defined]

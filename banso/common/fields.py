"""Model fields for uploads, so that every door (forms, services, the admin, the API, commands)
stores a file the same way: under a name the server chooses from the sniffed type, pictures
re-encoded (see ``banso.common.pictures``)."""

import enum
import posixpath
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.db.models.signals import post_save

from banso.common.pictures import (
    RENDITION_WIDTHS,
    picture_encode,
    rendition_widths,
    renditions_delete,
    renditions_save,
)
from banso.common.tasks import picture_renditions_task
from banso.common.uploads import is_pdf, stored_name


class PictureFieldFile(ImageFieldFile):
    field: "PictureField"

    @property
    def renditions(self) -> list[dict[str, int]]:
        """The resized copies made so far, narrowest first (empty for a file stored before
        pictures were re-encoded, until ``manage.py uploads_refresh`` runs)."""
        field_name = self.field.renditions_field
        return (getattr(self.instance, field_name, None) or []) if field_name else []

    def delete(self, save: bool = True) -> None:
        if self.name:
            renditions_delete(name=self.name, storage=self.storage, renditions=self.renditions)
        super().delete(save=save)


class PictureField(models.ImageField):
    """A picture, stored re-encoded under a random name (``.jpg``, ``.png`` or ``.webp``).

    With ``renditions_field`` (a ``JSONField`` of the same model declared after this one), the
    narrowest WebP copy is made on save and the wider ones in the background after commit.
    """

    attr_class = PictureFieldFile

    def __init__(self, *args, renditions_field: str | None = None, **kwargs):
        self.renditions_field = renditions_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.renditions_field:
            kwargs["renditions_field"] = self.renditions_field
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # Migrations' historical models ("__fake__") are never saved by the site.
        if self.renditions_field and not cls._meta.abstract and cls.__module__ != "__fake__":
            post_save.connect(self._renditions_enqueue, sender=cls, weak=False)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            encoded = picture_encode(file)
            file.save(encoded.content.name, encoded.content, save=False)
            if self.renditions_field:
                widths = rendition_widths(encoded.image.width)
                # The renditions field is declared after this one, so its value is read after.
                setattr(
                    model_instance,
                    self.renditions_field,
                    renditions_save(
                        encoded.image, name=file.name, storage=file.storage, widths=widths[:1]
                    ),
                )
                model_instance.__dict__.setdefault("_pictures_pending", set()).add(self.attname)
        return file

    def _renditions_enqueue(self, sender, instance, **kwargs) -> None:
        pending = instance.__dict__.get("_pictures_pending", set())
        if self.attname not in pending:
            return
        pending.discard(self.attname)
        arguments = {
            "model": sender._meta.label,
            "pk": instance.pk,
            "field": self.name,
            "name": getattr(instance, self.attname).name,
        }
        transaction.on_commit(lambda: picture_renditions_task.enqueue(**arguments))


class DocumentField(models.FileField):
    """A scan of a paper document: a PDF kept as it is, or a picture re-encoded, stored under a
    random name with the extension of its type (never the uploader's)."""

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            if is_pdf(file):
                file.seek(0)
                file.save(stored_name("pdf"), file.file, save=False)
            else:
                encoded = picture_encode(file)
                file.save(encoded.content.name, encoded.content, save=False)
        return file


SERVER_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp|pdf)")


class Refresh(enum.Enum):
    UNCHANGED = "unchanged"
    STORED_AGAIN = "stored again"
    COPIES_MADE = "copies made"
    REFUSED = "refused"


def upload_fields(model) -> list[PictureField | DocumentField]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, PictureField | DocumentField)
    ]


def _copies_missing(renditions: list[dict[str, int]]) -> bool:
    """Whether a picture may lack copies: none yet, or only standard widths so far (a picture
    narrower than the next width has a last copy of its own width instead)."""
    made = [rendition["width"] for rendition in renditions]
    if not made:
        return True
    return len(made) < len(RENDITION_WIDTHS) and made == list(RENDITION_WIDTHS[: len(made)])


def upload_refresh(*, instance: models.Model, field: PictureField | DocumentField) -> Refresh:
    """Bring a file stored before uploads went through these fields up to date: store it again
    under a server-chosen name (a picture re-encoded, a PDF as it is) and make a picture's
    copies. The old file is deleted once the row points at the new one. Safe to run again."""
    file = getattr(instance, field.attname)
    if not file:
        return Refresh.UNCHANGED
    old_name = file.name
    renamed = not SERVER_NAME.fullmatch(posixpath.basename(old_name))
    wants_copies = isinstance(field, PictureField) and bool(field.renditions_field)
    if not renamed and not (wants_copies and _copies_missing(file.renditions)):
        return Refresh.UNCHANGED
    with file.open("rb"):
        upload = ContentFile(file.read(), name=posixpath.basename(old_name))
    image = None
    updates: dict[str, object] = {}
    try:
        if isinstance(field, DocumentField) and is_pdf(upload):
            content = ContentFile(upload.read(), name=stored_name("pdf"))
        else:
            encoded = picture_encode(upload)
            content, image = encoded.content, encoded.image
    except ValidationError:
        return Refresh.REFUSED
    new_name = old_name
    if renamed:
        new_name = file.storage.save(field.generate_filename(instance, str(content.name)), content)
        updates[field.attname] = new_name
    if wants_copies and image is not None:
        assert isinstance(field, PictureField) and field.renditions_field
        updates[field.renditions_field] = renditions_save(
            image, name=new_name, storage=file.storage, widths=rendition_widths(image.width)
        )
    type(instance)._default_manager.filter(pk=instance.pk, **{field.attname: old_name}).update(
        **updates
    )
    if renamed:
        storage = file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
        return Refresh.STORED_AGAIN
    return Refresh.COPIES_MADE


class SortKeyField(models.CharField):
    """A name's Vietnamese sort key (:func:`banso.common.text.sort_key`), indexed, so that
    lists are put in Vietnamese alphabetical order by the database, SQLite or PostgreSQL alike.
    Whoever sets the name sets its key (where the folded name is set)."""

    def __init__(self, *args, **kwargs):
        from banso.common.text import SORT_KEY_LENGTH

        kwargs.setdefault("max_length", SORT_KEY_LENGTH)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

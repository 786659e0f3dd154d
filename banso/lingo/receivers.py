"""Translations follow their source through every door.

A registered row changes through its app's services, the admin, imports and the demo data; a
receiver on every save and delete keeps its translations in step, so no door forgets (the
translations are data derived from the row, like a cache). For rows of unregistered models it
costs a dictionary look-up.
"""

from django.db.models.signals import post_delete, post_save

from banso.lingo.registry import translatable_for, translatable_registered_connect
from banso.lingo.services import translation_sources_forget, translation_sources_sync


def _saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and translatable_for(sender) is not None:
        translation_sources_sync(instance=instance)


def _deleted(sender, instance, **kwargs) -> None:
    if translatable_for(sender) is not None:
        translation_sources_forget(instance=instance)


def receivers_connect() -> None:
    post_save.connect(_saved, dispatch_uid="lingo.source_saved")
    translatable_registered_connect(deleted_connect)


def deleted_connect(model) -> None:
    """Forget the translations of ``model``'s rows when they are deleted. Connected for the
    registered models only: a delete receiver of every model would make Django load each row
    of every ``QuerySet.delete()`` in the platform instead of deleting them in one query."""
    post_delete.connect(
        _deleted, sender=model, dispatch_uid=f"lingo.source_deleted.{model._meta.label_lower}"
    )

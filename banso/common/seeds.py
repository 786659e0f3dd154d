"""Rows a data migration writes and the site cannot do without (the national poverty standards,
the seeded indicator definitions) are written again after a flush.

``manage.py flush``, and every transactional test, empties all tables, those a migration filled
included; Django then sends ``post_migrate``, after which it writes its content types and
permissions again. The same signal runs the migration's own ``seed(apps, schema_editor)`` when
the table it fills is empty, so the frozen data of the migration stays the one source.
"""

from collections.abc import Mapping
from importlib import import_module

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


def seed_again_after_flush(
    app_config: AppConfig,
    *,
    migration: str,
    model: str,
    lookup: Mapping[str, object] | None = None,
) -> None:
    """After a flush, run ``seed`` of the data migration ``migration`` (a module path) again
    when ``model`` (``"app_label.Model"``) has no row (no row matching ``lookup``, for a
    migration that adds rows to a table an earlier one seeded); called from the app's
    ``ready()``."""

    def ensure(sender, apps=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
        models = apps or global_apps  # flush sends no migration state: the models as they are
        rows = models.get_model(model).objects.using(using).filter(**(lookup or {}))
        if not rows.exists():
            import_module(migration).seed(models, None)

    post_migrate.connect(
        ensure, sender=app_config, weak=False, dispatch_uid=f"seed_again_after_flush:{migration}"
    )

"""Which fields of which models are translated, declared by the apps that own them.

An app marks fields translatable from its ``AppConfig.ready()``::

    translatable_register(
        Product,
        fields=("description",),
        organisation="organisation_id",
        unit_path="organisation__unit__path",
        page_versions=("market", "trace"),
    )

lingo imports none of them: it learns the models here, keeps their translations, and tells the
owner's translators what waits for review. ``organisation`` and ``unit_path`` are lookups from
the row to the id of the organisation whose content it is and to the path of the administrative
unit it belongs to; ``page_versions`` are the page-cache versions (banso.common.page_cache)
that a new translation of it makes out of date, and ``forget`` a function called with the row's
id, once a change of its translations commits, for caches of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Translatable:
    model: type[models.Model]
    fields: tuple[str, ...]
    organisation: str | None
    unit_path: str | None
    page_versions: tuple[str, ...]
    # The public page of a row, for the review queue's "see it on its page" link.
    url: Callable[[models.Model], str] | None
    forget: Callable[[int], None] | None

    @property
    def label(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"


_registry: dict[type[models.Model], Translatable] = {}


# Called with each model registered, before or after: how ``receivers`` connects its delete
# receiver to the registered models only, without this module importing it.
_on_register: list[Callable[[type[models.Model]], None]] = []


def translatable_registered_connect(hook: Callable[[type[models.Model]], None]) -> None:
    """Call ``hook`` with every model registered so far and every model registered later."""
    _on_register.append(hook)
    for model in list(_registry):
        hook(model)


def translatable_register(
    model: type[models.Model],
    *,
    fields: tuple[str, ...],
    organisation: str | None = None,
    unit_path: str | None = None,
    page_versions: tuple[str, ...] = (),
    url: Callable[[models.Model], str] | None = None,
    forget: Callable[[int], None] | None = None,
) -> None:
    """Mark ``fields`` of ``model`` translatable (see the module's docstring)."""
    for name in fields:
        model._meta.get_field(name)  # a misspelt field fails at start-up, not on a page
    _registry[model] = Translatable(
        model=model,
        fields=tuple(fields),
        organisation=organisation,
        unit_path=unit_path,
        page_versions=tuple(page_versions),
        url=url,
        forget=forget,
    )
    for hook in _on_register:
        hook(model)


def translatable_for(model: type[models.Model]) -> Translatable | None:
    """The declaration of ``model`` (a proxy counts as its concrete model), or None."""
    found = _registry.get(model)
    if found is None and model._meta.proxy:
        found = _registry.get(model._meta.concrete_model)  # type: ignore[arg-type]
    return found


def translatables() -> list[Translatable]:
    return list(_registry.values())


def target_languages(source_language: str) -> list[str]:
    """The languages content written in ``source_language`` is translated into: every other
    language of the site (settings.LANGUAGES)."""
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != source_language]

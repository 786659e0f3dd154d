"""What every tourism write shares: names kept folded and sortable, unique short addresses,
the place checks, and one way to apply a typed set of changes."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from banso.common.text import fold, sort_key, unique_slug
from banso.places.models import AdministrativeUnit, UnitLevel, Village


def name_set(row: Any) -> None:
    """Collapse the name's spaces and keep its folded and sort forms in step (search and
    Vietnamese alphabetical order read those columns)."""
    row.name = " ".join(row.name.split())
    row.name_folded = fold(row.name)
    row.name_sort = sort_key(row.name)


def slug_new(name: str, queryset: models.QuerySet, *, fallback: str) -> str:
    return unique_slug(name, queryset, fallback=fallback)


def commune_check(unit: AdministrativeUnit, village: Village | None = None) -> None:
    if not unit.is_current or unit.level != UnitLevel.COMMUNE:
        raise ValidationError({"unit": _("The address must be a current commune or ward.")})
    if village is not None and village.commune_id != unit.pk:
        raise ValidationError({"village": _("This village is not in that commune.")})


def changes_apply(row: models.Model, changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Set ``changes`` on ``row``; a field outside ``allowed`` is a programming error."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{type(row).__name__} cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(row, name, value)


def row_save(row: models.Model, *, slug_taken: str) -> None:
    """``full_clean()`` then save; a short address taken meanwhile is a form error, not a 500."""
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        raise ValidationError({"slug": slug_taken}) from error

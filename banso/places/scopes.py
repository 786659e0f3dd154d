"""The part of the map a person serves as an officer, as places sees it.

Roles are granted on places, so `accounts` (roles) imports `places`, never the reverse. Places
still needs to know which communes an officer serves, for its permissions and its scoped reads
of villages: `accounts` hands it the function that answers, from its ``AppConfig.ready()``
(:func:`officer_scope_provider_set`), and places asks through :func:`officer_scope`. Until a
provider is set, nobody serves anywhere: every check denies.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q


@dataclass(frozen=True)
class PlaceScope:
    """The places a person's roles cover: unit paths (everything under them) and villages."""

    unit_paths: tuple[str, ...]
    village_ids: frozenset[int]

    @property
    def is_empty(self) -> bool:
        return not self.unit_paths and not self.village_ids

    def covers_unit(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.unit_paths)

    def covers_village(self, *, village_id: int, commune_path: str) -> bool:
        return village_id in self.village_ids or self.covers_unit(commune_path)

    def unit_q(self, field: str = "path") -> Q:
        """A filter matching units (by their path field) inside the scope."""
        query = Q(pk__in=[])
        for prefix in self.unit_paths:
            query |= Q(**{f"{field}__startswith": prefix})
        return query


EMPTY_SCOPE = PlaceScope(unit_paths=(), village_ids=frozenset())

_officer_scope_provider: Callable[[Any], PlaceScope] | None = None


def officer_scope_provider_set(provider: Callable[[Any], PlaceScope]) -> None:
    """Set the function that tells what a person serves as a province or commune officer."""
    global _officer_scope_provider
    _officer_scope_provider = provider


def officer_scope(user) -> PlaceScope:
    """What ``user`` serves as a province or commune officer (empty for anyone else)."""
    if _officer_scope_provider is None:
        return EMPTY_SCOPE
    return _officer_scope_provider(user)

"""What the apps above ``orgs`` offer of an organisation, for the pages of the others.

A co-operative sells tea in its marketplace shop and rents rooms in its homestay: the shop page
(``market``) lists the stays and tours (``tourism``) without either app importing the other.
The offering app registers, from its ``AppConfig.ready()``, a function that gives an
organisation's panel (a title and a few links, or None) and the page-cache versions
(``common.page_cache``) its content depends on; a page that shows the panels adds those versions
to its own, so that it is forgotten when the offers change.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OfferLink:
    title: str
    url: str


@dataclass(frozen=True)
class OfferPanel:
    """A titled list of links, shown as a section of the page."""

    key: str  # the section's id on the page
    title: Any  # a translation, rendered in the request's language
    links: tuple[OfferLink, ...]


OfferProvider = Callable[[int], OfferPanel | None]


@dataclass(frozen=True)
class _Registered:
    provider: OfferProvider
    page_versions: tuple[str, ...]


_registered: dict[str, _Registered] = {}


def organisation_offers_register(
    *, name: str, provider: OfferProvider, page_versions: tuple[str, ...] = ()
) -> None:
    """Add ``provider`` (called with an organisation's id) under ``name`` (registering a name
    again replaces it)."""
    _registered[name] = _Registered(provider=provider, page_versions=page_versions)


def organisation_offers_unregister(name: str) -> None:
    _registered.pop(name, None)


def organisation_offers(organisation_id: int) -> list[OfferPanel]:
    """Every registered app's panel for the organisation, in registration order, leaving out
    the empty ones."""
    panels = []
    for entry in list(_registered.values()):
        panel = entry.provider(organisation_id)
        if panel is not None and panel.links:
            panels.append(panel)
    return panels


def organisation_offers_page_versions() -> tuple[str, ...]:
    """The page versions every panel depends on, for the pages that show them."""
    return tuple(
        dict.fromkeys(version for entry in _registered.values() for version in entry.page_versions)
    )

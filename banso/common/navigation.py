"""The site's main navigation, filled by the apps.

The page shell (``common/base.html``) lives on the floor, below the apps its links lead to, so it
names none of them: each app registers its entry from its ``AppConfig.ready()`` and the shell
shows the entries in ``order``. ``audience`` shows an entry to everyone, only to people signed in
or only to visitors (the account link and the sign-in link).

An entry with ``count`` (the marketplace's cart) shows a number of this visitor's own: ``count``
is called with the request and returns the number, or None to leave the entry out. A page that
shows such a number is personal, so the entry marks the request (:func:`nav_is_personal`) and
``common.middleware.PersonalPageMiddleware`` answers it ``Cache-Control: private`` with
``Vary: Cookie``: no shared cache hands one visitor's cart to another. ``count`` should read
the session only to decide (a visitor without a cart costs no query and leaves the page
public).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse

Audience = Literal["everyone", "signed_in", "signed_out"]


@dataclass(frozen=True)
class NavLink:
    label: Any  # a lazy translation, rendered in the request's language
    url_name: str
    order: int
    audience: Audience = "everyone"
    count: Callable[[HttpRequest], int | None] | None = None


@dataclass(frozen=True)
class NavEntry:
    url: str
    label: Any
    count: int | None = None


_links: dict[str, NavLink] = {}

PERSONAL_ATTRIBUTE = "nav_is_personal"


def nav_link_register(
    *,
    label: Any,
    url_name: str,
    order: int,
    audience: Audience = "everyone",
    count: Callable[[HttpRequest], int | None] | None = None,
) -> None:
    """Show a link to ``url_name`` in the main navigation (registering it again replaces it);
    with ``count``, only when it gives a number for the request, shown beside the label."""
    _links[url_name] = NavLink(
        label=label, url_name=url_name, order=order, audience=audience, count=count
    )


def nav_entries_for(user, request: HttpRequest | None = None) -> list[NavEntry]:
    """The links ``user`` sees, in order (those with a count only with the ``request``)."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    shown = ("everyone", "signed_in" if signed_in else "signed_out")
    links = sorted((link for link in _links.values() if link.audience in shown), key=_order)
    entries = []
    for link in links:
        number = None
        if link.count is not None:
            number = link.count(request) if request is not None else None
            if number is None:
                continue
            setattr(request, PERSONAL_ATTRIBUTE, True)
        entries.append(NavEntry(url=reverse(link.url_name), label=link.label, count=number))
    return entries


def nav_is_personal(request: HttpRequest) -> bool:
    """Whether the page's navigation showed a number of this visitor's own."""
    return bool(getattr(request, PERSONAL_ATTRIBUTE, False))


def _order(link: NavLink) -> int:
    return link.order

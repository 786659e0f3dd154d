"""The site's main navigation, filled by the apps.

The page shell (``common/base.html``) lives on the floor, below the apps its links lead to, so it
names none of them: each app registers its entry from its ``AppConfig.ready()`` and the shell
shows the entries in ``order``. ``audience`` shows an entry to everyone, only to people signed in
or only to visitors (the account link and the sign-in link).
"""

from dataclasses import dataclass
from typing import Any, Literal

from django.urls import reverse

Audience = Literal["everyone", "signed_in", "signed_out"]


@dataclass(frozen=True)
class NavLink:
    label: Any  # a lazy translation, rendered in the request's language
    url_name: str
    order: int
    audience: Audience = "everyone"


@dataclass(frozen=True)
class NavEntry:
    url: str
    label: Any


_links: dict[str, NavLink] = {}


def nav_link_register(
    *, label: Any, url_name: str, order: int, audience: Audience = "everyone"
) -> None:
    """Show a link to ``url_name`` in the main navigation (registering it again replaces it)."""
    _links[url_name] = NavLink(label=label, url_name=url_name, order=order, audience=audience)


def nav_entries_for(user) -> list[NavEntry]:
    """The links ``user`` sees, in order."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    shown = ("everyone", "signed_in" if signed_in else "signed_out")
    links = sorted((link for link in _links.values() if link.audience in shown), key=_order)
    return [NavEntry(url=reverse(link.url_name), label=link.label) for link in links]


def _order(link: NavLink) -> int:
    return link.order

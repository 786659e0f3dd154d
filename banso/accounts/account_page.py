"""What apps above accounts add to a person's account page.

accounts is on level 0 and imports no app above it. An app that has something of the person to
show there (orgs: the organisations they belong to) registers a provider from its
``AppConfig.ready()``: a function of the person returning names for the page's template, as
``trace``'s resolver takes link providers.
"""

from collections.abc import Callable, Mapping
from typing import Any

AccountPageProvider = Callable[[Any], Mapping[str, Any]]

_providers: list[AccountPageProvider] = []


def account_page_register(provider: AccountPageProvider) -> None:
    """Add ``provider``'s names to every account page (registering twice adds it once)."""
    if provider not in _providers:
        _providers.append(provider)


def account_page_context(user) -> dict[str, Any]:
    """The names every registered provider adds for ``user``, in the order they registered."""
    context: dict[str, Any] = {}
    for provider in _providers:
        context.update(provider(user))
    return context

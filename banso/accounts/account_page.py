"""What apps above accounts add to a person's account page.

accounts is on level 0 and imports no app above it. An app that has something of the person to
show there registers it from its ``AppConfig.ready()``, as ``trace``'s resolver takes link
providers:

- a provider (:func:`account_page_register`): a function of the person returning names for
  the page's template (orgs: ``memberships``, the organisations they belong to);
- an action (:func:`account_action_register`): a button to one of the app's pages, shown when
  its ``shown(user, page)`` says so, ``page`` being the names the providers gave (market's "My
  shop" for members of an organisation, its dashboard for officers who may see it).

Pages of the apps below accounts (places' villages) are linked by the template itself.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

AccountPageProvider = Callable[[Any], Mapping[str, Any]]
ActionShown = Callable[[Any, Mapping[str, Any]], bool]


@dataclass(frozen=True)
class AccountAction:
    label: Any  # a lazy translation, rendered in the request's language
    url_name: str
    order: int
    shown: ActionShown


@dataclass(frozen=True)
class AccountActionEntry:
    url: str
    label: Any


_providers: list[AccountPageProvider] = []
_actions: dict[str, AccountAction] = {}


def account_page_register(provider: AccountPageProvider) -> None:
    """Add ``provider``'s names to every account page (registering twice adds it once)."""
    if provider not in _providers:
        _providers.append(provider)


def account_action_register(*, label: Any, url_name: str, order: int, shown: ActionShown) -> None:
    """Show a button to ``url_name`` on the account page of the people ``shown`` accepts
    (registering a URL name again replaces its button)."""
    _actions[url_name] = AccountAction(label=label, url_name=url_name, order=order, shown=shown)


def account_page_context(user, own: Mapping[str, Any]) -> dict[str, Any]:
    """The page's ``own`` names (accounts' own: the person's role grants …), the names every
    registered provider adds for ``user`` in the order they registered, and
    ``account_actions``: the buttons ``user`` is shown, in order."""
    context: dict[str, Any] = dict(own)
    for provider in _providers:
        context.update(provider(user))
    actions = sorted(_actions.values(), key=_order)
    context["account_actions"] = [
        AccountActionEntry(url=reverse(action.url_name), label=action.label)
        for action in actions
        if action.shown(user, context)
    ]
    return context


def _order(action: AccountAction) -> int:
    return action.order

"""What apps above accounts add to a person's account page.

accounts is on level 0 and imports no app above it. An app that has something of the person to
show there registers it from its ``AppConfig.ready()``, as ``trace``'s resolver takes link
providers:

- a provider (:func:`account_page_register`): a function of the person returning names for
  the page's template (orgs: ``memberships``, the organisations they belong to);
- an action (:func:`account_action_register`): a button to one of the app's pages, shown when
  its ``shown(user, page)`` says so, ``page`` being the names the providers gave (market's "My
  shop" for members of an organisation, its dashboard for officers who may see it).
  An action of a ``group`` is also one of a row of links between the pages of that group,
  which each of them shows (:func:`account_actions_for`): the officers' pages of what their
  commune or province covers (orgs, trace, stamps, market) are the group ``"area"``.

Pages of the apps below accounts (places' villages) are linked by the template itself.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from banso.places.selectors import officer_area_for_user

AccountPageProvider = Callable[[Any], Mapping[str, Any]]
ActionShown = Callable[[Any, Mapping[str, Any]], bool]


@dataclass(frozen=True)
class AccountAction:
    label: Any  # a lazy translation, rendered in the request's language
    url_name: str
    order: int
    shown: ActionShown
    group: str = ""


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


def account_action_register(
    *, label: Any, url_name: str, order: int, shown: ActionShown, group: str = ""
) -> None:
    """Show a button to ``url_name`` on the account page of the people ``shown`` accepts
    (registering a URL name again replaces its button)."""
    _actions[url_name] = AccountAction(
        label=label, url_name=url_name, order=order, shown=shown, group=group
    )


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


def account_actions_for(user, *, group: str) -> list[AccountActionEntry]:
    """The buttons of ``group`` that ``user`` is shown, in order, for the pages of the group to
    link each other (their ``shown`` is asked with no page names: it must judge by the person)."""
    actions = sorted((a for a in _actions.values() if a.group == group), key=_order)
    return [
        AccountActionEntry(url=reverse(action.url_name), label=action.label)
        for action in actions
        if action.shown(user, {})
    ]


def _order(action: AccountAction) -> int:
    return action.order


def area_page_register(*, label: Any, url_name: str, order: int) -> None:
    """Add an officers' page of what their commune or province covers to the group ``"area"``:
    a button on the account page of every officer, and a link on each page of the group."""
    from banso.places.rules import is_officer

    account_action_register(
        label=label,
        url_name=url_name,
        order=order,
        shown=lambda user, page: is_officer(user),
        group="area",
    )


def area_page_context(user, *, titles: dict[str, Any]) -> dict[str, Any]:
    """The names every officers' page of the group ``"area"`` starts with: ``area`` (the units
    the person serves), ``area_title`` (the one of ``titles``, a title per kind of area, that
    fits them) and ``area_links`` (the group's pages, for ``accounts/_area_header.html``).

    Raises ``PermissionDenied`` for anyone who serves no commune or province (a superuser
    sees everything, titled "in your area")."""
    area = officer_area_for_user(user)
    if not area.units and not getattr(user, "is_superuser", False):
        raise PermissionDenied
    return {
        "area": area,
        "area_title": area.pick(titles),
        "area_links": account_actions_for(user, group="area"),
    }

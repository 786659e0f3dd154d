"""What orgs adds to a person's account page (see :mod:`banso.accounts.account_page`)."""

from typing import Any

from banso.orgs.selectors import memberships_for_user


def account_page_memberships(user) -> dict[str, Any]:
    """The organisations the person belongs to, with their role in each."""
    return {"memberships": memberships_for_user(user)}

"""What the page shell (``common/base.html``) reads on every page."""

import functools

from banso.common.navigation import nav_entries_for


def navigation(request) -> dict:
    """The main navigation, worked out only by a page that shows it (pages without the shell,
    such as the trace page, pay nothing)."""
    return {"site_nav": functools.partial(nav_entries_for, getattr(request, "user", None), request)}

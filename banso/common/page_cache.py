"""Whole public pages kept rendered for visitors who bring nothing of their own.

The pages people open most (a lot's trace page from a stamp, the marketplace's front page, a
listing, a search, the organisations) are the same for every visitor who is not signed in and
has no session (no cart, no messages): such a visitor gets the page rendered once per address
and language, kept ``seconds`` at most. Anyone else always gets a fresh page, so a person sees
their own cart, name and messages, and a co-operative sees the step it has just recorded.

A page is forgotten when what it shows changes, cheaply: its key holds the current number of
each *version* it depends on (``"market"``, ``"orgs"`` …), and a write bumps the number
(:func:`page_versions_bump`, after its transaction commits), so every page depending on it is
missed at once without finding the keys. What no write bumps shows within ``seconds``.

A page with a form carries a CSRF token, which must be the visitor's own: the page is rendered
with a placeholder and each answer puts in the token of its request (``get_token``, which also
gives a visitor without one the CSRF cookie).
"""

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation

PAGE_CACHE_SECONDS = 60
CSRF_PLACEHOLDER = "csrf-token-of-the-request-0b6f3a9d"
VERSION_PREFIX = "page:version:"


def page_cacheable(request: HttpRequest) -> bool:
    """Whether ``request`` may get (and fill) a shared page: a GET or HEAD of a visitor who is
    not signed in and has no session or messages cookie."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.user.is_authenticated


def _versions_key(versions: Iterable[str]) -> str:
    names = list(versions)
    if not names:
        return ""
    found = cache.get_many([VERSION_PREFIX + name for name in names])
    return ".".join(str(found.get(VERSION_PREFIX + name, 0)) for name in names)


def page_versions_bump(*versions: str) -> None:
    """Forget every page depending on these versions, once the current transaction commits."""

    def bump() -> None:
        for name in versions:
            key = VERSION_PREFIX + name
            try:
                cache.incr(key)
            except ValueError:  # not there yet (or evicted): any new number forgets the pages
                cache.set(key, 1, None)

    transaction.on_commit(bump)


def page_key(request: HttpRequest, name: str, versions: Iterable[str] = ()) -> str:
    """The cache key of the page ``name`` at this address, in the current language, at the
    current numbers of ``versions``. Most pages' addresses carry their language already
    (``/en/market/``); the language is still part of the key for the addresses outside the
    language prefixes, such as a lot's trace page, which follow the visitor's cookie."""
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    language = translation.get_language()
    return f"page:{name}:{language}:{_versions_key(versions)}:{address}"


def page_cached(
    request: HttpRequest,
    key: str,
    build: Callable[[], str],
    *,
    seconds: int = PAGE_CACHE_SECONDS,
) -> HttpResponse:
    """The page's HTML under ``key`` for a visitor :func:`page_cacheable` admits (built by
    ``build`` when missing), a fresh one for anyone else."""
    shared = page_cacheable(request)
    html = cache.get(key) if shared else None
    if html is None:
        html = build()
        if shared:
            cache.set(key, html, seconds)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html)


def page_rendered(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict],
    *,
    name: str,
    versions: Iterable[str] = (),
    seconds: int = PAGE_CACHE_SECONDS,
) -> HttpResponse:
    """``template_name`` rendered with ``context()`` through :func:`page_cached`, keyed by the
    page's name, address, language and versions. ``context`` runs only when the page is
    built, so a page served from the cache makes no query."""

    def build() -> str:
        return render_to_string(
            template_name, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )

    return page_cached(request, page_key(request, name, versions), build, seconds=seconds)

"""Sign-in throttling: how many wrong passwords an account, or an address, may be sent.

Every door that checks a password goes through :class:`ThrottledSignInMixin` (the site's
sign-in form and the admin's); the API takes bearer tokens and session cookies, no password.

The policy:

- **Per account**, only failures count: ``SIGNIN_ACCOUNT.count`` (5) wrong passwords within
  15 minutes lock the account for ``SIGNIN_LOCKOUT_SECONDS`` (1 minute), and each further lock
  within a day doubles it, up to ``SIGNIN_LOCKOUT_MAX_SECONDS`` (15 minutes): an attacker gets a
  handful of guesses an hour, a person who mistyped waits a minute. A login that names no
  account is counted the same way, so the answer never tells whether an account exists.
- **Per address** (the client's, through the trusted proxies): ``SIGNIN_ADDRESS.count`` (30)
  failures within 15 minutes, whatever the accounts, lock the address for 15 minutes, so that
  one machine cannot try a common password on every account. The count is high because a
  commune office or a mobile network puts many people behind one address.
- **The owner is not locked out by an attacker**: while an account is locked, an address the
  account has signed in from within ``SIGNIN_KNOWN_DAYS`` (30) days may still try, as long as
  that address itself has not failed ``SIGNIN_ACCOUNT_ADDRESS.count`` (5) times on the account
  in the last 15 minutes. Someone guessing from elsewhere locks the account for themselves, not
  for the farmer at home.

While a lock stands the password is not checked at all, right or wrong, and the form says how
many minutes to wait. The counters are the floor's (:mod:`banso.common.ratelimit`), shared by
every worker; nothing is written to the main database, so a flood of wrong passwords costs no
write lock there.
"""

import hashlib
import logging
import math
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from banso.accounts.selectors import user_by_login
from banso.common.client_identity import address_hash, client_address, lasting_address_hash
from banso.common.ratelimit import (
    Limit,
    limit_exceeded,
    limit_hit,
    limit_lock,
    limit_locked_seconds,
)

if TYPE_CHECKING:
    from django.contrib.auth.forms import AuthenticationForm as _AuthenticationForm
else:
    _AuthenticationForm = object

logger = logging.getLogger(__name__)

MINUTES_15 = 15 * 60
DAY = 24 * 3600
SIGNIN_ACCOUNT = Limit("signin-account", count=5, window_seconds=MINUTES_15)
SIGNIN_ACCOUNT_LOCKS = Limit("signin-account-locks", count=1_000_000, window_seconds=DAY)
SIGNIN_ADDRESS = Limit(
    "signin-address", count=30, window_seconds=MINUTES_15, lockout_seconds=MINUTES_15
)
SIGNIN_ACCOUNT_ADDRESS = Limit("signin-account-address", count=5, window_seconds=MINUTES_15)
SIGNIN_KNOWN_ADDRESS = Limit("signin-known-address", count=1, window_seconds=DAY)
SIGNIN_KNOWN_DAYS = 30


def _account(login: str) -> str:
    """The subject an attempt counts against: the account the login names, or the login
    itself (hashed) when it names none."""
    user = user_by_login(login) if login else None
    if user is not None:
        return f"user-{user.pk}"
    folded = login.strip().lower().encode()
    return "login-" + hashlib.sha256(folded + settings.SECRET_KEY.encode()).hexdigest()[:32]


def _lockout_seconds(locks: int) -> float:
    """The ``locks``-th lock of an account within a day: the first lasts
    ``SIGNIN_LOCKOUT_SECONDS``, each next one twice the one before, up to the maximum."""
    base = settings.SIGNIN_LOCKOUT_SECONDS
    return min(base * 2 ** min(locks - 1, 20), settings.SIGNIN_LOCKOUT_MAX_SECONDS)


class SignInAttempt:
    """One sign-in attempt: who it names and where it comes from."""

    def __init__(self, request: HttpRequest | None, login: str) -> None:
        address = client_address(request) if request is not None else ""
        self.account = _account(login)
        self.address = address_hash(address, day=timezone.localdate())
        self.known_address = f"{self.account}:{lasting_address_hash(address)}"
        self.account_address = f"{self.account}:{self.address}"

    def wait_seconds(self) -> int:
        """How long this attempt must wait (0: its password may be checked now)."""
        wait = limit_locked_seconds(SIGNIN_ADDRESS, self.address)
        account_wait = limit_locked_seconds(SIGNIN_ACCOUNT, self.account)
        if account_wait and self._owner_address():
            account_wait = 0
        return math.ceil(max(wait, account_wait))

    def _owner_address(self) -> bool:
        return limit_locked_seconds(
            SIGNIN_KNOWN_ADDRESS, self.known_address
        ) > 0 and not limit_exceeded(SIGNIN_ACCOUNT_ADDRESS, self.account_address)

    def failed(self) -> None:
        """Count a wrong password against the account, the address, and both together; lock
        the account when it reaches its count."""
        limit_hit(SIGNIN_ADDRESS, self.address)
        limit_hit(SIGNIN_ACCOUNT_ADDRESS, self.account_address)
        if limit_hit(SIGNIN_ACCOUNT, self.account) >= SIGNIN_ACCOUNT.count:
            locks = limit_hit(SIGNIN_ACCOUNT_LOCKS, self.account)
            seconds = _lockout_seconds(locks)
            limit_lock(SIGNIN_ACCOUNT, self.account, seconds=seconds)
            logger.warning(
                "sign-in locked", extra={"account": self.account, "lock_seconds": seconds}
            )

    def succeeded(self) -> None:
        """Remember the address as one the account signs in from."""
        limit_lock(SIGNIN_KNOWN_ADDRESS, self.known_address, seconds=SIGNIN_KNOWN_DAYS * DAY)


def signin_throttled_error(seconds: int) -> ValidationError:
    minutes = max(1, math.ceil(seconds / 60))
    return ValidationError(
        ngettext(
            "Too many wrong passwords for this account or from this connection. "
            "Wait %(minutes)d minute and try again.",
            "Too many wrong passwords for this account or from this connection. "
            "Wait %(minutes)d minutes and try again.",
            minutes,
        ),
        code="throttled",
        params={"minutes": minutes},
    )


class ThrottledSignInMixin(_AuthenticationForm):
    """For a form derived from Django's ``AuthenticationForm``: refuse an attempt while its
    account or address is locked, and count the wrong passwords."""

    def clean(self):
        attempt = SignInAttempt(self.request, self.cleaned_data.get("username") or "")
        wait = attempt.wait_seconds()
        if wait:
            raise signin_throttled_error(wait)
        try:
            cleaned = super().clean()
        except ValidationError:
            # A password was checked and matched nobody (a right password refused for another
            # reason, such as the admin's staff check, is no guess).
            if self.get_user() is None and self.cleaned_data.get("password"):
                attempt.failed()
            raise
        if self.get_user() is not None:
            attempt.succeeded()
        return cleaned

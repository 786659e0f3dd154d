"""Password reset by a one-time code (mã một lần) sent by SMS or email.

A person gives their phone number or email address and receives a 6-digit code, valid
``CODE_MINUTES`` minutes, for ``CODE_ATTEMPTS`` tries, once. Only a keyed hash of the code is
stored. The answers never tell whether an account exists: the same page follows whatever was
typed, and a wrong code, an expired one, a used one and one never sent give the same error.
Requests are rate-limited per typed identifier and per address (``common.ratelimit``), and
checks per address, so codes cannot be guessed across many accounts.
"""

import datetime
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from banso.accounts.models import PasswordResetCode, User
from banso.accounts.phone import phone_normalize
from banso.accounts.reset_senders import reset_code_sender
from banso.common.ratelimit import Limit, limit_exceeded, limit_hit

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
HOUR = 3600
RESET_PER_IDENTIFIER = Limit("reset-identifier", count=3, window_seconds=HOUR)
RESET_PER_ADDRESS = Limit("reset-address", count=10, window_seconds=HOUR)
RESET_CHECKS_PER_ADDRESS = Limit("reset-check-address", count=30, window_seconds=HOUR)


class ResetThrottled(Exception):
    """Too many requests or checks from this identifier or address for now."""


def identifier_normalize(identifier: str) -> str:
    """A phone number in E.164, an email address in lower case, anything else as typed."""
    identifier = identifier.strip()
    if "@" in identifier:
        return identifier.lower()
    try:
        return phone_normalize(identifier)
    except ValidationError:
        return identifier


def _person(identifier: str) -> User | None:
    field = "email" if "@" in identifier else "phone"
    return User.objects.filter(**{field: identifier}, is_active=True).first()


def _code_hash(user: User, code: str) -> str:
    return salted_hmac("banso.accounts.password_reset", f"{user.pk}:{code}").hexdigest()


def reset_code_request(*, identifier: str, address: str) -> None:
    """Send a new code to the person ``identifier`` names, if there is one (nothing tells
    whether there is). Raises :class:`ResetThrottled` past the limits."""
    identifier = identifier_normalize(identifier)
    if limit_exceeded(RESET_PER_IDENTIFIER, identifier) or limit_exceeded(
        RESET_PER_ADDRESS, address
    ):
        raise ResetThrottled
    limit_hit(RESET_PER_IDENTIFIER, identifier)
    limit_hit(RESET_PER_ADDRESS, address)
    user = _person(identifier)
    if user is None:
        return
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    with transaction.atomic():
        # A new code replaces any code still open: only the latest one works.
        PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        PasswordResetCode.objects.create(
            user=user,
            code_hash=_code_hash(user, code),
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=CODE_MINUTES),
        )
    reset_code_sender().send(user=user, code=code, minutes=CODE_MINUTES)


def _refused() -> ValidationError:
    return ValidationError(
        _("This code is wrong, has expired or was already used. Check it, or ask for a new one."),
        code="invalid_code",
    )


def reset_code_confirm(*, identifier: str, code: str, password: str, address: str) -> User:
    """Set ``password`` for the person ``identifier`` names if ``code`` is their latest code,
    unexpired, unused and tried fewer than ``CODE_ATTEMPTS`` times; the code is then spent.
    A wrong code counts an attempt; a new password the validators refuse does not spend the
    code."""
    if limit_exceeded(RESET_CHECKS_PER_ADDRESS, address):
        raise ResetThrottled
    limit_hit(RESET_CHECKS_PER_ADDRESS, address)
    user = _person(identifier_normalize(identifier))
    if user is None:
        raise _refused()
    with transaction.atomic():
        record = (
            PasswordResetCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        now = timezone.now()
        if record is None or record.expires_at <= now or record.attempts >= CODE_ATTEMPTS:
            raise _refused()
        if not constant_time_compare(record.code_hash, _code_hash(user, code.strip())):
            # Counted in a block that commits, though the answer is an error.
            PasswordResetCode.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
            wrong = True
        else:
            wrong = False
    if wrong:
        raise _refused()
    password_validation.validate_password(password, user)
    with transaction.atomic():
        spent = PasswordResetCode.objects.filter(
            pk=record.pk, used_at__isnull=True, attempts__lt=CODE_ATTEMPTS
        ).update(used_at=timezone.now())
        if not spent:  # another request used it meanwhile
            raise _refused()
        user.set_password(password)
        user.save(update_fields=["password"])
    return user

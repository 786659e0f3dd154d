"""How long the worker waits before trying again after a transient error.

Exponential (0.5 s, 1 s, 2 s … up to ``cap``) with jitter, so that several workers that met the
same locked database or the same restarting PostgreSQL do not come back in step.
"""

import random

from django.db import InterfaceError, OperationalError

# Errors that say nothing about the work itself: the database was locked ("database is
# locked" on SQLite), the connection was lost or refused (PostgreSQL restarted, a network
# blip), the server went away. Trying again later is the cure.
TRANSIENT_DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def backoff_seconds(attempt: int, *, base: float = 0.5, cap: float = 30.0) -> float:
    """The wait before try number ``attempt + 1`` (``attempt`` counts failures, from 1): between
    half and all of ``base * 2 ** (attempt - 1)``, never more than ``cap``."""
    ceiling = min(cap, base * 2 ** max(0, min(attempt - 1, 32)))
    return ceiling * (0.5 + random.random() / 2)  # noqa: S311 (jitter, not a secret)

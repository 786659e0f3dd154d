"""Every change of a bulletin is kept: each service that writes one calls
:func:`bulletin_change_log` in the same transaction, so the history holds exactly what
happened, whichever door (page, API, admin, task) it came through."""

import datetime
from typing import Any

from banso.broadcast.models import Bulletin, BulletinChange


def _plain(value: Any) -> Any:
    """A value as JSON keeps it: datetimes and dates as ISO text, tuples as lists, sets as
    sorted lists."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return [_plain(item) for item in sorted(value, key=str)]
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose values differ."""
    return {
        name: [_plain(before.get(name)), _plain(after.get(name))]
        for name in after
        if _plain(before.get(name)) != _plain(after.get(name))
    }


def bulletin_change_log(
    *,
    bulletin: Bulletin,
    actor,
    action: str,
    state_before: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> BulletinChange:
    change = BulletinChange(
        bulletin=bulletin,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        state_before=state_before,
        state_after=bulletin.state,
        revision=bulletin.revision,
        changes={name: _plain(value) for name, value in (changes or {}).items()},
        note=note[:500],
    )
    change.save()
    return change

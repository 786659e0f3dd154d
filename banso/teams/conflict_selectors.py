"""Conflicting copies of the help given, as people read them: each open conflict beside the
record it clashes with, field by field, names and labels in the reader's language.

A conflict is read by those who read its record's team (``teams_for_user``): the team's active
members and the officers of its commune and province. A copy names members, a village,
a household and kinds of help by their identifiers; they are read in bulk, one query each,
whatever the number of conflicts shown, and a household is named only within the reader's
``households_for_user``.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from banso.households.models import Household
from banso.households.selectors import households_for_user
from banso.places.models import Village
from banso.teams.models import HelpConflict, HelpKind, HelpOutcome, Team, TeamMember
from banso.teams.selectors import teams_for_user
from banso.teams.services.help import help_record_content

FIELDS = (
    ("helper", _("Who helped")),
    ("village", _("Where")),
    ("household", _("Household")),
    ("person_name", _("Person helped")),
    ("person_phone", _("Their phone number")),
    ("kinds", _("What with")),
    ("helped_on", _("Day")),
    ("outcome", _("Outcome")),
    ("note", _("Note")),
)


def help_conflicts_for_user(user) -> QuerySet[HelpConflict]:
    """The conflicting copies ``user`` may read: as the record's team."""
    return (
        HelpConflict.objects.select_related(
            "record__team__village",
            "record__team__unit",
            "record__household",
            "record__recorded_by",
            "sent_by",
            "resolved_by",
        )
        .prefetch_related("record__kinds")
        .filter(record__team__in=teams_for_user(user).values("pk"))
    )


def help_conflicts_open_count(user, *, team: Team | None = None) -> int:
    """How many conflicts wait to be settled: ``team``'s, or all those ``user`` reads."""
    conflicts = HelpConflict.objects.filter(resolution="")
    if team is not None:
        return conflicts.filter(record__team=team).count()
    return conflicts.filter(record__team__in=teams_for_user(user).values("pk")).count()


@dataclass
class ComparedField:
    label: str
    server: str
    phone: str

    @property
    def differs(self) -> bool:
        return self.server != self.phone


@dataclass
class Comparison:
    """A conflict and its record side by side: ``rows`` the fields, what the server has and
    what the phone sent."""

    conflict: HelpConflict
    rows: list[ComparedField] = field(default_factory=list)


class _Names:
    """The names of what the contents refer to, read once for all the conflicts shown."""

    def __init__(self, user, contents: list[dict[str, Any]]):
        def ids(key: str) -> set[int]:
            return {int(c[key]) for c in contents if str(c.get(key, "")).isdigit()}

        codes = {c["household"] for c in contents if c.get("household")}
        self.members = dict(
            TeamMember.objects.filter(pk__in=ids("helper")).values_list("pk", "full_name")
        )
        self.villages = {v.pk: str(v) for v in Village.objects.filter(pk__in=ids("village"))}
        self.households: dict[str, Household] = (
            {
                h.code: h
                for h in households_for_user(user)
                .filter(code__in=codes)
                .select_related(None)
                .only("code", "head_name")
            }
            if codes
            else {}
        )
        self.kinds = {kind.code: kind.display_name for kind in HelpKind.objects.all()}

    def show(self, key: str, value: Any) -> str:
        if value in (None, "", []):
            return "—"
        if key == "helper":
            return self.members.get(int(value), f"#{value}")
        if key == "village":
            return self.villages.get(int(value), f"#{value}")
        if key == "household":
            household = self.households.get(value)
            return f"{value} · {household.head_name}" if household else str(value)
        if key == "kinds":
            return "; ".join(self.kinds.get(code, code) for code in value)
        if key == "helped_on":
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if key == "outcome":
            return str(HelpOutcome(value).label) if value in HelpOutcome.values else str(value)
        return str(value)


def conflicts_compared(user, conflicts: list[HelpConflict]) -> list[Comparison]:
    """Each conflict beside its record as the server has it now (``conflicts`` read through
    :func:`help_conflicts_for_user`, their records' kinds and households prefetched)."""
    servers = {c.pk: help_record_content(c.record) for c in conflicts}
    names = _Names(user, [*servers.values(), *(c.content for c in conflicts)])
    return [
        Comparison(
            conflict=conflict,
            rows=[
                ComparedField(
                    label=str(label),
                    server=names.show(key, servers[conflict.pk].get(key)),
                    phone=names.show(key, conflict.content.get(key)),
                )
                for key, label in FIELDS
            ],
        )
        for conflict in conflicts
    ]

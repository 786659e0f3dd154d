"""A team's to-do list (việc cần theo dõi): what the platform knows its village still needs,
each item with why it is there.

Drawn from the households' yearly reviews and the telecom support register (through the
households' selectors, within the reader's ``households_for_user``), from the help the teams
recorded, and from the requests people sent through the public page. A handful of grouped
queries, whatever the size of the village (``tests/test_followup.py`` bounds them):

- households whose latest review found them without telecom access;
- telecom support enrolments suspended because the provider reported no traffic;
- poor and near-poor households (latest review) that no team has helped this year;
- records of help whose outcome was "needs follow-up", with no later record for the household;
- requests sent through the public page that nobody has answered yet.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from banso.accounts.selectors import officer_scope_for_user
from banso.households.models import Household, LivingStandard, TelecomEnrolment
from banso.households.selectors import households_for_user, households_with_latest_review
from banso.households.telecom_selectors import enrolments_suspended
from banso.places.models import VILLAGE_PREFIX
from banso.teams.models import HelpOutcome, HelpRecord, HelpRequest, Team, TeamMember
from banso.teams.selectors import team_village_ids_of_member

REASONS = {
    "request": _("Asked for help through the public page"),
    "follow_up": _("Help given needs a follow-up"),
    "lacks_telecom": _("No telecom access in the latest review"),
    "suspended": _("Telecom support suspended: no traffic"),
    "poor_not_helped": _("Poor or near-poor, not helped this year"),
}
POOR_STANDARDS = (LivingStandard.POOR, LivingStandard.NEAR_POOR)


@dataclass
class FollowUpItem:
    """One thing to do: ``reason`` (a key of ``REASONS``) and what it is about."""

    reason: str
    household: Household | None = None
    request: HelpRequest | None = None
    record: HelpRecord | None = None
    enrolment: TelecomEnrolment | None = None
    since: datetime.date | None = None

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason])


@dataclass
class FollowUpList:
    items: list[FollowUpItem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = {reason: 0 for reason in REASONS}
        for item in self.items:
            found[item.reason] += 1
        return found

    def of(self, reason: str) -> list[FollowUpItem]:
        return [item for item in self.items if item.reason == reason]

    def sections(self) -> list[tuple[str, str, list[FollowUpItem]]]:
        """(reason, its label, its items) in the order of ``REASONS``."""
        return [(reason, str(label), self.of(reason)) for reason, label in REASONS.items()]


def help_requests_for_user(user) -> QuerySet[HelpRequest]:
    """The requests ``user`` may read (``teams.view_helprequest``): those of the villages whose
    active team they serve on, and of the communes and provinces they are an officer of; a
    superuser all; anyone else, the public included, none."""
    requests = HelpRequest.objects.select_related("village", "unit", "assigned_to")
    if not getattr(user, "is_authenticated", False):
        return requests.none()
    if user.is_superuser:
        return requests
    scope = officer_scope_for_user(user).unit_q("unit__path") | Q(
        village_id__in=team_village_ids_of_member(user)
    )
    return requests.filter(scope)


@dataclass
class VillageRequests:
    """A village's requests, counted by state, for the commune's list."""

    village_id: int
    village: str
    commune_id: int
    commune: str
    open: int
    answered: int


def help_requests_by_village(requests: QuerySet[HelpRequest]) -> list[VillageRequests]:
    """``requests`` (read through :func:`help_requests_for_user`) counted by village and
    state, one grouped query; the villages with open requests first."""
    grouped = (
        requests.order_by()
        .values(
            "village_id",
            "village__name",
            "village__kind",
            "village__name_sort",
            "unit_id",
            "unit__name",
            "unit__name_sort",
        )
        .annotate(
            open=Count("id", filter=Q(answered_on__isnull=True)),
            answered=Count("id", filter=Q(answered_on__isnull=False)),
        )
    )
    rows = sorted(
        grouped,
        key=lambda row: (row["open"] == 0, row["unit__name_sort"], row["village__name_sort"]),
    )
    return [
        VillageRequests(
            village_id=row["village_id"],
            village=f"{VILLAGE_PREFIX[row['village__kind']]} {row['village__name']}",
            commune_id=row["unit_id"],
            commune=row["unit__name"],
            open=row["open"],
            answered=row["answered"],
        )
        for row in rows
    ]


def request_assignees(requests: list[HelpRequest]) -> dict[int, list[TeamMember]]:
    """The serving members of the active teams of the requests' villages, by village: whom a
    request may be given to. One query."""
    found: dict[int, list[TeamMember]] = {}
    villages = {request.village_id for request in requests}
    if villages:
        for member in (
            TeamMember.objects.filter(
                left_on__isnull=True,
                team__dissolved_on__isnull=True,
                team__village_id__in=villages,
            )
            .select_related("team")
            .order_by("full_name")
        ):
            found.setdefault(member.team.village_id, []).append(member)
    return found


def team_followup(user, team: Team, *, today: datetime.date) -> FollowUpList:
    """The to-do list of ``team``'s village, as ``user`` may read it (the caller has checked
    that ``user`` reads the team). Seven queries, whatever the number of households."""
    village_households = households_for_user(user).filter(village_id=team.village_id)
    year_start = datetime.date(today.year, 1, 1)
    helped_this_year = HelpRecord.objects.filter(
        household=OuterRef("pk"), helped_on__gte=year_start, helped_on__lte=today
    )
    found = FollowUpList()

    requests = (
        help_requests_for_user(user)
        .filter(village_id=team.village_id, answered_on__isnull=True)
        .prefetch_related("kinds")
        .order_by("created_at", "pk")
    )
    for request in requests:
        found.items.append(
            FollowUpItem("request", request=request, since=request.created_at.date())
        )

    later = HelpRecord.objects.filter(household=OuterRef("household")).filter(
        Q(helped_on__gt=OuterRef("helped_on"))
        | Q(helped_on=OuterRef("helped_on"), pk__gt=OuterRef("pk"))
    )
    open_records = (
        HelpRecord.objects.filter(
            team=team,
            outcome=HelpOutcome.FOLLOW_UP,
            household__in=village_households.values("pk"),
        )
        .filter(~Exists(later))
        .select_related("household", "helper")
        .prefetch_related("kinds")
        .order_by("helped_on", "pk")
    )
    for record in open_records:
        found.items.append(
            FollowUpItem(
                "follow_up", household=record.household, record=record, since=record.helped_on
            )
        )

    reviewed = (
        households_with_latest_review(village_households.select_related(None))
        .filter(Q(latest_lacks_telecom=True) | Q(latest_living_standard__in=POOR_STANDARDS))
        .annotate(helped_this_year=Exists(helped_this_year))
        .order_by("code")
    )
    reviewed_list: list[Any] = list(reviewed)  # annotated by households' selector
    for household in reviewed_list:
        if household.latest_lacks_telecom:
            found.items.append(FollowUpItem("lacks_telecom", household=household))

    for enrolment in enrolments_suspended(village_households):
        found.items.append(
            FollowUpItem(
                "suspended",
                household=enrolment.household,
                enrolment=enrolment,
                since=enrolment.started_on,
            )
        )

    for household in reviewed_list:
        poor = household.latest_living_standard in POOR_STANDARDS
        if poor and not household.helped_this_year:
            found.items.append(FollowUpItem("poor_not_helped", household=household))
    return found

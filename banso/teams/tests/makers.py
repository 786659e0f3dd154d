"""Teams, members and records of help for tests, built through the services."""

import datetime
import uuid

from banso.teams.models import MemberBackground, Team, TeamMember, TeamPosition
from banso.teams.services.help import HelpData
from banso.teams.services.register import member_add, team_found

DECISION_DATE = datetime.date(2023, 3, 15)


def team_make(actor, village, *, number: str = "125/QĐ-UBND", date=DECISION_DATE) -> Team:
    return team_found(actor=actor, village=village, decision_number=number, decision_date=date)


def member_make(
    actor,
    team: Team,
    name: str,
    *,
    user=None,
    position: str = TeamPosition.MEMBER,
    background: str = MemberBackground.YOUTH_UNION,
    phone: str = "",
    joined_on: datetime.date | None = None,
) -> TeamMember:
    return member_add(
        actor=actor,
        team=team,
        full_name=name,
        user=user,
        position=position,
        background=background,
        phone=phone,
        joined_on=joined_on or team.founded_on,
    )


def help_data(helper: TeamMember, **fields) -> HelpData:
    """A visit by ``helper`` to an unregistered person in the team's village (or ``fields``)."""
    values: dict = {
        "client_id": uuid.uuid4(),
        "helper_id": helper.pk,
        "village_id": helper.team.village_id,
        "helped_on": datetime.date(2025, 3, 8),
        "outcome": "done",
        "kinds": ("vneid",),
        "person_name": "Hầu Thị Chá",
    }
    values.update(fields)
    return HelpData(**values)


def help_json(helper: TeamMember, **fields) -> dict:
    """The same visit as a phone sends it to the API."""
    data = help_data(helper, **fields)
    body = {
        "client_id": str(data.client_id),
        "helper": data.helper_id,
        "village": data.village_id,
        "helped_on": data.helped_on.isoformat(),
        "outcome": data.outcome,
        "kinds": list(data.kinds),
        "person_name": data.person_name,
        "person_phone": data.person_phone,
        "note": data.note,
    }
    if data.household_code:
        body["household"] = data.household_code
        body["person_name"] = ""
    return body

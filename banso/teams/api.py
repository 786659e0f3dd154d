"""The teams' API under /api/teams/, for a team member's phone (the signed-in session, as the
rest of the site, with its CSRF token; or a bearer token).

- ``GET /api/teams/mine``: what the phone keeps for the days without signal: the teams the
  person serves on, their serving members, their village's households (code and head's name),
  the kinds of help and the outcomes.
- ``POST /api/teams/help/{client_id}/photos``: a photo of a record already sent (multipart
  ``image``, optional ``caption``); the same file sent again is stored once.
- ``POST /api/teams/help/sync``: a batch of records of help made on the phone (at most
  ``SYNC_LIMIT``), each with the identifier the phone made for it; answered record by record:
  ``created``, ``already_recorded`` (same identifier, same content: nothing written),
  ``conflict`` (same identifier, other content: the stored record stays, the copy sent is kept
  aside, and ``server`` gives back the stored content) or ``refused`` (``errors`` by field, in
  the person's language). Posting the same batch again adds nothing.

The body is checked against its schema at the door: a body that does not fit (a field
missing or unknown, a malformed identifier or date, more records than allowed) is refused
whole, 422 with the API's ``detail``, before anything is read from the database.
"""

import datetime
import uuid
from typing import Literal

from django.http import Http404
from ninja import Field, File, Form, Router, Schema, UploadedFile
from pydantic import ConfigDict

from banso.households.models import Household
from banso.teams.models import HelpKind, HelpOutcome, Team, TeamMember
from banso.teams.selectors import help_kinds_active, help_records_for_user, offline_bundle
from banso.teams.services.help import (
    SYNC_LIMIT,
    HelpData,
    SyncAnswer,
    help_photo_add,
    help_sync,
)

router = Router(tags=["teams"])


class HelpRecordIn(Schema):
    """One visit or session, as the phone recorded it."""

    model_config = ConfigDict(extra="forbid")

    client_id: uuid.UUID = Field(description="Made by the phone once; never changes.")
    helper: int = Field(ge=1, le=2**31 - 1, description="The id of the member who helped.")
    village: int = Field(ge=1, le=2**31 - 1, description="The id of the village where.")
    household: str | None = Field(
        None, max_length=24, description="The household's code, for a household of the register."
    )
    person_name: str = Field("", max_length=200, description="Or the name of the person helped.")
    person_phone: str = Field("", max_length=30)
    kinds: list[str] = Field(min_length=1, max_length=20, description="Codes of the kinds of help.")
    helped_on: datetime.date
    outcome: HelpOutcome
    note: str = Field("", max_length=2000)


class HelpSyncIn(Schema):
    model_config = ConfigDict(extra="forbid")

    records: list[HelpRecordIn] = Field(min_length=1, max_length=SYNC_LIMIT)


class HelpContentOut(Schema):
    helper: int
    village: int
    household: str | None
    person_name: str
    person_phone: str
    kinds: list[str]
    helped_on: datetime.date
    outcome: str
    note: str


class HelpSyncAnswerOut(Schema):
    client_id: uuid.UUID
    status: Literal["created", "already_recorded", "conflict", "refused"]
    errors: dict[str, list[str]] = {}
    server: HelpContentOut | None = None


class HelpSyncOut(Schema):
    results: list[HelpSyncAnswerOut]
    created: int
    already_recorded: int
    conflicts: int
    refused: int


class MemberOut(Schema):
    id: int
    full_name: str
    position: str


class HouseholdOut(Schema):
    code: str
    head_name: str


class TeamOut(Schema):
    id: int
    village_id: int
    village: str
    commune: str
    founded_on: datetime.date
    members: list[MemberOut]
    households: list[HouseholdOut]


class KindOut(Schema):
    code: str
    name: str


class ChoiceOut(Schema):
    value: str
    label: str


class MineOut(Schema):
    teams: list[TeamOut]
    kinds: list[KindOut]
    outcomes: list[ChoiceOut]


def _team_out(team: Team, members: list[TeamMember], households: list[Household]) -> TeamOut:
    return TeamOut(
        id=team.pk,
        village_id=team.village_id,
        village=str(team.village),
        commune=team.unit.name,
        founded_on=team.founded_on,
        members=[MemberOut(id=m.pk, full_name=m.full_name, position=m.position) for m in members],
        households=[HouseholdOut(code=h.code, head_name=h.head_name) for h in households],
    )


@router.get("/mine", response=MineOut, summary="My team, for the phone to work offline")
def mine(request):
    kinds: list[HelpKind] = help_kinds_active()
    return MineOut(
        teams=[_team_out(**part) for part in offline_bundle(request.user)],
        kinds=[KindOut(code=kind.code, name=kind.display_name) for kind in kinds],
        outcomes=[ChoiceOut(value=value, label=str(label)) for value, label in HelpOutcome.choices],
    )


def _data(record: HelpRecordIn) -> HelpData:
    return HelpData(
        client_id=record.client_id,
        helper_id=record.helper,
        village_id=record.village,
        household_code=record.household,
        person_name=record.person_name,
        person_phone=record.person_phone,
        kinds=tuple(record.kinds),
        helped_on=record.helped_on,
        outcome=record.outcome.value,
        note=record.note,
    )


def _answer_out(answer: SyncAnswer) -> HelpSyncAnswerOut:
    return HelpSyncAnswerOut(
        client_id=answer.client_id,
        status=answer.status,
        errors={name: [str(m) for m in messages] for name, messages in answer.errors.items()},
        server=HelpContentOut(**answer.server) if answer.server else None,
    )


@router.post(
    "/help/sync",
    response=HelpSyncOut,
    summary="Send the help recorded on a phone (each record once, whatever the retries)",
    description=(
        "Each record carries the identifier the phone made for it. Answered record by record: "
        "created; already recorded (same identifier, same content: nothing is written); "
        "conflict (same identifier, other content: the stored record stays as it is, the copy "
        "sent is kept aside, and the stored content is given back); refused, with the errors "
        "of each field. Sending the same batch again adds nothing."
    ),
)
def help_sync_api(request, payload: HelpSyncIn):
    answers = help_sync(actor=request.user, records=[_data(r) for r in payload.records])
    counts = {status: 0 for status in ("created", "already_recorded", "conflict", "refused")}
    for answer in answers:
        counts[answer.status] += 1
    return HelpSyncOut(
        results=[_answer_out(answer) for answer in answers],
        created=counts["created"],
        already_recorded=counts["already_recorded"],
        conflicts=counts["conflict"],
        refused=counts["refused"],
    )


class PhotoOut(Schema):
    id: int
    position: int


@router.post(
    "/help/{client_id}/photos",
    response=PhotoOut,
    summary="Add a photo to a record of help already sent (a retry stores it once)",
)
def help_photo_api(
    request,
    client_id: uuid.UUID,
    image: File[UploadedFile],
    caption: Form[str] = "",
):
    record = help_records_for_user(request.user).filter(client_id=client_id).first()
    if record is None:
        raise Http404
    photo = help_photo_add(actor=request.user, record=record, image=image, caption=caption)
    return PhotoOut(id=photo.pk, position=photo.position)

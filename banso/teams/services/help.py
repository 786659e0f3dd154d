"""Help given by the teams: recorded on a phone, often without signal, and sent later in
batches (``help_sync``); a page or the demo records one at a time (``help_record``), through
the same checks.

**Sent twice, stored once.** Each record carries the identifier its phone made for it
(``client_id``, a UUID), unique in the table. A record whose identifier the table already
holds is compared with what is stored by its fingerprint (the hash of its content, as the
server normalises it): the same content is "already recorded" and nothing is written; other
content is a *conflict*: the stored record stays as it is, the copy sent is kept beside it
(``HelpConflict``, once per content) and the answer gives back the stored content, for the
phone to show both. Posting the same batch twice adds nothing, conflicts included.

**One transaction per batch, a savepoint per record.** A batch (at most ``SYNC_LIMIT``
records) is checked against a handful of queries (the identifiers, members, households,
villages and kinds it names), then written in one transaction: a record that fails its checks
is answered "refused" with its errors and the others are written; a record that fails at the
database (another request stored the same identifier a moment before) rolls back only its
savepoint and is answered as a record sent again. Everything answered is committed together,
or, when the request itself fails, nothing is, and the phone sends the same batch again, which
the identifiers make safe. One commit per batch rather than per record keeps SQLite's single
writer free sooner; the limit keeps each transaction short.

**A conflict is settled by a person** (``help_conflict_resolve``): the team or an officer over
it sees both copies and keeps the server's record, takes the phone's copy (the record is
rewritten with it, its former content kept on the conflict) or keeps both (the copy becomes a
record of its own). The phone's copy goes through the sync's checks again, as the person
settling it; all of it in one transaction, claimed by one conditional update so that two
people settling the same conflict at once settle it once.

**The reports' tallies in the same transaction.** The records a batch stores are counted into
the tallies (``services/tallies.py``) before it commits, a handful of statements a batch: the
reports read counts that are never behind the records.
"""

import copy as copy_module
import datetime
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.phone import phone_normalize
from banso.common.uploads import validate_image
from banso.households.models import Household
from banso.households.selectors import households_for_user
from banso.places.models import Village
from banso.teams.models import (
    ConflictResolution,
    HelpConflict,
    HelpKind,
    HelpOutcome,
    HelpPhoto,
    HelpRecord,
    Team,
    TeamMember,
)
from banso.teams.services.tallies import help_tallies_add, help_tallies_replace

# Records one request may carry: the phone sends its queue in batches of this size.
SYNC_LIMIT = 100
NOTE_LENGTH = 1000
MAX_PHOTOS = 5

Status = Literal["created", "already_recorded", "conflict", "refused"]


@dataclass(frozen=True)
class HelpData:
    """A record of help as a phone or a page sends it."""

    client_id: uuid.UUID
    helper_id: int
    village_id: int
    helped_on: datetime.date
    outcome: str
    kinds: tuple[str, ...]
    household_code: str | None = None
    person_name: str = ""
    person_phone: str = ""
    note: str = ""


@dataclass
class SyncAnswer:
    """What became of one record sent: ``record`` is the stored one (created, already there,
    or the one a conflicting copy clashes with); ``server`` is the stored content given back
    with a conflict, to a person who may read it."""

    client_id: uuid.UUID
    status: Status
    record: HelpRecord | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    server: dict[str, Any] | None = None


def _line(text: str) -> str:
    return " ".join(text.split())


def _phone_as_stored(raw: str) -> str:
    raw = raw.strip()
    try:
        return phone_normalize(raw) if raw else ""
    except ValidationError:
        return raw


def help_content(data: HelpData) -> dict[str, Any]:
    """The content of a record as the server normalises it (names' spaces, phone numbers in
    +84 form, household codes in capitals, kinds sorted once each): what the fingerprint is
    the hash of, and what a conflict gives back."""
    return {
        "helper": data.helper_id,
        "village": data.village_id,
        "household": (data.household_code or "").strip().upper() or None,
        "person_name": _line(data.person_name),
        "person_phone": _phone_as_stored(data.person_phone),
        "kinds": sorted({kind.strip() for kind in data.kinds}),
        "helped_on": data.helped_on.isoformat(),
        "outcome": data.outcome,
        "note": data.note.replace("\r\n", "\n").strip(),
    }


def help_fingerprint(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def help_record_content(record: HelpRecord) -> dict[str, Any]:
    """A stored record's content, in the form of :func:`help_content`."""
    return {
        "helper": record.helper_id,
        "village": record.village_id,
        "household": record.household.code if record.household is not None else None,
        "person_name": record.person_name,
        "person_phone": record.person_phone,
        "kinds": sorted(kind.code for kind in record.kinds.all()),
        "helped_on": record.helped_on.isoformat(),
        "outcome": record.outcome,
        "note": record.note,
    }


class _Batch:
    """What a batch names, read with one query each: the records already stored under its
    identifiers, the members, households (within the actor's scope), villages and kinds."""

    def __init__(self, actor, records: Sequence[HelpData]):
        self.actor = actor
        self.today = timezone.localdate()
        self.stored: dict[uuid.UUID, HelpRecord] = {
            record.client_id: record
            for record in HelpRecord.objects.filter(
                client_id__in=[data.client_id for data in records]
            )
        }
        self.helpers: dict[int, TeamMember] = {
            member.pk: member
            for member in TeamMember.objects.select_related("team").filter(
                pk__in={data.helper_id for data in records}
            )
        }
        codes = {
            (data.household_code or "").strip().upper() for data in records if data.household_code
        }
        self.households: dict[str, Household] = (
            {h.code: h for h in households_for_user(actor).filter(code__in=codes)} if codes else {}
        )
        self.villages: dict[int, Village] = {
            village.pk: village
            for village in Village.objects.filter(pk__in={data.village_id for data in records})
        }
        self.kinds: dict[str, HelpKind] = {
            kind.code: kind for kind in HelpKind.objects.filter(is_active=True)
        }
        self.may_record: dict[int, bool] = {}
        self.served: dict[int, list[tuple[datetime.date, datetime.date | None]] | None] = {}

    def may(self, team: Team) -> bool:
        if team.pk not in self.may_record:
            self.may_record[team.pk] = self.actor.has_perm("teams.add_helprecord", team)
        return self.may_record[team.pk]

    def served_on(self, team: Team, day: datetime.date) -> bool:
        """Whether the actor may record a visit of ``day`` for ``team``: its officers and its
        serving members any day; a member who left only the days they served (their visits
        of that time, sent late from the phone)."""
        if team.pk not in self.served:
            unrestricted = self.actor.has_perm("teams.change_team", team) or self.actor.has_perm(
                "teams.view_helprecord", team
            )
            self.served[team.pk] = (
                None
                if unrestricted
                else list(
                    TeamMember.objects.filter(team=team, user=self.actor).values_list(
                        "joined_on", "left_on"
                    )
                )
            )
        periods = self.served[team.pk]
        return periods is None or any(
            joined <= day and (left is None or day <= left) for joined, left in periods
        )

    def check(
        self, data: HelpData, content: dict[str, Any]
    ) -> tuple[HelpRecord | None, list[HelpKind], dict[str, list[str]]]:
        """The record to store and its kinds, or the errors, by field, that refuse it."""
        errors: dict[str, list[str]] = {}

        def error(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        helper = self.helpers.get(data.helper_id)
        if helper is None or not self.may(helper.team):
            # A member of a team the actor may not record for is as unknown as no member.
            error("helper", _("No member of your team has this number."))
            return None, [], errors
        team = helper.team
        day = data.helped_on
        if day > self.today:
            error("helped_on", _("This day has not come yet."))
        elif day < team.founded_on or (team.dissolved_on and day > team.dissolved_on):
            error("helped_on", _("The team did not exist on that day."))
        elif day < helper.joined_on or (helper.left_on and day > helper.left_on):
            error(
                "helped_on",
                _("%(name)s was not a member of the team on that day.")
                % {"name": helper.full_name},
            )
        elif not self.served_on(team, day):
            error("helped_on", _("You were not a member of the team on that day."))
        village = self.villages.get(data.village_id)
        if village is None or village.commune_id != team.unit_id:
            error("village", _("Choose a village of the team's commune."))
        household = None
        if content["household"]:
            household = self.households.get(content["household"])
            if household is None or household.village_id != team.village_id:
                error("household", _("The team's village has no household of this code."))
            if content["person_name"] or content["person_phone"]:
                error(
                    "person_name",
                    _(
                        "Choose a household of the register, or write the name of the person "
                        "helped: not both."
                    ),
                )
        elif not content["person_name"]:
            error(
                "person_name",
                _("Choose a household of the register, or write the name of the person helped."),
            )
        elif len(content["person_name"]) > 120:
            error("person_name", _("The name is longer than 120 characters."))
        if content["person_phone"]:
            try:
                phone_normalize(content["person_phone"])
            except ValidationError as problem:
                error("person_phone", problem.messages[0])
        kinds = [self.kinds[code] for code in content["kinds"] if code in self.kinds]
        if not content["kinds"]:
            error("kinds", _("Choose what the person was helped with."))
        elif len(kinds) < len(content["kinds"]):
            unknown = sorted(set(content["kinds"]) - set(self.kinds))
            error(
                "kinds",
                _("Unknown kind of help: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        if data.outcome not in HelpOutcome.values:
            error("outcome", _("Choose how it ended: done, needs follow-up or referred."))
        if len(content["note"]) > NOTE_LENGTH:
            error(
                "note",
                _("The note is longer than %(count)d characters.") % {"count": NOTE_LENGTH},
            )
        if errors:
            return None, [], errors
        record = HelpRecord(
            client_id=data.client_id,
            team=team,
            helper=helper,
            village=village,
            unit_id=team.unit_id,
            household=household,
            person_name=content["person_name"],
            person_phone=content["person_phone"],
            helped_on=day,
            outcome=data.outcome,
            note=content["note"],
            recorded_by=self.actor if getattr(self.actor, "is_authenticated", False) else None,
            fingerprint=help_fingerprint(content),
        )
        # The checks above stand for the queries of foreign keys and the unique identifier.
        record.full_clean(
            exclude=["team", "helper", "village", "unit", "household", "recorded_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        return record, kinds, {}

    def again(self, record: HelpRecord, data: HelpData, content: dict, print_: str) -> SyncAnswer:
        """A record whose identifier is stored already: the same, or a conflict kept aside."""
        if record.fingerprint == print_:
            return SyncAnswer(data.client_id, "already_recorded", record=record)
        HelpConflict.objects.get_or_create(
            record=record,
            fingerprint=print_,
            defaults={
                "content": content,
                "sent_by": self.actor if getattr(self.actor, "is_authenticated", False) else None,
            },
        )
        readable = self.actor.has_perm("teams.view_helprecord", record.team)
        return SyncAnswer(
            data.client_id,
            "conflict",
            record=record,
            server=help_record_content(record) if readable else None,
        )


@transaction.atomic
def help_sync(*, actor, records: Sequence[HelpData]) -> list[SyncAnswer]:
    """Store a batch of records sent by a phone; one answer per record, in order: created,
    already recorded (same identifier, same content), conflict (same identifier, other
    content: kept aside, never written over the stored one) or refused (with its errors)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to send the help your team gave."))
    if len(records) > SYNC_LIMIT:
        raise ValidationError(
            _("Send at most %(count)d records at a time.") % {"count": SYNC_LIMIT},
            code="too_many",
        )
    batch = _Batch(actor, records)
    answers: list[SyncAnswer] = []
    created: list[HelpRecord] = []
    created_kinds: dict[int, list[int]] = {}  # for the tallies
    for data in records:
        content = help_content(data)
        print_ = help_fingerprint(content)
        stored = batch.stored.get(data.client_id)
        if stored is not None:
            answers.append(batch.again(stored, data, content, print_))
            continue
        record, kinds, errors = batch.check(data, content)
        if record is None:
            answers.append(SyncAnswer(data.client_id, "refused", errors=errors))
            continue
        try:
            with transaction.atomic():
                record.save()
                record.kinds.add(*kinds)
        except IntegrityError:
            # Another request stored this identifier a moment ago (the unique index waited
            # for it): answered as a record sent again.
            stored = HelpRecord.objects.filter(client_id=data.client_id).first()
            if stored is None:
                raise
            batch.stored[data.client_id] = stored
            answers.append(batch.again(stored, data, content, print_))
            continue
        batch.stored[data.client_id] = record
        created.append(record)
        created_kinds[record.pk] = [kind.pk for kind in kinds]
        answers.append(SyncAnswer(data.client_id, "created", record=record))
    help_tallies_add(records=created, kinds=created_kinds)
    return answers


def help_record(*, actor, data: HelpData) -> HelpRecord:
    """Record one visit (a page, the demo): the checks of :func:`help_sync`; its refusals
    raised as a ``ValidationError`` by field. Recording the same identifier and content again
    gives the stored record."""
    (answer,) = help_sync(actor=actor, records=[data])
    if answer.status == "refused":
        raise ValidationError(answer.errors)
    if answer.status == "conflict":
        raise ValidationError(
            _("Another record has this identifier; it was kept as it is."), code="conflict"
        )
    assert answer.record is not None
    return answer.record


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def help_photo_add(*, actor, record: HelpRecord, image, caption: str = "") -> HelpPhoto:
    """Add a photo of the visit: its picture checked and re-encoded (its GPS position and
    camera's serial dropped), stored where only a guarded view serves it. The same file sent
    again for the same record (a phone's retry) gives the photo stored the first time."""
    if not actor.has_perm("teams.add_helprecord", record.team):
        raise PermissionDenied(_("Only the team and the officers of its commune add photos."))
    try:
        validate_image(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}, code=error.code) from error
    source = _sha256(image)
    record = HelpRecord.objects.select_for_update().get(pk=record.pk)
    stored = record.photos.filter(source_sha256=source).first()
    if stored is not None:
        return stored
    position = record.photos.count()
    if position >= MAX_PHOTOS:
        raise ValidationError(
            {"image": _("A visit has at most %(count)d photos.") % {"count": MAX_PHOTOS}}
        )
    photo = HelpPhoto(
        record=record,
        image=image,
        caption=_line(caption)[:200],
        position=position,
        source_sha256=source,
    )
    photo.full_clean()
    photo.save()
    return photo


# Conflicts ------------------------------------------------------------------------------------

_RECORD_CONTENT_FIELDS = (
    "helper",
    "village",
    "household",
    "person_name",
    "person_phone",
    "helped_on",
    "outcome",
    "note",
    "recorded_by",
    "fingerprint",
)


def _conflict_copy(
    actor, conflict: HelpConflict, record: HelpRecord, client_id: uuid.UUID
) -> tuple[HelpRecord, list[HelpKind]]:
    """The phone's copy as a record of ``record``'s team (unsaved), through the sync's checks
    as the person settling it; refused with the errors of its fields."""
    content = conflict.content
    data = HelpData(
        client_id=client_id,
        helper_id=int(content["helper"]),
        village_id=int(content["village"]),
        helped_on=datetime.date.fromisoformat(content["helped_on"]),
        outcome=content["outcome"],
        kinds=tuple(content["kinds"]),
        household_code=content["household"],
        person_name=content["person_name"],
        person_phone=content["person_phone"],
        note=content["note"],
    )
    copy, kinds, errors = _Batch(actor, [data]).check(data, help_content(data))
    if copy is None:
        raise ValidationError(errors)
    if copy.team_id != record.team_id:
        raise ValidationError(_("The phone's copy names a member of another team."))
    copy.recorded_by = conflict.sent_by or copy.recorded_by
    return copy, kinds


@transaction.atomic
def help_conflict_resolve(*, actor, conflict: HelpConflict, resolution: str) -> HelpConflict:
    """Settle a conflicting copy: keep the server's record as it is (``kept_server``), rewrite
    the record with the phone's copy (``took_phone``; the content it had is kept on the
    conflict) or store the copy as another record of the team (``kept_both``, under an
    identifier drawn from the record's and the copy's). The team's active members and the
    officers over it may; a conflict is settled once."""
    record = HelpRecord.objects.select_related("team").get(pk=conflict.record_id)
    if not actor.has_perm("teams.change_helpconflict", record.team):
        raise PermissionDenied(_("Only the team and the officers over it settle its conflicts."))
    if resolution not in ConflictResolution.values:
        raise ValidationError({"resolution": _("Choose which copy to keep.")})
    now = timezone.now()
    claimed = HelpConflict.objects.filter(pk=conflict.pk, resolution="").update(
        resolution=resolution, resolved_at=now, resolved_by=actor, updated_at=now
    )
    if not claimed:
        raise ValidationError(_("This conflict was settled already."), code="settled")
    if resolution == ConflictResolution.TOOK_PHONE:
        # Only the record's row is locked: PostgreSQL refuses FOR UPDATE on the nullable
        # side of the outer join to the household.
        record = (
            HelpRecord.objects.select_for_update(of=("self",))
            .select_related("household")
            .get(pk=record.pk)
        )
        copy, kinds = _conflict_copy(actor, conflict, record, record.client_id)
        before = help_record_content(record)
        former = copy_module.copy(record)
        former_kinds = list(record.kinds.values_list("pk", flat=True))
        for name in _RECORD_CONTENT_FIELDS:
            setattr(record, name, getattr(copy, name))
        record.save()
        record.kinds.set(kinds)
        help_tallies_replace(
            record=record,
            kinds=[kind.pk for kind in kinds],
            before=former,
            before_kinds=former_kinds,
        )
        HelpConflict.objects.filter(pk=conflict.pk).update(replaced_content=before)
    elif resolution == ConflictResolution.KEPT_BOTH:
        client_id = uuid.uuid5(record.client_id, conflict.fingerprint)
        copy, kinds = _conflict_copy(actor, conflict, record, client_id)
        copy.save()
        copy.kinds.add(*kinds)
        help_tallies_add(records=[copy], kinds={copy.pk: [kind.pk for kind in kinds]})
        HelpConflict.objects.filter(pk=conflict.pk).update(kept_as=copy)
    conflict.refresh_from_db()
    return conflict

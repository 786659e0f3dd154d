"""Every write of the team register: teams founded, corrected, dissolved or replaced; members
added, changed, leaving; the list of kinds of help.

Who may write: the officers of the team's commune and province, and superusers
(``teams.rules``); the kinds of help, province officers. Each service checks the actor itself,
so a rule holds whichever door the change came through (page, import, admin, demo).

Nothing of the register is ever deleted: a team is dissolved (its members leave on that day),
a member leaves (the day and why). A team replaced by a new decision is dissolved on the day
the new one is founded, and the members who go on serving leave the old team and join the new
one on that day, so each team's rows keep telling who served it.
"""

import datetime
from collections.abc import Sequence
from typing import TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.models import User
from banso.accounts.phone import phone_normalize
from banso.common.page_cache import page_versions_bump
from banso.places.models import Village
from banso.teams.models import HelpKind, MemberBackground, Team, TeamMember, TeamPosition
from banso.teams.selectors import team_membership_forget

# Rows a bulk statement writes at most (SQLite counts every value as a parameter).
BULK_SIZE = 500


def _require(user, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _require_change(actor, team: Team) -> None:
    _require(
        actor,
        "teams.change_team",
        team,
        _("Only an officer of the team's commune or province may change its register."),
    )


def _phone(raw: str, field: str = "phone") -> str:
    raw = raw.strip()
    if not raw:
        return ""
    try:
        return phone_normalize(raw)
    except ValidationError as error:
        raise ValidationError({field: error}) from error


def _line(text: str) -> str:
    return " ".join(text.split())


def _fields_check(row) -> None:
    """Each field's own checks (lengths, choices, validators): what ``full_clean`` checks in
    Python, without the database's look-ups, which ``_save`` or the constraints do."""
    relations = [field.name for field in row._meta.concrete_fields if field.is_relation]
    row.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _save(row, *, exclude: list[str] | None = None):
    """``full_clean`` then save; a constraint another request won meanwhile (one active team a
    village, one leader a team) is refused with its own message."""
    row.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        row.full_clean(exclude=exclude)  # names the constraint now that the other row exists
        raise ValidationError(_("This change clashes with another one; try again.")) from error
    return row


# Teams ----------------------------------------------------------------------------------------


def _team_dates_check(*, decision_date: datetime.date, founded_on: datetime.date) -> None:
    if founded_on < decision_date:
        raise ValidationError(
            {"founded_on": _("A team is founded on the day of its decision or later.")}
        )


def team_build(
    *,
    actor,
    village: Village,
    decision_number: str,
    decision_date: datetime.date,
    founded_on: datetime.date | None = None,
    decision_scan=None,
    replaces: Team | None = None,
) -> Team:
    """The team :func:`team_found` founds, with its checks, not saved yet: the import builds a
    province's teams so and saves them at once (:func:`register_save`)."""
    _require(
        actor,
        "teams.add_team",
        village,
        _("Only an officer of the village's commune or province may found its team."),
    )
    founded_on = founded_on or decision_date
    _team_dates_check(decision_date=decision_date, founded_on=founded_on)
    team = Team(
        village=village,
        unit=village.commune,
        decision_number=_line(decision_number),
        decision_date=decision_date,
        founded_on=founded_on,
        replaces=replaces,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if decision_scan:
        team.decision_scan = decision_scan
    _fields_check(team)
    return team


def team_found(
    *,
    actor,
    village: Village,
    decision_number: str,
    decision_date: datetime.date,
    founded_on: datetime.date | None = None,
    decision_scan=None,
    replaces: Team | None = None,
) -> Team:
    """Found the team of ``village`` by the commune's decision. A village has one active team:
    while it has one, a new decision replaces it (:func:`team_replace`)."""
    team = team_build(
        actor=actor,
        village=village,
        decision_number=decision_number,
        decision_date=decision_date,
        founded_on=founded_on,
        decision_scan=decision_scan,
        replaces=replaces,
    )
    return _save(team)


class TeamData(TypedDict, total=False):
    """What may be corrected of a team's founding (never its village)."""

    decision_number: str
    decision_date: datetime.date
    founded_on: datetime.date
    decision_scan: object


def team_update(*, actor, team: Team, data: TeamData) -> Team:
    """Correct the founding decision of a team as the register wrote it."""
    _require_change(actor, team)
    for field in TeamData.__annotations__:
        if field in data:
            value = data[field]  # type: ignore[literal-required]
            setattr(team, field, _line(value) if field == "decision_number" else value)
    _team_dates_check(decision_date=team.decision_date, founded_on=team.founded_on)
    return _save(team)


@transaction.atomic
def team_dissolve(*, actor, team: Team, on: datetime.date, note: str = "") -> Team:
    """Dissolve a team on ``on``: its serving members leave on that day. Its rows, members and
    help given stay, and its village may have a new team from that day. The day has come (a
    team with a day of dissolution is no longer active, whatever the day: one set ahead would
    close the village's households to its members now)."""
    _require_change(actor, team)
    if on > timezone.localdate():
        raise ValidationError(
            {"on": _("A team is dissolved on a day that has come, not ahead.")}, code="ahead"
        )
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team.dissolved_on is not None:
        raise ValidationError(_("This team was already dissolved."), code="dissolved")
    team.dissolved_on = on
    team.dissolution_note = _line(note)
    _save(team)
    reason = note or _("The team was dissolved.")
    for member in team.members.filter(left_on__isnull=True):
        if on < member.joined_on:
            raise ValidationError(
                {"on": _("%(name)s joined after that day.") % {"name": member.full_name}}
            )
        member.left_on = on
        member.leave_reason = _line(reason)[:300]
        _save(member)
        team_membership_forget(member.user if member.user_id else None)
    return team


@transaction.atomic
def team_replace(
    *,
    actor,
    team: Team,
    decision_number: str,
    decision_date: datetime.date,
    founded_on: datetime.date | None = None,
    decision_scan=None,
    members_carried: bool = True,
) -> Team:
    """Replace the village's team by a new decision: the old team is dissolved on the day the
    new one is founded, and (``members_carried``) each member serving then leaves the old team
    and joins the new one on that day, with the same position, background and training."""
    _require_change(actor, team)
    founded_on = founded_on or decision_date
    serving = list(team.members.filter(left_on__isnull=True).select_related("user"))
    team_dissolve(
        actor=actor,
        team=team,
        on=founded_on,
        note=_("Replaced by decision %(number)s.") % {"number": _line(decision_number)},
    )
    new = team_found(
        actor=actor,
        village=team.village,
        decision_number=decision_number,
        decision_date=decision_date,
        founded_on=founded_on,
        decision_scan=decision_scan,
        replaces=team,
    )
    if members_carried:
        for member in serving:
            member_add(
                actor=actor,
                team=new,
                full_name=member.full_name,
                phone=member.phone,
                user=member.user,
                position=member.position,
                background=member.background,
                training=member.training,
                joined_on=founded_on,
            )
    return new


# Members --------------------------------------------------------------------------------------


def _member_check(member: TeamMember) -> None:
    team = member.team
    if member.joined_on < team.founded_on:
        raise ValidationError(
            {"joined_on": _("A member joins on or after the day the team was founded.")}
        )
    if team.dissolved_on is not None and (
        member.left_on is None or member.left_on > team.dissolved_on
    ):
        raise ValidationError(_("This team was dissolved: its register no longer changes."))


def member_build(
    *,
    actor,
    team: Team,
    full_name: str,
    background: str,
    position: str = TeamPosition.MEMBER,
    phone: str = "",
    user: User | None = None,
    training: str = "",
    joined_on: datetime.date | None = None,
) -> TeamMember:
    """The member :func:`member_add` adds, with its checks, not saved yet (``team`` may be a
    team just built): for :func:`register_save`."""
    _require_change(actor, team)
    if joined_on is None:
        joined_on = max(timezone.localdate(), team.founded_on)
    member = TeamMember(
        team=team,
        full_name=_line(full_name),
        phone=_phone(phone),
        user=user,
        position=position,
        background=background or MemberBackground.OTHER,
        training=_line(training),
        joined_on=joined_on,
    )
    _member_check(member)
    _fields_check(member)
    return member


@transaction.atomic
def member_add(
    *,
    actor,
    team: Team,
    full_name: str,
    background: str,
    position: str = TeamPosition.MEMBER,
    phone: str = "",
    user: User | None = None,
    training: str = "",
    joined_on: datetime.date | None = None,
) -> TeamMember:
    """Add a member to an active team. ``user`` is their account, when they sign in (their
    phone then reads the village's households and records help); ``joined_on`` is today by
    default, or the team's founding day when that is later."""
    _require_change(actor, team)
    # As the register stands now (a dissolution waits for this), not as the caller read it.
    team = Team.objects.select_for_update().get(pk=team.pk)
    member = member_build(
        actor=actor,
        team=team,
        full_name=full_name,
        background=background,
        position=position,
        phone=phone,
        user=user,
        training=training,
        joined_on=joined_on,
    )
    _save(member)
    team_membership_forget(user)
    return member


class MemberData(TypedDict, total=False):
    """What may change of a serving member (never their team or the day they joined)."""

    full_name: str
    phone: str
    user: User | None
    position: str
    background: str
    training: str


def member_change(*, actor, member: TeamMember, data: MemberData) -> TeamMember:
    """``data`` written on ``member`` as :func:`member_update` does, with its checks, not
    saved yet: for :func:`register_save`."""
    _require_change(actor, member.team)
    if member.left_on is not None:
        raise ValidationError(_("This person has left the team: their row no longer changes."))
    for field in MemberData.__annotations__:
        if field in data:
            value = data[field]  # type: ignore[literal-required]
            if field == "phone":
                value = _phone(value)
            elif field in ("full_name", "training"):
                value = _line(value)
            setattr(member, field, value)
    _member_check(member)
    _fields_check(member)
    return member


def member_update(*, actor, member: TeamMember, data: MemberData) -> TeamMember:
    """Change a serving member's details: a new position, a phone number, training received."""
    before = member.user
    member_change(actor=actor, member=member, data=data)
    _save(member)
    team_membership_forget(before)
    team_membership_forget(member.user)
    return member


# Fields a change of a serving member writes (``MemberData``), and when.
MEMBER_CHANGED_FIELDS = [*MemberData.__annotations__, "updated_at"]


def _members_update(members: Sequence[TeamMember]) -> None:
    """One ``UPDATE`` a member, sent as one batch (``executemany``): ``bulk_update``'s
    ``CASE WHEN`` over 7,400 members cost 20 s of Python to build."""
    if not members:
        return
    fields = [
        field for field in TeamMember._meta.concrete_fields if field.name in MEMBER_CHANGED_FIELDS
    ]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.attname)} = %s" for field in fields)
    table = quote(TeamMember._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 (the model's names)
    rows = [
        [field.get_db_prep_save(getattr(member, field.attname), connection) for field in fields]
        + [member.pk]
        for member in members
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@transaction.atomic
def register_save(
    *,
    teams: Sequence[Team] = (),
    added: Sequence[TeamMember] = (),
    changed: Sequence[TeamMember] = (),
) -> None:
    """Save at once the teams :func:`team_build` made, the members :func:`member_build` made
    and those :func:`member_change` changed: a province's register (the Excel import: 1,600
    teams, 7,400 members) in a few dozen statements, where the services one by one take ten a
    member.

    The builders ran each service's checks but those only the database knows, which its
    constraints hold here as they do for the services (one active team a village, one leader
    a team, an account and a phone once a team): a clash with a change made meanwhile refuses
    everything. The teams that exist are locked first, as :func:`member_add` locks its team,
    and must still be active. A member stepping down from leader is saved before the one who
    takes the place. Bulk writes send no signals: the teams' public pages are told here."""
    existing = {member.team_id for member in [*added, *changed] if member.team_id}
    active = Team.objects.select_for_update().filter(pk__in=existing, dissolved_on__isnull=True)
    if len(list(active.values_list("pk", flat=True))) != len(existing):
        raise ValidationError(_("This team was dissolved: its register no longer changes."))
    now = timezone.now()
    for member in changed:
        member.updated_at = now
    leads = [member for member in changed if member.position == TeamPosition.LEADER]
    others = [member for member in changed if member.position != TeamPosition.LEADER]
    try:
        with transaction.atomic():
            Team.objects.bulk_create(teams, batch_size=BULK_SIZE)
            for rows in (others, leads):
                _members_update(rows)
            TeamMember.objects.bulk_create(
                sorted(added, key=lambda member: member.position == TeamPosition.LEADER),
                batch_size=BULK_SIZE,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This change clashes with another one; try again."), code="clash"
        ) from error
    for member in [*added, *changed]:
        if member.user_id:
            team_membership_forget(member.user)
    page_versions_bump("teams")


def member_leave(
    *, actor, member: TeamMember, on: datetime.date | None = None, reason: str = ""
) -> TeamMember:
    """A member leaves the team on ``on`` (today by default): their row stays, with the day and
    why, and so does the help they gave. Their account no longer reads the village."""
    _require_change(actor, member.team)
    if member.left_on is not None:
        raise ValidationError(_("This person has already left the team."), code="left")
    member.left_on = on or timezone.localdate()
    member.leave_reason = _line(reason)
    _save(member)
    team_membership_forget(member.user if member.user_id else None)
    return member


# Kinds of help --------------------------------------------------------------------------------


def _require_kinds(actor) -> None:
    _require(
        actor,
        "teams.change_helpkind",
        None,
        _("Only a province officer may change the list of kinds of help."),
    )


def help_kind_create(*, actor, code: str, name: str, position: int = 0) -> HelpKind:
    _require_kinds(actor)
    kind = HelpKind(code=code.strip().lower(), name=_line(name), position=position)
    return _save(kind)


class HelpKindData(TypedDict, total=False):
    name: str
    position: int
    is_active: bool


def help_kind_update(*, actor, kind: HelpKind, data: HelpKindData) -> HelpKind:
    """Rename, move or stop offering a kind of help (records that name it keep it)."""
    _require_kinds(actor)
    for field in HelpKindData.__annotations__:
        if field in data:
            value = data[field]  # type: ignore[literal-required]
            setattr(kind, field, _line(value) if field == "name" else value)
    return _save(kind)

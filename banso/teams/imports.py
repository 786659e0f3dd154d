"""Excel import of a commune's (or the province's) digital-technology teams and their members:
one member a row, under the columns of the empty workbook (found by their headers, in any of
the site's languages): the commune (when the province is imported), the village, the founding
decision's number and date, then the member's name, phone number, position in the team, where
they come from, the day they joined and the training they received.

The rows of one village make its team. A village without an active team gets one, founded by
the decision the rows name; a village whose active team has that decision finds it again; a
village whose active team has another decision is an error on the row (a new decision replaces
a team from its page, where the officer says so). Members are found again among the team's
serving members by phone number, else by name: their position, background, training and phone
are updated; the others are added (joining on the day written, else the team's founding day
for a new team, today for an existing one). Members the file does not name stay as they are:
leaving is recorded, never inferred.

Every row is checked first (cells, village, decision, one leader a team, a person twice); with
any error nothing is written. Then each team and member is made by the services' builders
(``team_build``, ``member_build``, ``member_change``: the checks of ``team_found``,
``member_add`` and ``member_update``; a refusal is reported on its row) and saved at once by
``register_save``, in one transaction: a province's 1,600 teams and 7,400 members in about a
hundred statements (one by one, the services took ten a member: 139,000 statements and 86 s on
SQLite). A member the file leaves as it is is not written again. The parsed rows are kept
between the two steps: a province's register (about 7,400 members in Lào Cai) is a few
megabytes.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from banso.accounts.phone import phone_normalize
from banso.common.imports import (
    ImportReport,
    ImportResult,
    RowError,
    SheetColumns,
    read_date,
    read_text,
)
from banso.common.text import fold
from banso.common.workbooks import WorkbookLimits, workbook_header, workbook_iter_rows
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.teams.models import MemberBackground, Team, TeamMember, TeamPosition
from banso.teams.services.register import (
    MemberData,
    member_build,
    member_change,
    register_save,
    team_build,
)

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A province's register fits: Lào Cai counts about 7,400 members in 1,600 teams.
MAX_ROWS = 12_000
TEAM_IMPORT_LIMITS = WorkbookLimits(rows=MAX_ROWS, columns=20)

COMMUNE, VILLAGE, NUMBER, DATE, NAME, PHONE, POSITION, BACKGROUND, JOINED, TRAINING = (
    "commune",
    "village",
    "decision_number",
    "decision_date",
    "full_name",
    "phone",
    "position",
    "background",
    "joined_on",
    "training",
)
COLUMNS = {
    COMMUNE: gettext_lazy("Commune or ward (code or name)"),
    VILLAGE: gettext_lazy("Village (number or name)"),
    NUMBER: gettext_lazy("Founding decision number"),
    DATE: gettext_lazy("Founding decision date"),
    NAME: gettext_lazy("Member's full name"),
    PHONE: gettext_lazy("Phone number"),
    POSITION: gettext_lazy("Position in the team"),
    BACKGROUND: gettext_lazy("Comes from"),
    JOINED: gettext_lazy("Joined on"),
    TRAINING: gettext_lazy("Training received"),
}
REQUIRED = (VILLAGE, NUMBER, DATE, NAME, POSITION, BACKGROUND)
# Words offices write for the positions and backgrounds, folded, beside the site's own labels.
POSITION_WORDS = {"": TeamPosition.MEMBER, "tổ viên": TeamPosition.MEMBER}
BACKGROUND_WORDS = {
    "truong ban": MemberBackground.VILLAGE_HEAD,
    "to truong to dan pho": MemberBackground.VILLAGE_HEAD,
    "bi thu": MemberBackground.PARTY_SECRETARY,
    "doan vien": MemberBackground.YOUTH_UNION,
    "doan thanh nien": MemberBackground.YOUTH_UNION,
    "phu nu": MemberBackground.WOMENS_UNION,
    "hoi phu nu": MemberBackground.WOMENS_UNION,
    "cong an vien": MemberBackground.POLICE,
    "cong an xa": MemberBackground.POLICE,
    "y te thon ban": MemberBackground.HEALTH_WORKER,
    "buu dien": MemberBackground.POST_TELECOM,
    "vien thong": MemberBackground.POST_TELECOM,
}


def template_workbook() -> Workbook:
    """An empty workbook with the header row in Vietnamese and two example rows."""
    with translation.override("vi"):
        headers = [str(label) for label in COLUMNS.values()]
        title = _("Teams and members")[:31]
        examples = [
            [
                "02761",
                "Mã Tuyển",
                "125/QĐ-UBND",
                datetime.date(2023, 3, 15),
                "Thào Seo Lử",
                "0912345678",
                str(TeamPosition.LEADER.label),
                str(MemberBackground.VILLAGE_HEAD.label),
                datetime.date(2023, 3, 15),
                "Kỹ năng số cơ bản, 04/2023",
            ],
            [
                "02761",
                "Mã Tuyển",
                "125/QĐ-UBND",
                datetime.date(2023, 3, 15),
                "Vàng Thị Mai",
                "0987654321",
                str(TeamPosition.MEMBER.label),
                str(MemberBackground.YOUTH_UNION.label),
                None,
                "",
            ],
        ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for example in examples:
        sheet.append(example)
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=9):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for index in range(len(headers)):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = 20
    return workbook


def _choice_words(choices, extra: Mapping[str, str]) -> dict[str, str]:
    """Each choice's code and its label in every language, folded, to its code."""
    known = {fold(code): code for code in choices.values}
    for language in ("vi", "en", "zh-hans"):
        with translation.override(language):
            for code, label in choices.choices:
                known[fold(str(label))] = code
    known.update({fold(word): code for word, code in extra.items()})
    return known


@dataclass
class _Row:
    number: int
    village: Village
    decision_number: str
    decision_date: datetime.date
    full_name: str
    phone: str
    position: str
    background: str
    joined_on: datetime.date | None
    training: str
    member: TeamMember | None = None  # the serving member found again


@dataclass
class TeamImportResult(ImportResult):
    """What an import did: ``created`` and ``updated`` count members, ``teams_founded`` the
    teams it founded."""

    teams_founded: int = 0


@dataclass
class _Village:
    """What the rows of one village say, and its active team with its serving members."""

    team: Team | None
    members: list[TeamMember] = field(default_factory=list)
    decision: tuple[str, datetime.date] | None = None
    rows: list[_Row] = field(default_factory=list)


class _Reader:
    def __init__(self, *, unit: AdministrativeUnit, headers: tuple):
        self.unit = unit
        self.by_province = unit.level == UnitLevel.PROVINCE
        self.columns = SheetColumns(
            headers,
            columns=COLUMNS,
            required=(COMMUNE, *REQUIRED) if self.by_province else REQUIRED,
        )
        communes = (
            list(AdministrativeUnit.objects.filter(parent=unit, is_current=True))
            if self.by_province
            else [unit]
        )
        self.communes: dict[str, AdministrativeUnit] = {}
        for commune in communes:
            self.communes[commune.code] = commune
            self.communes[commune.name_folded] = commune
            self.communes[fold(commune.short_name)] = commune
        self.villages: dict[tuple[int, str], Village] = {}
        for village in Village.objects.filter(commune__in=communes).select_related("commune"):
            for key in (str(village.pk), village.name_folded, fold(str(village))):
                self.villages[village.commune_id, key] = village
        self.positions = _choice_words(TeamPosition, POSITION_WORDS)
        self.backgrounds = _choice_words(MemberBackground, BACKGROUND_WORDS)

    def parse(self, number: int, values: tuple, errors: list[RowError]) -> _Row | None:
        """The row, or None when it is empty or has an error (added to ``errors``)."""
        if all(read_text(value) == "" for value in values):
            return None
        count = len(errors)
        columns = self.columns

        def cell(key: str) -> str:
            return read_text(columns.value(values, key))

        def error(key: str, message: str) -> None:
            errors.append(RowError(number, columns.header(key), message))

        commune = self.unit
        if self.by_province:
            commune_text = cell(COMMUNE)
            found = self.communes.get(commune_text) or self.communes.get(fold(commune_text))
            if found is None:
                error(
                    COMMUNE,
                    _("%(unit)s has no commune or ward “%(commune)s”.")
                    % {"unit": self.unit.name, "commune": commune_text},
                )
            commune = found or commune
        village_text = cell(VILLAGE)
        village = self.villages.get((commune.pk, village_text)) or self.villages.get(
            (commune.pk, fold(village_text))
        )
        if village is None and not (self.by_province and count < len(errors)):
            error(
                VILLAGE,
                _("The commune %(commune)s has no village “%(village)s”.")
                % {"commune": commune.name, "village": village_text},
            )
        decision_number = cell(NUMBER)
        if not decision_number:
            error(NUMBER, _("Write the number of the decision that founded the team."))
        elif len(decision_number) > 50:
            error(NUMBER, _("A decision number has at most 50 characters."))
        decision_date = None
        try:
            decision_date = read_date(columns.value(values, DATE))
        except ValueError:
            error(DATE, _("Write a date as day/month/year, for example 15/03/2023."))
        full_name = cell(NAME)
        if not full_name:
            error(NAME, _("Write the member's full name."))
        elif len(full_name) > 120:
            error(NAME, _("The name is longer than 120 characters."))
        phone = cell(PHONE)
        if phone:
            try:
                phone = phone_normalize(phone)
            except ValidationError as problem:
                error(PHONE, problem.messages[0])
        position = self.positions.get(fold(cell(POSITION)))
        if position is None:
            error(POSITION, _("Write “tổ trưởng”, “tổ phó” or “thành viên”."))
        background = self.backgrounds.get(fold(cell(BACKGROUND)))
        if background is None:
            error(
                BACKGROUND,
                _("Unknown background: write one of %(choices)s.")
                % {"choices": ", ".join(str(label) for label in MemberBackground.labels)},
            )
        joined_on = None
        if cell(JOINED):
            try:
                joined_on = read_date(columns.value(values, JOINED))
            except ValueError:
                error(JOINED, _("Write a date as day/month/year, for example 15/03/2023."))
        training = cell(TRAINING)
        if len(training) > 300:
            error(TRAINING, _("At most 300 characters."))
        if len(errors) > count:
            return None
        assert village is not None and decision_date is not None
        return _Row(
            number=number,
            village=village,
            decision_number=decision_number,
            decision_date=decision_date,
            full_name=full_name,
            phone=phone,
            position=position or TeamPosition.MEMBER,
            background=background or MemberBackground.OTHER,
            joined_on=joined_on,
            training=training,
        )

    def rows(self, upload):
        rows = workbook_iter_rows(upload, limits=TEAM_IMPORT_LIMITS)
        next(rows, None)
        yield from enumerate(rows, start=2)


def _check(reader: _Reader, upload, result: TeamImportResult) -> dict[int, _Village]:
    """Every row parsed and checked; the rows grouped by village, each with its active team."""
    villages: dict[int, _Village] = {}
    parsed = [row for n, v in reader.rows(upload) if (row := reader.parse(n, v, result.errors))]
    ids = {row.village.pk for row in parsed}
    teams = {
        team.village_id: team
        for team in Team.objects.filter(village_id__in=ids, dissolved_on__isnull=True)
    }
    serving: dict[int, list[TeamMember]] = defaultdict(list)
    for member in (
        TeamMember.objects.filter(team__in=list(teams.values()), left_on__isnull=True)
        .select_related("team__unit")
        .order_by("pk")
    ):
        serving[member.team_id].append(member)
    for village_id in ids:
        team = teams.get(village_id)
        villages[village_id] = _Village(team=team, members=serving[team.pk] if team else [])

    def error(row: _Row, key: str, message: str) -> None:
        result.errors.append(RowError(row.number, reader.columns.header(key), message))

    for row in parsed:
        group = villages[row.village.pk]
        decision = (row.decision_number, row.decision_date)
        if group.team is not None:
            if fold(group.team.decision_number) != fold(row.decision_number):
                error(
                    row,
                    NUMBER,
                    _(
                        "%(village)s already has a team, founded by decision %(number)s: write "
                        "that number, or replace the team on its page first."
                    )
                    % {"village": row.village, "number": group.team.decision_number},
                )
                continue
            if group.team.decision_date != row.decision_date:
                error(
                    row,
                    DATE,
                    _("The register dates decision %(number)s %(date)s.")
                    % {
                        "number": group.team.decision_number,
                        "date": group.team.decision_date.strftime("%d/%m/%Y"),
                    },
                )
                continue
        elif group.decision is None:
            group.decision = decision
        elif (fold(group.decision[0]), group.decision[1]) != (fold(decision[0]), decision[1]):
            error(
                row,
                NUMBER,
                _("The rows of %(village)s name two decisions; a team has one.")
                % {"village": row.village},
            )
            continue
        founded_on = group.team.founded_on if group.team is not None else row.decision_date
        if row.joined_on is not None and row.joined_on < founded_on:
            error(row, JOINED, _("A member joins on or after the day the team was founded."))
            continue
        row.member = _member_found(group, row)
        group.rows.append(row)
    for group in villages.values():
        _people_check(group, reader, result)
    return villages


def _member_found(group: _Village, row: _Row) -> TeamMember | None:
    if row.phone:
        for member in group.members:
            if member.phone == row.phone:
                return member
    name = fold(row.full_name)
    for member in group.members:
        if fold(member.full_name) == name and (not row.phone or not member.phone):
            return member
    return None


def _people_check(group: _Village, reader: _Reader, result: TeamImportResult) -> None:
    """A person named twice, two leaders, a leader beside one the file leaves serving."""
    header = reader.columns.header
    seen: set[object] = set()
    leaders = [row for row in group.rows if row.position == TeamPosition.LEADER]
    for row in group.rows:
        key = row.member.pk if row.member else (row.phone or fold(row.full_name))
        if key in seen:
            result.errors.append(
                RowError(row.number, header(NAME), _("This person appears twice in the team."))
            )
        seen.add(key)
    for row in leaders[1:]:
        result.errors.append(
            RowError(row.number, header(POSITION), _("The rows of this team name two leaders."))
        )
    named = {row.member.pk for row in group.rows if row.member}
    standing = [m for m in group.members if m.position == TeamPosition.LEADER and m.pk not in named]
    if leaders and standing and leaders[0].member != standing[0]:
        result.errors.append(
            RowError(
                leaders[0].number,
                header(POSITION),
                _("The team's leader is %(name)s: record that they left before naming another.")
                % {"name": standing[0].full_name},
            )
        )


def _write(actor, villages: dict[int, _Village], result: TeamImportResult) -> None:
    """Every team and member built by the services' builders (``team_build``,
    ``member_build``, ``member_change``: the checks of ``team_found``, ``member_add`` and
    ``member_update``), then saved at once (``register_save``): a refusal of a builder is
    reported on its row, and with any nothing is saved."""
    teams: list[Team] = []
    added: list[TeamMember] = []
    changed: list[TeamMember] = []
    for group in villages.values():
        if not group.rows:
            continue
        row = group.rows[0]
        try:
            team = group.team
            if team is None:
                team = team_build(
                    actor=actor,
                    village=row.village,
                    decision_number=row.decision_number,
                    decision_date=row.decision_date,
                )
                teams.append(team)
            for row in group.rows:
                if row.member is not None:
                    before = _member_values(row.member)
                    member = _member_changed(actor, row)
                    if _member_values(member) != before:  # a member the file leaves as is
                        changed.append(member)  # is not written again
                else:
                    added.append(_member_built(actor, team, is_new=group.team is None, row=row))
        except ValidationError as problem:
            result.errors.append(RowError(row.number, "", "; ".join(problem.messages)))
    if result.errors:
        return
    register_save(teams=teams, added=added, changed=changed)
    result.teams_founded, result.created, result.updated = len(teams), len(added), len(changed)


def _member_values(member: TeamMember) -> list:
    """What a change may write (``MemberData``), the account by its key (no query)."""
    return [
        getattr(member, "user_id" if name == "user" else name)
        for name in MemberData.__annotations__
    ]


def _member_changed(actor, row: _Row) -> TeamMember:
    assert row.member is not None
    return member_change(
        actor=actor,
        member=row.member,
        data={
            "full_name": row.full_name,
            "phone": row.phone or row.member.phone,
            "position": row.position,
            "background": row.background,
            "training": row.training or row.member.training,
        },
    )


def _member_built(actor, team: Team, *, is_new: bool, row: _Row) -> TeamMember:
    return member_build(
        actor=actor,
        team=team,
        full_name=row.full_name,
        phone=row.phone,
        position=row.position,
        background=row.background,
        training=row.training,
        joined_on=row.joined_on or (team.founded_on if is_new else None),
    )


def teams_import(
    *, actor, upload, unit_id: int, report: ImportReport | None = None
) -> TeamImportResult:
    """Found or find the teams of a commune's (or a province's) villages and add or update
    their members; any error and nothing is written. ``actor`` must be an officer of the unit
    (the services check every write again)."""
    report = report or ImportReport()
    unit = AdministrativeUnit.objects.get(
        pk=unit_id, is_current=True, level__in=[UnitLevel.COMMUNE, UnitLevel.PROVINCE]
    )
    if not actor.has_perm("teams.import_team", unit):
        raise ValidationError(
            _("Only an officer of this commune or province may import its teams."),
            code="scope",
        )
    headers = workbook_header(upload, limits=TEAM_IMPORT_LIMITS)
    if headers is None:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    reader = _Reader(unit=unit, headers=headers)
    report.percent(10, _("Checking the rows"))
    result = TeamImportResult()
    villages = _check(reader, upload, result)
    if result.errors:
        result.errors.sort(key=lambda error: error.row)
        return result
    if not any(group.rows for group in villages.values()):
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    report.percent(50, _("Writing"))
    with transaction.atomic():
        _write(actor, villages, result)
        if result.errors:
            return result
        report.done(result)
    logger.info(
        "teams import: user %s, unit %s, %d teams founded, %d members added, %d updated",
        actor.pk,
        unit.code,
        result.teams_founded,
        result.created,
        result.updated,
    )
    return result


def teams_import_summary(result: ImportResult) -> str:
    founded = getattr(result, "teams_founded", 0)
    return _(
        "The register was imported: %(teams)d teams founded, %(created)d members added, "
        "%(updated)d updated."
    ) % {"teams": founded, "created": result.created, "updated": result.updated}

"""The Excel import of the province's register of village digital-technology teams
(``teams.imports.teams_import``, what the import page and the task worker call) at the
province's size: 1,600 teams and 7,400 members, on a scratch SQLite site (and on PostgreSQL too
when ``DATABASE_URL`` names one: a scratch database is made beside it and dropped after).

A first child process loads the administrative units, makes a province officer of Lào Cai and
17 villages in each of its 99 communes of today (1,683), and writes two workbooks with openpyxl
in write-only mode, under the empty workbook's Vietnamese header: the register (1,600 villages
with a team each, founded by the commune's decision; 7,400 members, a leader, a deputy in one
team of two and members, two in three with a phone number, the Vietnamese words offices write
for positions and backgrounds), and the same register with ``BAD_ROWS`` rows made wrong, each in
its own way (a commune or village that does not exist, a date that is not one, a phone number
too short, a position nobody has, a second leader, a person twice). Then each phase runs in a
child process of its own, so that its peak memory (``ru_maxrss``) is its own:

- ``read``: the baseline, every row of the register read as the import reads it
  (``common.workbooks``, streaming), nothing written;
- ``bad``: the register with its bad rows: one error per bad row, each with its row number,
  and nothing written (goal: exactly ``len(BAD_ROWS)`` errors; 0 teams and members written);
- ``import``: the register into an empty province: 1,600 teams founded, 7,400 members added;
- ``again``: the same register again: every team and member found again, nothing to write;
- ``corrected``: the register with every member's training changed: 7,400 members found
  again and updated.

For each import: wall time (against reading the file), SQL statements, peak memory (against
reading the file).
"""

import argparse
import datetime
import json
import random
import resource
import sys
import time
from pathlib import Path

from bench.places import province_villages_write
from bench.report import Goal, Measure, Report
from bench.server import both_databases_run, child_figures

NAME = "teams_import"
TEAMS = 1_600
MEMBERS = 7_400
CHILD_TIMEOUT_SECONDS = 3600
PHASES = ("read", "bad", "import", "again", "corrected")
# The training every member has in the corrected register.
CORRECTED_TRAINING = "Kỹ năng số cơ bản, 04/2023; VNeID mức 2, 03/2025"
PREFIXES = ("091", "094", "096", "097", "098", "086", "088", "032", "035")
BACKGROUNDS = (
    "Đoàn Thanh niên",
    "Hội Phụ nữ",
    "Hội Nông dân",
    "Công an viên",
    "Giáo viên",
    "Y tế thôn bản",
    "Bưu điện",
    "Tình nguyện viên",
    "Hội Cựu chiến binh",
)
# Rows of the register (counted from the header's row 1) made wrong in the bad file, with the
# column they break: one error each.
BAD_ROWS = {
    10: ("commune", "Xã Không Có"),
    500: ("village", "Thôn 99"),
    1_234: ("decision_date", "31/02/2023"),
    2_345: ("phone", "0912"),
    3_456: ("position", "trưởng họ"),
    4_567: ("background", "phù thủy"),
    6_001: ("joined_on", "hôm qua"),
}


def _child(environment: dict[str, str], *arguments: str) -> dict:
    return child_figures(
        "bench.teams_import",
        environment,
        *arguments,
        timeout=CHILD_TIMEOUT_SECONDS,
        what="teams import",
    )


def _measures(label: str, figures: dict) -> list[Measure]:
    read = figures["read"]
    measures = [
        Measure(f"{NAME} read", f"7,400 rows, wall, {label}", read["seconds"], "s"),
        Measure(f"{NAME} read", f"7,400 rows, peak RSS, {label}", read["max_rss_mib"], "MiB"),
    ]
    for key, what in (
        ("import", "1,600 teams new"),
        ("again", "the same again"),
        ("corrected", "7,400 corrected"),
    ):
        phase = figures[key]
        measures += [
            Measure(
                NAME, f"{what}, wall vs reading, {label}", phase["seconds"], "s", read["seconds"]
            ),
            Measure(NAME, f"{what}, statements, {label}", phase["statements"], "queries"),
            Measure(
                NAME,
                f"{what}, peak RSS vs reading, {label}",
                phase["max_rss_mib"],
                "MiB",
                read["max_rss_mib"],
            ),
        ]
    bad = figures["bad"]
    measures += [
        Measure(
            NAME,
            f"{len(BAD_ROWS)} bad rows, wall vs reading, {label}",
            bad["seconds"],
            "s",
            read["seconds"],
        ),
        Measure(
            NAME,
            f"{len(BAD_ROWS)} bad rows, errors reported, {label}",
            bad["errors"],
            "errors",
            len(BAD_ROWS),
            goal=Goal(1.0, at_least=True, exactly=True),
        ),
        Measure(
            NAME,
            f"{len(BAD_ROWS)} bad rows, teams and members written, {label}",
            bad["teams_written"] + bad["members_written"],
            "rows",
        ),
    ]
    return measures


def _database(environment: dict[str, str], directory: Path) -> dict:
    figures = {"prepare": _child(environment, "prepare", str(directory))}
    for phase in PHASES:
        figures[phase] = _child(environment, phase, str(directory))
    bad = figures["bad"]
    if bad["teams_written"] or bad["members_written"]:
        raise RuntimeError("teams import: a register with bad rows wrote teams or members")
    if bad["error_rows"] != sorted(BAD_ROWS):
        raise RuntimeError(f"teams import: errors on rows {bad['error_rows']}")
    expected = {"import": (TEAMS, MEMBERS, 0), "again": (0, 0, 0), "corrected": (0, 0, MEMBERS)}
    for phase, (founded, created, updated) in expected.items():
        done = figures[phase]
        if (done["teams"], done["members"]) != (TEAMS, MEMBERS) or (
            done["teams_founded"],
            done["created"],
            done["updated"],
        ) != (founded, created, updated):
            raise RuntimeError(f"teams import: {phase} left {done}")
    return figures


def run(options: argparse.Namespace) -> Report:
    return both_databases_run(NAME, measure=_database, measures_of=_measures)


# --- what runs in the child processes, with the scratch database ---------------------------


def _max_rss_mib() -> float:
    # Linux gives ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _register_rows(villages: list[tuple[str, str]], chance: random.Random) -> list[list]:
    """One row a member, the columns of the empty workbook: ``villages`` are the 1,600
    (commune code, village name) with a team."""
    sizes = [MEMBERS // TEAMS] * TEAMS
    for number in range(MEMBERS - sum(sizes)):
        sizes[number] += 1
    rows = []
    for team, ((commune, village), size) in enumerate(zip(villages, sizes, strict=True)):
        decision = f"{team + 1}/QĐ-UBND"
        decided = datetime.date(2023, 3, 1) + datetime.timedelta(days=team % 60)
        for number in range(size):
            position = "Tổ trưởng" if number == 0 else "Tổ phó" if number == 1 else "Thành viên"
            background = "Trưởng thôn" if number == 0 else chance.choice(BACKGROUNDS)
            phone = (
                f"{chance.choice(PREFIXES)}{chance.randrange(10**7):07d}"
                if chance.random() < 0.67
                else None
            )
            rows.append(
                [
                    commune,
                    village,
                    decision,
                    decided.strftime("%d/%m/%Y") if team % 2 else decided,
                    f"Thành viên {team + 1}-{number + 1}",
                    phone,
                    position,
                    background,
                    None if number < 2 else decided + datetime.timedelta(days=30),
                    "Kỹ năng số cơ bản, 04/2023" if number < 2 else "",
                ]
            )
    return rows


def workbook_write(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from banso.teams.imports import template_workbook

    headers = next(template_workbook().active.iter_rows(max_row=1, values_only=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tổ công nghệ số")
    assert isinstance(sheet, WriteOnlyWorksheet)
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _officer():
    from banso.accounts.models import PlaceRole, User
    from banso.accounts.services import role_grant, user_create
    from banso.places.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(is_current=True, level="province", code="15")
    officer = User.objects.filter(phone="+84981000005").first()
    if officer is None:
        officer = user_create(full_name="Cán bộ tỉnh", phone="0981000005", password="bench-pass-1")
        role_grant(user=officer, role=PlaceRole.PROVINCE_OFFICER, unit=province)
    return officer, province


def prepare(directory: Path) -> dict:
    from banso.places.models import AdministrativeUnit, Village
    from banso.teams.imports import COLUMNS

    started = time.perf_counter()
    if not Village.objects.exists():
        province_villages_write()
    _officer()
    chance = random.Random(20251208)
    codes = dict(AdministrativeUnit.objects.filter(level="commune").values_list("pk", "code"))
    villages = sorted(
        (codes[commune], name)
        for name, commune in chance.sample(
            list(Village.objects.order_by("pk").values_list("name", "commune_id")), TEAMS
        )
    )
    rows = _register_rows(villages, chance)
    if not (directory / "register.xlsx").exists():
        workbook_write(directory / "register.xlsx", rows)
        keys = list(COLUMNS)
        corrected = [[*row[:-1], CORRECTED_TRAINING] for row in rows]
        workbook_write(directory / "corrected.xlsx", corrected)
        for row_number, (column, value) in BAD_ROWS.items():
            rows[row_number - 2][keys.index(column)] = value
        workbook_write(directory / "bad.xlsx", rows)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "file_kib": {
            name: (directory / name).stat().st_size // 1024
            for name in ("register.xlsx", "corrected.xlsx", "bad.xlsx")
        },
    }


def phase_run(phase: str, directory: Path) -> dict:
    from django.db import connection

    from banso.common.workbooks import workbook_iter_rows
    from banso.teams.imports import TEAM_IMPORT_LIMITS, teams_import
    from banso.teams.models import Team, TeamMember

    officer, province = _officer()
    before = (Team.objects.count(), TeamMember.objects.count())
    statements = 0

    def counted(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    figures: dict = {"vendor": connection.vendor, "phase": phase}
    name = {"bad": "bad.xlsx", "corrected": "corrected.xlsx"}.get(phase, "register.xlsx")
    with (directory / name).open("rb") as upload, connection.execute_wrapper(counted):
        started = time.perf_counter()
        if phase == "read":
            rows = sum(1 for _row in workbook_iter_rows(upload, limits=TEAM_IMPORT_LIMITS)) - 1
            figures["rows"] = rows
        else:
            result = teams_import(actor=officer, upload=upload, unit_id=province.pk)
            figures.update(
                teams_founded=result.teams_founded,
                created=result.created,
                updated=result.updated,
                errors=len(result.errors),
                error_rows=sorted({error.row for error in result.errors}),
                first_errors=[str(error.message) for error in result.errors[:3]],
            )
            if phase != "bad" and not result.ok:
                raise RuntimeError(f"import failed: {result.errors[:3]}")
        seconds = time.perf_counter() - started
    figures.update(
        seconds=round(seconds, 2),
        statements=statements,
        max_rss_mib=_max_rss_mib(),
        teams=Team.objects.count(),
        members=TeamMember.objects.count(),
        teams_written=Team.objects.count() - before[0],
        members_written=TeamMember.objects.count() - before[1],
    )
    return figures


def child_main(arguments: list[str]) -> None:
    import django

    django.setup()
    phase, directory = arguments[0], Path(arguments[1])
    figures = prepare(directory) if phase == "prepare" else phase_run(phase, directory)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    child_main(sys.argv[1:])

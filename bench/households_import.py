"""The import of a commune's review list (``households.imports.households_import``) with
20,000 rows, on a scratch SQLite site (and on PostgreSQL too when ``DATABASE_URL`` names one: a
scratch database is made beside it and dropped after).

A first child process loads the administrative units, makes a commune officer of Mường Khương
and 20 villages, and writes the workbooks with openpyxl (write-only, the empty workbook's
Vietnamese header): 1,000 rows, 20,000 rows, and 20,000 other rows whose last row is wrong.
Then each phase runs in a child process of its own, so that its peak memory (the process's
``ru_maxrss``) is its own:

- ``read``: the baseline, reading every row of the 20,000-row file as the import reads it
  (``common.workbooks``, streaming) and writing nothing;
- ``import 1,000``: a 1,000-row list of new households;
- ``import 20,000``: a 20,000-row list of new households;
- ``re-import 20,000``: the same list again (every household found by its code and updated,
  its review corrected);
- ``bad last row``: 20,000 new households, the last row wrong: the import must report it and
  write nothing (goal: 0 households written).

Wall time and rows per second are set against the reading of the same file; peak memory of
each import against the 1,000-row import's (flat memory: the ratio stays near 1).
"""

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

from bench.report import Goal, Measure, Report
from bench.server import both_databases_run, child_figures

NAME = "households_import"
COMMUNE = "02761"  # Mường Khương
VILLAGES = 20
SMALL = 1_000
LARGE = 20_000
CHILD_TIMEOUT_SECONDS = 3600
PREFIXES = ("091", "094", "096", "097", "098", "086", "088")
PHASES = ("read", "import-small", "import-large", "reimport-large", "bad-last-row")


def _child(environment: dict[str, str], *arguments: str) -> dict:
    return child_figures(
        "bench.households_import",
        environment,
        *arguments,
        timeout=CHILD_TIMEOUT_SECONDS,
        what="households import",
    )


def _measures(label: str, figures: dict) -> list[Measure]:
    read = figures["read"]
    small = figures["import-small"]
    measures = [
        Measure(f"{NAME} read", f"20,000 rows, wall, {label}", read["seconds"], "s"),
        Measure(f"{NAME} read", f"20,000 rows, peak RSS, {label}", read["max_rss_mib"], "MiB"),
        Measure(f"{NAME}", f"1,000 rows, wall, {label}", small["seconds"], "s"),
        Measure(f"{NAME}", f"1,000 rows, peak RSS, {label}", small["max_rss_mib"], "MiB"),
    ]
    for key, what in (("import-large", "20,000 new"), ("reimport-large", "20,000 again")):
        phase = figures[key]
        measures += [
            Measure(
                NAME, f"{what}, wall vs reading, {label}", phase["seconds"], "s", read["seconds"]
            ),
            Measure(
                NAME,
                f"{what}, rows a second vs reading, {label}",
                phase["rows_per_second"],
                "rows/s",
                read["rows_per_second"],
            ),
            Measure(
                NAME,
                f"{what}, peak RSS vs 1,000 rows, {label}",
                phase["max_rss_mib"],
                "MiB",
                small["max_rss_mib"],
            ),
        ]
    bad = figures["bad-last-row"]
    measures += [
        Measure(
            NAME,
            f"bad last row, wall vs reading, {label}",
            bad["seconds"],
            "s",
            read["seconds"],
        ),
        Measure(
            NAME,
            f"bad last row, households written, {label}",
            bad["households_written"],
            "households",
            0,
        ),
        Measure(
            NAME,
            f"bad last row, errors reported, {label}",
            bad["errors"],
            "errors",
            1,
            goal=Goal(1.0, at_least=True, exactly=True),
        ),
    ]
    return measures


def _database(environment: dict[str, str], directory: Path) -> dict:
    figures = {"prepare": _child(environment, "prepare", str(directory))}
    for phase in PHASES:
        figures[phase] = _child(environment, phase, str(directory))
    if figures["bad-last-row"]["households_written"] != 0:
        raise RuntimeError("households import: a list with a bad row wrote households")
    return figures


def run(options: argparse.Namespace) -> Report:
    return both_databases_run(NAME, measure=_database, measures_of=_measures)


# --- what runs in the child processes, with the scratch database ---------------------------


def _max_rss_mib() -> float:
    # Linux gives ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _phone(chance: random.Random) -> str:
    return f"{chance.choice(PREFIXES)}{chance.randrange(10**7):07d}"


def _row(code: str, village: str, chance: random.Random) -> list:
    members = chance.randint(1, 9)
    return [
        code,
        village,
        f"Chủ hộ {code}",
        chance.choice(["Mông", "Dao", "Tày", "Nùng", "Kinh", "Giáy"]),
        "nông thôn",
        _phone(chance) if chance.random() < 0.6 else None,
        members,
        2025,
        chance.randrange(600, 3200) * 1000,
        chance.randint(0, 1) if chance.random() < 0.3 else 0,
        chance.randint(0, members),
        1 if chance.random() < 0.1 else 0,
        chance.randint(0, 2) if chance.random() < 0.2 else 0,
        1 if chance.random() < 0.3 else 0,
        1 if chance.random() < 0.1 else 0,
        chance.choice(["có", "không"]),
        chance.randint(10, 120),
        "có" if chance.random() < 0.8 else "không",
        "có" if chance.random() < 0.6 else "không",
        chance.randint(0, members) if chance.random() < 0.9 else 0,
        "có" if chance.random() < 0.9 else "không",
    ]


def workbook_write(path: Path, prefix: str, count: int, *, bad_last: bool = False) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from banso.households.imports import template_workbook

    headers = next(template_workbook().active.iter_rows(max_row=1, values_only=True))
    chance = random.Random(f"{prefix}-{count}")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    assert isinstance(sheet, WriteOnlyWorksheet)
    sheet.append(list(headers))
    for number in range(count):
        row = _row(f"{prefix}-{number:06d}", f"Thôn {number % VILLAGES + 1}", chance)
        if bad_last and number == count - 1:
            row[6] = "năm"  # people in the household, in words
        sheet.append(row)
    workbook.save(path)


def _officer():
    from banso.accounts.models import PlaceRole, User
    from banso.accounts.services import role_grant, user_create
    from banso.places.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.get(is_current=True, level="commune", code=COMMUNE)
    officer = User.objects.filter(phone="+84981000004").first()
    if officer is None:
        officer = user_create(full_name="Cán bộ xã", phone="0981000004", password="bench-pass-1")
        role_grant(user=officer, role=PlaceRole.COMMUNE_OFFICER, unit=commune)
    return officer, commune


def prepare(directory: Path) -> dict:
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.places.services import village_create

    started = time.perf_counter()
    if not AdministrativeUnit.objects.exists():
        units_load()
    officer, commune = _officer()
    for number in range(VILLAGES):
        village_create(actor=officer, commune=commune, name=f"Thôn {number + 1}", kind="thon")
    files = {
        "small.xlsx": ("S", SMALL, False),
        "large.xlsx": ("L", LARGE, False),
        "bad.xlsx": ("B", LARGE, True),
    }
    for name, (prefix, count, bad) in files.items():
        if not (directory / name).exists():
            workbook_write(directory / name, prefix, count, bad_last=bad)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "file_kib": {name: (directory / name).stat().st_size // 1024 for name in files},
    }


def phase_run(phase: str, directory: Path) -> dict:
    from django.db import connection

    from banso.common.workbooks import workbook_iter_rows
    from banso.households.imports import HOUSEHOLD_IMPORT_LIMITS, households_import
    from banso.households.models import Assessment, Household

    officer, commune = _officer()
    name = {"import-small": "small.xlsx", "bad-last-row": "bad.xlsx"}.get(phase, "large.xlsx")
    before = Household.objects.count()
    figures: dict = {"vendor": connection.vendor, "phase": phase}
    with (directory / name).open("rb") as upload:
        started = time.perf_counter()
        if phase == "read":
            rows = sum(1 for _row in workbook_iter_rows(upload, limits=HOUSEHOLD_IMPORT_LIMITS)) - 1
        else:
            result = households_import(actor=officer, upload=upload, commune_id=commune.pk)
            rows = result.created + result.updated
            figures.update(
                created=result.created, updated=result.updated, errors=len(result.errors)
            )
            if phase == "bad-last-row":
                rows = LARGE
                figures["first_error"] = str(result.errors[0]) if result.errors else ""
            elif not result.ok:
                raise RuntimeError(f"import failed: {result.errors[:3]}")
        seconds = time.perf_counter() - started
    figures.update(
        seconds=round(seconds, 2),
        rows=rows,
        rows_per_second=round(rows / seconds, 1),
        max_rss_mib=_max_rss_mib(),
        households_written=Household.objects.count() - before,
        assessments=Assessment.objects.count(),
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

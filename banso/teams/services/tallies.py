"""The reports' tallies of help given, kept in the transaction that stores the records.

A province's report over a year counts 200,000 records or more: help by month and by kind,
households reached (each once), follow-ups open. Counting them again for every reader took
seconds; the tallies hold the same figures per team, village or household, so a report adds up
a few thousand rows (``teams.reports``):

- ``HelpMonthTally``: a team's records in a month, up by one for each record;
- ``HelpKindTally``: a team's records of a kind in a year, up by one for each kind a record
  names;
- ``HouseholdReached``: a household helped in a year by a team of a village, inserted unless
  it is there;
- ``HelpReachTally``: households reached in a village in a year, up by one when the row above
  is new;
- ``HouseholdLatestHelp``: a household's latest record (its day, then the order stored),
  replaced when a record is later.

**Exact whatever the order and the concurrency.** Each write is an upsert that adds to what the
table holds, never a figure computed beside it: counts go up with ``count = count + n`` (one
statement for a batch, its rows in key order so two batches lock them in the same order); a
household is counted in its village's year only when its ``HouseholdReached`` row is inserted
(``ON CONFLICT DO NOTHING RETURNING`` tells which were), so two batches reaching one household
at once count it once; the latest record is replaced only by a later one (``ON CONFLICT DO
UPDATE … WHERE`` the new day and id are greater), so records stored out of order (a phone
sending last month's visits today) leave the latest in place. On PostgreSQL a second writer of a
row waits for the first to commit and then adds to its value; on SQLite writers queue for the
lock. The tallies commit with the records or roll back with them.

**Records are never deleted nor rewritten** (a conflicting copy is kept beside the record, not
applied), so adding is all the writes need. Rows written straight into the tables (a benchmark's
data set, a repair) or a doubt after a restore: :func:`help_tallies_rebuild` counts everything
again from the records, and :func:`help_tallies_differences` compares without writing
(``manage.py teams_tallies``).

``apps`` is the model registry: the migration that creates the tables fills them through the
same functions with its historical models.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import ExtractYear, RowNumber, TruncMonth

from banso.teams.models import HelpOutcome, HelpRecord

BATCH_SIZE = 5_000  # records read at a time when counting in Python


@dataclass
class Tallies:
    """The content of the tally tables, each row by its key (its unique constraint's columns
    and its ``unit``) and its count."""

    months: dict[tuple[int, int, datetime.date], int] = field(default_factory=dict)
    kinds: dict[tuple[int, int, int, int], int] = field(default_factory=dict)  # team, unit, year
    reached: set[tuple[int, int, int]] = field(default_factory=set)  # household, year, village
    reach: dict[tuple[int, int, int], int] = field(default_factory=dict)  # village, unit, year
    # household: day, record, team, unit, follow-up
    latest: dict[int, tuple[datetime.date, int, int, int, bool]] = field(default_factory=dict)


TALLY_MODELS = {
    "months": "HelpMonthTally",
    "kinds": "HelpKindTally",
    "reached": "HouseholdReached",
    "reach": "HelpReachTally",
    "latest": "HouseholdLatestHelp",
}


def _model(apps, name: str):
    return apps.get_model("teams", TALLY_MODELS.get(name, name))


def _execute(sql: str, rows: Sequence[tuple], *, returning: bool = False) -> list[tuple]:
    """``sql`` with ``VALUES`` for ``rows`` in one statement (upserts are written the same way
    on SQLite and PostgreSQL)."""
    if not rows:
        return []
    values = ", ".join(["(" + ", ".join(["%s"] * len(rows[0])) + ")"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(values=values), [value for row in rows for value in row])
        return cursor.fetchall() if returning else []


def help_tallies_add(*, records: Iterable[HelpRecord], kinds: Mapping[int, Sequence[int]]) -> None:
    """Count ``records``, just stored in the open transaction (``kinds``: each record's kinds'
    primary keys), into the tallies: five statements whatever their number. ``help_sync``
    calls it once a batch."""
    months: Counter[tuple[int, int, datetime.date]] = Counter()
    by_kind: Counter[tuple[int, int, int, int]] = Counter()
    reached: dict[tuple[int, int, int], int] = {}  # household, year, village: unit
    latest: dict[int, tuple[datetime.date, int, int, int, bool]] = {}
    for record in records:
        day, unit = record.helped_on, record.unit_id
        months[record.team_id, unit, day.replace(day=1)] += 1
        for kind_id in kinds.get(record.pk, ()):
            by_kind[record.team_id, unit, day.year, kind_id] += 1
        if record.household_id is None:
            continue
        reached[record.household_id, day.year, record.team.village_id] = unit
        candidate = (day, record.pk, record.team_id, unit, record.outcome == HelpOutcome.FOLLOW_UP)
        if record.household_id not in latest or candidate[:2] > latest[record.household_id][:2]:
            latest[record.household_id] = candidate
    # Rows in key order: two batches lock the rows they share in the same order.
    _execute(
        "INSERT INTO teams_helpmonthtally (team_id, unit_id, month, records) VALUES {values} "
        "ON CONFLICT (team_id, month) DO UPDATE "
        "SET records = teams_helpmonthtally.records + excluded.records",
        sorted((*key, n) for key, n in months.items()),
    )
    _execute(
        "INSERT INTO teams_helpkindtally (team_id, unit_id, year, kind_id, records) "
        "VALUES {values} ON CONFLICT (team_id, year, kind_id) DO UPDATE "
        "SET records = teams_helpkindtally.records + excluded.records",
        sorted((*key, n) for key, n in by_kind.items()),
    )
    new = _execute(
        "INSERT INTO teams_householdreached (household_id, year, village_id) VALUES {values} "
        "ON CONFLICT (household_id, year, village_id) DO NOTHING RETURNING village_id, year",
        sorted(reached),
        returning=True,
    )
    units = {(village, year): unit for (_household, year, village), unit in reached.items()}
    _execute(
        "INSERT INTO teams_helpreachtally (village_id, unit_id, year, households) "
        "VALUES {values} ON CONFLICT (village_id, year) DO UPDATE "
        "SET households = teams_helpreachtally.households + excluded.households",
        sorted(
            (village, units[village, year], year, n)
            for (village, year), n in Counter((village, year) for village, year in new).items()
        ),
    )
    _execute(
        "INSERT INTO teams_householdlatesthelp "
        "(household_id, helped_on, record_id, team_id, unit_id, follow_up) VALUES {values} "
        "ON CONFLICT (household_id) DO UPDATE SET helped_on = excluded.helped_on, "
        "record_id = excluded.record_id, team_id = excluded.team_id, "
        "unit_id = excluded.unit_id, follow_up = excluded.follow_up "
        "WHERE (excluded.helped_on, excluded.record_id) > "
        "(teams_householdlatesthelp.helped_on, teams_householdlatesthelp.record_id)",
        sorted((household, *values) for household, values in latest.items()),
    )


def help_tallies_replace(
    *,
    record: HelpRecord,
    kinds: Sequence[int],
    before: HelpRecord,
    before_kinds: Sequence[int],
) -> None:
    """Count ``record``, rewritten in the open transaction (a conflict settled by taking the
    phone's copy), instead of what it was (``before``, an unsaved copy of its former content,
    and ``before_kinds``): its former month and kinds are taken out, its former household is
    no longer reached in that village's year unless another record still reaches it, and that
    household's latest record is found again from the records; then it is counted as new."""
    months = _model(django_apps, "months").objects
    month = months.filter(team_id=before.team_id, month=before.helped_on.replace(day=1))
    month.update(records=F("records") - 1)
    by_kind = _model(django_apps, "kinds").objects.filter(
        team_id=before.team_id, year=before.helped_on.year, kind_id__in=before_kinds
    )
    by_kind.update(records=F("records") - 1)
    month.filter(records__lte=0).delete()
    by_kind.filter(records__lte=0).delete()
    household = before.household_id
    if household is not None:
        year, village = before.helped_on.year, before.team.village_id
        still = HelpRecord.objects.filter(
            household_id=household, helped_on__year=year, team__village_id=village
        ).exists()
        if not still:
            reached = _model(django_apps, "reached").objects.filter(
                household_id=household, year=year, village_id=village
            )
            if reached.delete()[0]:
                reach = _model(django_apps, "reach").objects.filter(village_id=village, year=year)
                reach.update(households=F("households") - 1)
                reach.filter(households__lte=0).delete()
        latest = (
            HelpRecord.objects.filter(household_id=household)
            .order_by("-helped_on", "-id")
            .values_list("helped_on", "id", "team_id", "unit_id", "outcome")
            .first()
        )
        table = _model(django_apps, "latest").objects
        if latest is None:
            table.filter(household_id=household).delete()
        else:
            day, pk, team, unit, outcome = latest
            table.update_or_create(
                household_id=household,
                defaults={
                    "helped_on": day,
                    "record_id": pk,
                    "team_id": team,
                    "unit_id": unit,
                    "follow_up": outcome == HelpOutcome.FOLLOW_UP,
                },
            )
    help_tallies_add(records=[record], kinds={record.pk: list(kinds)})


def help_tallies_count(*, apps=django_apps) -> Tallies:
    """What the tallies must hold, counted from the records: grouped reads, and the records
    of households once, in order, for each one's latest."""
    record = apps.get_model("teams", "HelpRecord")
    records = record.objects.order_by()
    found = Tallies()
    months = records.values("team_id", "unit_id", at=TruncMonth("helped_on"))
    for row in months.annotate(n=Count("id")):
        found.months[row["team_id"], row["unit_id"], row["at"]] = row["n"]
    kinds = record.kinds.through.objects.order_by().values(
        "helprecord__team_id",
        "helprecord__unit_id",
        "helpkind_id",
        year=ExtractYear("helprecord__helped_on"),
    )
    for row in kinds.annotate(n=Count("id")):
        key = (row["helprecord__team_id"], row["helprecord__unit_id"], row["year"])
        found.kinds[(*key, row["helpkind_id"])] = row["n"]
    households = records.filter(household__isnull=False)
    reached = households.values_list(
        "household_id", ExtractYear("helped_on"), "team__village_id", "unit_id"
    ).distinct()
    reach: Counter[tuple[int, int, int]] = Counter()
    for household, year, village, unit in reached.iterator(chunk_size=BATCH_SIZE):
        found.reached.add((household, year, village))
        reach[village, unit, year] += 1
    found.reach = dict(reach)
    ordered = households.values_list(
        "household_id", "helped_on", "id", "team_id", "unit_id", "outcome"
    ).order_by("household_id", "helped_on", "id")
    for household, day, pk, team, unit, outcome in ordered.iterator(chunk_size=BATCH_SIZE):
        found.latest[household] = (day, pk, team, unit, outcome == HelpOutcome.FOLLOW_UP)
    return found


def help_tallies_read(*, apps=django_apps) -> Tallies:
    """What the tallies hold."""
    held = Tallies()
    rows = _model(apps, "months").objects.values_list("team_id", "unit_id", "month", "records")
    held.months = {(team, unit, month): n for team, unit, month, n in rows}
    rows = _model(apps, "kinds").objects.values_list(
        "team_id", "unit_id", "year", "kind_id", "records"
    )
    held.kinds = {(team, unit, year, kind): n for team, unit, year, kind, n in rows}
    held.reached = set(
        _model(apps, "reached").objects.values_list("household_id", "year", "village_id")
    )
    rows = _model(apps, "reach").objects.values_list("village_id", "unit_id", "year", "households")
    held.reach = {(village, unit, year): n for village, unit, year, n in rows}
    rows = _model(apps, "latest").objects.values_list(
        "household_id", "helped_on", "record_id", "team_id", "unit_id", "follow_up"
    )
    held.latest = {household: tuple(values) for household, *values in rows}  # type: ignore[misc]
    return held


def help_tallies_differences(*, apps=django_apps) -> dict[str, int]:
    """The rows by which each tally differs from a count of the records, by table (empty: they
    agree). No row and a count of zero are the same."""
    with transaction.atomic():
        _records_held(apps)
        expected, held = help_tallies_count(apps=apps), help_tallies_read(apps=apps)
    differences: dict[str, int] = {}
    for name in TALLY_MODELS:
        want, have = getattr(expected, name), getattr(held, name)
        if isinstance(want, set):
            count = len(want ^ have)
        else:
            if name != "latest":
                want = {key: n for key, n in want.items() if n}
                have = {key: n for key, n in have.items() if n}
            count = sum(1 for key in set(want) | set(have) if want.get(key) != have.get(key))
        if count:
            differences[TALLY_MODELS[name]] = count
    return differences


def _records_held(apps) -> None:
    """Hold new records back until the transaction ends, so the count and the tallies are of
    one moment (PostgreSQL: a SHARE lock lets readers read and makes writers wait; SQLite's
    transactions here take the write lock when they begin)."""
    if connection.vendor == "postgresql":
        record = apps.get_model("teams", "HelpRecord")
        with connection.cursor() as cursor:
            for table in (record._meta.db_table, record.kinds.through._meta.db_table):
                cursor.execute(f'LOCK TABLE "{table}" IN SHARE MODE')


def _insert_select(model, columns: Sequence[str], rows: QuerySet) -> int:
    """``INSERT INTO`` ``model``'s table ``columns`` the rows ``rows`` selects (the ORM writes
    the ``SELECT``, in its database's dialect: dates truncated to months, years extracted, a
    window function), so that nothing passes through Python. Returns the rows inserted."""
    select, params = rows.query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({names}) {select}", params)
        return cursor.rowcount


@transaction.atomic
def help_tallies_rebuild(*, apps=django_apps) -> dict[str, int]:
    """Empty the tallies and count them again from the records, while new records wait: one
    ``INSERT … SELECT`` a table. Returns the rows written, by table."""
    _records_held(apps)
    for name in TALLY_MODELS:
        _model(apps, name).objects.all().delete()
    record = apps.get_model("teams", "HelpRecord")
    records = record.objects.order_by()
    households = records.filter(household__isnull=False)
    year = ExtractYear("helped_on")
    # Each SELECT's columns come in the order of its values(), then its annotations.
    selects = {
        "months": (
            ["team_id", "unit_id", "month", "records"],
            records.values("team_id", "unit_id", month=TruncMonth("helped_on")).annotate(
                records=Count("id")
            ),
        ),
        "kinds": (
            ["team_id", "unit_id", "kind_id", "year", "records"],
            record.kinds.through.objects.order_by()
            .values(
                "helprecord__team_id",
                "helprecord__unit_id",
                "helpkind_id",
                year=ExtractYear("helprecord__helped_on"),
            )
            .annotate(records=Count("id")),
        ),
        "reached": (
            ["household_id", "village_id", "year"],
            households.values("household_id", "team__village_id", year=year).distinct(),
        ),
        "reach": (
            ["village_id", "unit_id", "year", "households"],
            households.values("team__village_id", "unit_id", year=year).annotate(
                households=Count("household_id", distinct=True)
            ),
        ),
        "latest": (
            ["household_id", "helped_on", "record_id", "team_id", "unit_id", "follow_up"],
            households.annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("household_id")],
                    order_by=[F("helped_on").desc(), F("id").desc()],
                )
            )
            .filter(rank=1)
            .values(
                "household_id",
                "helped_on",
                "id",
                "team_id",
                "unit_id",
                follow_up=ExpressionWrapper(
                    Q(outcome=HelpOutcome.FOLLOW_UP), output_field=BooleanField()
                ),
            ),
        ),
    }
    return {
        TALLY_MODELS[name]: _insert_select(_model(apps, name), columns, select)
        for name, (columns, select) in selects.items()
    }

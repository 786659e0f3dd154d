"""The reports' tallies, kept by the sync in the transaction of the records: after every kind of
write (new records, a batch sent again, one identifier twice in a batch, conflicting copies,
refusals, records sent out of order, a team replaced in the middle of a year) they hold exactly
what a count of the records gives, and each report, of the province, a commune or a team,
equals a count made here by hand from the records."""

import dataclasses
import datetime
import random
import uuid
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from banso.households.services import household_create
from banso.teams.models import (
    HelpConflict,
    HelpMonthTally,
    HelpReachTally,
    HelpRecord,
    HouseholdLatestHelp,
    HouseholdReached,
    Team,
)
from banso.teams.reports import _data_version, team_report, team_report_cached
from banso.teams.services.help import help_conflict_resolve, help_sync
from banso.teams.services.register import team_replace
from banso.teams.services.tallies import help_tallies_differences, help_tallies_rebuild
from banso.teams.tests.makers import help_data, member_make

pytestmark = pytest.mark.django_db
YEARS = (2024, 2025)


def _recount(year: int, teams: set[int]) -> dict:
    """A report's figures counted from the records, one by one: what the tallies must give."""
    records = list(
        HelpRecord.objects.select_related("team").prefetch_related("kinds").order_by("pk")
    )
    latest: dict[int, HelpRecord] = {}
    for record in records:
        if record.household_id is None:
            continue
        held = latest.get(record.household_id)
        if held is None or (record.helped_on, record.pk) > (held.helped_on, held.pk):
            latest[record.household_id] = record
    of_year = [r for r in records if r.team_id in teams and r.helped_on.year == year]
    kinds: Counter[str] = Counter(kind.code for r in of_year for kind in r.kinds.all())
    months: Counter[int] = Counter(r.helped_on.month for r in of_year)
    # Each household once per village (the team's): the rows of a unit's table add up.
    reached = {(r.team.village_id, r.household_id) for r in of_year if r.household_id}
    return {
        "help_records": len(of_year),
        "by_month": {month: months.get(month, 0) for month in range(1, 13)},
        "by_kind": dict(kinds),
        "households_reached": len(reached),
        "follow_ups_open": sum(
            1 for r in latest.values() if r.team_id in teams and r.outcome == "follow_up"
        ),
    }


def _figures(report) -> dict:
    return {
        "help_records": report.help_records,
        "by_month": dict(report.help_by_month),
        "by_kind": {code: n for code, _label, n in report.help_by_kind if n},
        "households_reached": report.households_reached,
        "follow_ups_open": report.follow_ups_open,
    }


def _all_agree(lao_cai, *communes) -> None:
    """The tallies equal a count of the records, and every report equals the count by hand."""
    assert help_tallies_differences() == {}
    for year in YEARS:
        province_teams = set(Team.objects.values_list("pk", flat=True))
        assert _figures(team_report(year=year, unit=lao_cai)) == _recount(year, province_teams)
        for commune in communes:
            teams = set(Team.objects.filter(unit=commune).values_list("pk", flat=True))
            report = team_report(year=year, unit=commune)
            assert _figures(report) == _recount(year, teams)
            by_village: dict[int, set[int]] = defaultdict(set)
            for team in Team.objects.filter(unit=commune):
                by_village[team.village_id].add(team.pk)
            for part in report.parts:
                expected = _recount(year, by_village.get(part.key, set()))
                assert (part.help_records, part.households_reached, part.follow_ups_open) == (
                    expected["help_records"],
                    expected["households_reached"],
                    expected["follow_ups_open"],
                )
        for team in Team.objects.all():
            assert _figures(team_report(year=year, team=team)) == _recount(year, {team.pk})


def _sync(actor, *records):
    return [answer.status for answer in help_sync(actor=actor, records=list(records))]


def _visit(helper, day, outcome="done", kinds=("vneid",), household=None, **fields):
    if household is not None:
        fields.update(household_code=household.code, person_name="")
    return help_data(helper, helped_on=day, outcome=outcome, kinds=kinds, **fields)


def test_the_tallies_follow_every_kind_of_write(
    commune_officer,
    other_commune_officer,
    team,
    leader,
    households,
    other_leader,
    lao_cai,
    muong_khuong,
    bac_ha,
):
    deputy = member_make(commune_officer, team, "Lò Văn Sáng", position="deputy")
    first = households["ma_tuyen"]
    second = household_create(
        actor=commune_officer, village=team.village, head_name="Sùng Seo Dền", ethnicity="08"
    )
    day = datetime.date
    _all_agree(lao_cai, muong_khuong, bac_ha)  # nothing yet: nothing anywhere

    # New records: households and a person, one and two kinds, two years, a follow-up.
    batch = [
        _visit(leader, day(2024, 12, 30), "follow_up", household=first),
        _visit(leader, day(2025, 3, 8), "follow_up", ("vneid", "mobile-money"), first),
        _visit(deputy, day(2025, 3, 10), "done", ("public-services",)),
        _visit(deputy, day(2025, 5, 20), "follow_up", ("cashless-payment",), second),
    ]
    assert _sync(commune_officer, *batch) == ["created"] * 4
    _all_agree(lao_cai, muong_khuong, bac_ha)
    assert HouseholdLatestHelp.objects.get(household=first).helped_on == day(2025, 3, 8)

    # The same batch again (an answer lost on the way): nothing changes.
    before = list(HelpMonthTally.objects.values_list("team_id", "month", "records"))
    assert _sync(commune_officer, *batch) == ["already_recorded"] * 4
    assert list(HelpMonthTally.objects.values_list("team_id", "month", "records")) == before

    # One identifier twice in a batch, then a conflicting copy of it (another day, outcome and
    # kinds: a correction from a phone, kept aside, never applied), and a refusal.
    twice = _visit(leader, day(2025, 4, 2), "done", ("vneid",), first)
    corrected = _visit(
        leader, day(2025, 6, 1), "follow_up", ("other",), first, client_id=twice.client_id
    )
    future = _visit(leader, day.today() + datetime.timedelta(days=3))
    assert _sync(commune_officer, twice, twice, corrected, future) == [
        "created",
        "already_recorded",
        "conflict",
        "refused",
    ]
    _all_agree(lao_cai, muong_khuong, bac_ha)
    # The April visit closed March's follow-up; the correction's June is nowhere.
    assert HouseholdLatestHelp.objects.get(household=first).helped_on == day(2025, 4, 2)
    assert not HelpMonthTally.objects.filter(month=day(2025, 6, 1)).exists()

    # Sent late and out of order: a visit of January, after April's, does not reopen it; a
    # later visit the same day as May's follow-up, entered after it, closes it.
    assert _sync(
        commune_officer,
        _visit(deputy, day(2025, 1, 15), "follow_up", household=first),
        _visit(leader, day(2025, 5, 20), "referred", ("other",), second),
    ) == ["created", "created"]
    _all_agree(lao_cai, muong_khuong, bac_ha)
    assert team_report(year=2025, unit=muong_khuong).follow_ups_open == 0

    # Another commune's team, and a household helped in both years.
    na_hoi = households["na_hoi"]
    assert _sync(
        other_commune_officer,
        _visit(other_leader, day(2024, 7, 1), "follow_up", household=na_hoi),
        _visit(other_leader, day(2025, 7, 1), "follow_up", ("vneid", "other"), na_hoi),
    ) == ["created", "created"]
    _all_agree(lao_cai, muong_khuong, bac_ha)

    # The team replaced in August: the old team's visits of the summer arrive after, the new
    # team helps the same household; the village counts it once a year, each team once.
    new_team = team_replace(
        actor=commune_officer,
        team=team,
        decision_number="9/QĐ-UBND",
        decision_date=day(2025, 8, 1),
    )
    new_leader = new_team.members.get(position="leader")
    assert _sync(
        commune_officer,
        _visit(new_leader, day(2025, 9, 5), "follow_up", ("vneid",), first),
        _visit(deputy, day(2025, 7, 30), "done", ("other",), second),
    ) == ["created", "created"]
    _all_agree(lao_cai, muong_khuong, bac_ha)
    village = team.village
    assert HelpReachTally.objects.get(village=village, year=2025).households == 2
    assert team_report(year=2025, team=team).households_reached == 2
    assert team_report(year=2025, team=new_team).households_reached == 1
    assert team_report(year=2025, team=new_team).follow_ups_open == 1
    assert team_report(year=2025, team=team).follow_ups_open == 0


def test_many_batches_in_random_order(
    commune_officer, team, leader, village, lao_cai, muong_khuong
):
    """Batches of 1 to 12 records, a third of them sent again or in conflict, days of two
    years in any order, three outcomes, households and people: after each batch, the tallies
    and every report agree with the records."""
    chance = random.Random(20251207)
    deputy = member_make(commune_officer, team, "Lò Văn Sáng", position="deputy")
    homes = [
        household_create(
            actor=commune_officer, village=village, head_name=f"Chủ hộ {n}", ethnicity="08"
        )
        for n in range(6)
    ]
    kinds = ["vneid", "mobile-money", "public-services", "cashless-payment", "other"]
    sent: list = []
    for _batch in range(10):
        batch = []
        for _record in range(chance.randint(1, 12)):
            if sent and chance.random() < 0.2:
                batch.append(chance.choice(sent))  # sent again
                continue
            home = chance.choice([*homes, None])
            data = _visit(
                chance.choice([leader, deputy]),
                datetime.date(chance.choice(YEARS), chance.randint(1, 12), chance.randint(1, 28)),
                chance.choice(["done", "follow_up", "referred"]),
                tuple(chance.sample(kinds, chance.randint(1, 3))),
                home,
            )
            if sent and chance.random() < 0.1:  # a conflicting copy
                data = _visit(leader, data.helped_on, "referred", client_id=sent[-1].client_id)
            batch.append(data)
        _sync(commune_officer, *batch)
        sent += batch
        _all_agree(lao_cai, muong_khuong)
    assert HelpRecord.objects.count() > 40


def test_a_rebuild_counts_again_from_the_records(
    commune_officer, team, leader, households, lao_cai, muong_khuong
):
    first = households["ma_tuyen"]
    _sync(
        commune_officer,
        _visit(leader, datetime.date(2025, 3, 8), "follow_up", household=first),
        _visit(leader, datetime.date(2025, 4, 1)),
    )
    cached = _figures(team_report_cached(year=2025, unit=muong_khuong))
    version_before = _data_version()
    # Rows written straight into the tables, as a data set or a repair would.
    HelpMonthTally.objects.update(records=7)
    HouseholdReached.objects.all().delete()
    HouseholdLatestHelp.objects.update(follow_up=False)
    differences = help_tallies_differences()
    assert differences == {
        "HelpMonthTally": 2,
        "HouseholdReached": 1,
        "HouseholdLatestHelp": 1,
    }
    written = help_tallies_rebuild()
    assert written["HelpMonthTally"] == 2 and written["HouseholdLatestHelp"] == 1
    _all_agree(lao_cai, muong_khuong)
    # The report kept in the cache before the drift is read afresh after the rebuild: the same
    # figures, read from rows written anew.
    assert _figures(team_report_cached(year=2025, unit=muong_khuong)) == cached
    assert _data_version() != version_before


def test_the_command_checks_and_rebuilds(commune_officer, team, leader, households):
    _sync(
        commune_officer, _visit(leader, datetime.date(2025, 3, 8), household=households["ma_tuyen"])
    )
    out = StringIO()
    call_command("teams_tallies", stdout=out)
    assert "agree" in out.getvalue()
    HelpReachTally.objects.update(households=5)
    with pytest.raises(CommandError, match="HelpReachTally"):
        call_command("teams_tallies", stdout=StringIO())
    out = StringIO()
    call_command("teams_tallies", "--rebuild", stdout=out)
    assert help_tallies_differences() == {}
    assert "HelpReachTally" in out.getvalue()


def test_the_migration_fills_the_tallies_with_its_own_models(
    commune_officer, team, leader, households
):
    """The migration that creates the tables fills them through ``help_tallies_rebuild`` with
    the models as they were then: it must still work with them."""
    _sync(
        commune_officer,
        _visit(leader, datetime.date(2025, 3, 8), "follow_up", household=households["ma_tuyen"]),
        _visit(leader, datetime.date(2024, 3, 8), kinds=("vneid", "other")),
    )
    HelpMonthTally.objects.all().delete()
    HouseholdLatestHelp.objects.all().delete()
    state = MigrationLoader(connection).project_state(("teams", "0004_help_tallies"))
    help_tallies_rebuild(apps=state.apps)
    assert help_tallies_differences() == {}


def test_an_identifier_is_never_counted_twice_by_a_batch(commune_officer, team, leader):
    data = _visit(leader, datetime.date(2025, 3, 8), client_id=uuid.uuid4())
    assert _sync(commune_officer, data, data, data) == ["created", *["already_recorded"] * 2]
    assert HelpMonthTally.objects.get().records == 1


def test_settling_conflicts_keeps_the_tallies_exact(
    commune_officer, team, leader, households, lao_cai, muong_khuong, bac_ha
):
    """A conflict settled by taking the phone's copy rewrites its record (another day, year,
    household, kinds and outcome): the old content leaves the tallies and the new one comes
    in; keeping both counts the copy as a new record."""
    first = households["ma_tuyen"]
    second = household_create(
        actor=commune_officer, village=team.village, head_name="Sùng Seo Dền", ethnicity="08"
    )
    day = datetime.date
    a = _visit(leader, day(2025, 3, 8), household=first)
    b = _visit(leader, day(2025, 4, 2), household=second)
    assert _sync(commune_officer, a, b) == ["created", "created"]
    a_copy = dataclasses.replace(
        a,
        helped_on=day(2024, 11, 5),
        kinds=("cashless-payment", "digital-skills"),
        outcome="follow_up",
        household_code=second.code,
    )
    b_copy = dataclasses.replace(b, outcome="follow_up", note="Hẹn quay lại")
    assert _sync(commune_officer, a_copy, b_copy) == ["conflict", "conflict"]
    took, both = HelpConflict.objects.order_by("pk")

    help_conflict_resolve(actor=commune_officer, conflict=took, resolution="took_phone")
    assert not HouseholdReached.objects.filter(household=first).exists()
    _all_agree(lao_cai, muong_khuong, bac_ha)

    help_conflict_resolve(actor=commune_officer, conflict=both, resolution="kept_both")
    assert HelpRecord.objects.count() == 3
    _all_agree(lao_cai, muong_khuong, bac_ha)

"""Two phones (or a phone and its retry) sending one record at the same moment, on their own
connections: stored once, both answered without an error (on PostgreSQL the second waits on the
unique identifier, then finds the first's record; on SQLite it waits for the write lock); two
batches at once keep the reports' tallies exact."""

import datetime
import threading

import pytest
from django.db import connections

from banso.common.tests.databases import file_database
from banso.teams.models import HelpRecord
from banso.teams.services.help import help_sync
from banso.teams.services.tallies import help_tallies_differences
from banso.teams.tests.makers import help_data


@pytest.mark.django_db(transaction=True)
def test_the_same_record_sent_twice_at_once_is_stored_once(
    commune_officer, team, leader, member_user, tmp_path
):
    data = help_data(leader)
    start = threading.Barrier(2)
    statuses, failed = [], []

    def send():
        try:
            actor = type(member_user).objects.get(pk=member_user.pk)
            start.wait()
            (answer,) = help_sync(actor=actor, records=[data])
            statuses.append(answer.status)
        except Exception as error:  # any failure fails the test below
            failed.append(repr(error))
        finally:
            connections.close_all()

    with file_database(tmp_path):
        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        counted: list[int] = []
        reader = threading.Thread(
            target=lambda: (counted.append(HelpRecord.objects.count()), connections.close_all())
        )
        reader.start()
        reader.join()
    assert failed == []
    assert sorted(statuses) == ["already_recorded", "created"]
    assert counted == [1]


@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_keep_the_tallies_exact(
    commune_officer, team, leader, member_user, households, tmp_path
):
    """Two phones' batches of the same team, months and household, committed at the same
    moment: each tally row is written by both (on PostgreSQL the second waits for the first's
    row and adds to it) and ends equal to a count of the records."""
    household = households["ma_tuyen"].code
    batches = [
        [
            help_data(
                leader,
                helped_on=datetime.date(2025, month, day),
                outcome="follow_up" if day % 2 else "done",
                household_code=household if month % 2 else None,
                person_name="" if month % 2 else "Hầu Thị Chá",
                kinds=("vneid", "other"),
            )
            for month in range(1, 7)
        ]
        for day in (10, 11)
    ]
    start = threading.Barrier(2)
    failed: list[str] = []
    differences: list[dict] = []

    def send(batch):
        try:
            actor = type(member_user).objects.get(pk=member_user.pk)
            start.wait()
            help_sync(actor=actor, records=batch)
        except Exception as error:  # any failure fails the test below
            failed.append(repr(error))
        finally:
            connections.close_all()

    with file_database(tmp_path):
        threads = [threading.Thread(target=send, args=(batch,)) for batch in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        checker = threading.Thread(
            target=lambda: (differences.append(help_tallies_differences()), connections.close_all())
        )
        checker.start()
        checker.join()
    assert failed == []
    assert differences == [{}]

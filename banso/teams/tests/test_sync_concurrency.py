"""Two phones (or a phone and its retry) sending one record at the same moment, on their own
connections: stored once, both answered without an error (on PostgreSQL the second waits on the
unique identifier, then finds the first's record; on SQLite it waits for the write lock)."""

import threading

import pytest
from django.db import connections

from banso.common.tests.databases import file_database
from banso.teams.models import HelpRecord
from banso.teams.services.help import help_sync
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

"""Sending the phone's pending records: each stored once whatever the retries, conflicts kept
and reported, refusals explained field by field."""

import datetime
import json

import pytest
from django.test import Client

from banso.conftest import PASSWORD
from banso.teams.models import HelpConflict, HelpRecord
from banso.teams.services.help import SYNC_LIMIT, help_sync
from banso.teams.tests.makers import help_data, help_json

pytestmark = pytest.mark.django_db

SYNC = "/api/teams/help/sync"


def _post(client, records, **headers):
    return client.post(
        SYNC, json.dumps({"records": records}), content_type="application/json", **headers
    )


@pytest.fixture
def phone(client, leader, member_user):
    client.login(username=member_user.phone, password=PASSWORD)
    return client


def test_the_same_batch_twice_adds_nothing(phone, leader, households):
    batch = [
        help_json(leader),
        help_json(leader, household_code="MT-001", kinds=("cashless-payment", "mobile-money")),
        help_json(leader, outcome="follow_up", note="Hẹn tuần sau"),
    ]
    first = _post(phone, batch)
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 3
    assert [r["status"] for r in first.json()["results"]] == ["created"] * 3
    again = _post(phone, batch)
    assert again.json()["created"] == 0
    assert again.json()["already_recorded"] == 3
    assert HelpRecord.objects.count() == 3
    assert HelpConflict.objects.count() == 0
    stored = HelpRecord.objects.get(household__code="MT-001")
    kinds = sorted(stored.kinds.values_list("code", flat=True))
    assert kinds == ["cashless-payment", "mobile-money"]
    assert stored.team == leader.team and stored.unit == leader.team.unit


def test_a_conflict_is_kept_beside_the_record_and_given_back(phone, leader):
    sent = help_json(leader, note="Đã cài VNeID")
    _post(phone, [sent])
    changed = {**sent, "note": "Đã cài VNeID mức 2", "outcome": "follow_up"}
    for _attempt in range(2):  # a retry of the conflicting copy keeps it once
        answer = _post(phone, [changed]).json()
        assert answer["conflicts"] == 1
        (result,) = answer["results"]
        assert result["status"] == "conflict"
        assert result["server"]["note"] == "Đã cài VNeID"
        assert result["server"]["outcome"] == "done"
    record = HelpRecord.objects.get()
    assert (record.note, record.outcome) == ("Đã cài VNeID", "done")  # never written over
    conflict = HelpConflict.objects.get()
    assert conflict.record == record
    assert conflict.content["note"] == "Đã cài VNeID mức 2"


def test_normalised_content_is_the_same_content(phone, leader):
    sent = help_json(leader, person_phone="0912 345 678", kinds=("vneid", "mobile-money"))
    _post(phone, [sent])
    again = {
        **sent,
        "person_phone": "+84912345678",
        "kinds": ["mobile-money", "vneid", "vneid"],
        "person_name": "  Hầu   Thị Chá ",
    }
    assert _post(phone, [again]).json()["results"][0]["status"] == "already_recorded"


def test_each_refusal_names_its_field_and_the_rest_is_stored(phone, leader, households):
    future = datetime.date.today() + datetime.timedelta(days=2)
    batch = [
        help_json(leader),
        help_json(leader, household_code="SC-001"),  # another village's household
        help_json(leader, kinds=("bitcoin",)),
        help_json(leader, helped_on=future),
        help_json(leader, helped_on=datetime.date(2022, 1, 1)),  # before the team
        help_json(leader, person_name=""),
        help_json(leader, person_phone="12"),
    ]
    answer = _post(phone, batch).json()
    statuses = [result["status"] for result in answer["results"]]
    assert statuses == ["created"] + ["refused"] * 6
    fields = [sorted(result["errors"]) for result in answer["results"][1:]]
    assert fields == [
        ["household"],
        ["kinds"],
        ["helped_on"],
        ["helped_on"],
        ["person_name"],
        ["person_phone"],
    ]
    assert "bitcoin" in answer["results"][2]["errors"]["kinds"][0]
    assert HelpRecord.objects.count() == 1


def test_another_teams_member_is_unknown(phone, leader, other_leader):
    answer = _post(phone, [help_json(other_leader)]).json()
    unknown = ["Không có thành viên nào của tổ mang số này."]
    assert answer["results"][0]["errors"] == {"helper": unknown}
    assert not HelpRecord.objects.exists()


def test_a_conflict_with_another_teams_record_gives_nothing_back(leader, member_user, other_leader):
    theirs = help_data(other_leader)
    help_sync(actor=other_leader.user, records=[theirs])
    mine = help_data(leader, client_id=theirs.client_id)
    (answer,) = help_sync(actor=type(member_user).objects.get(pk=member_user.pk), records=[mine])
    assert answer.status == "conflict"
    assert answer.server is None
    assert HelpRecord.objects.get().team == other_leader.team


def test_a_body_that_does_not_fit_is_refused_whole(phone, leader):
    good = help_json(leader)
    for body in (
        {"records": []},
        {"records": [{**good, "client_id": "not-a-uuid"}]},
        {"records": [{**good, "extra": 1}]},
        {"records": [{**good, "outcome": "maybe"}]},
        {"records": [good] * (SYNC_LIMIT + 1)},
        {"rows": [good]},
    ):
        response = phone.post(SYNC, json.dumps(body), content_type="application/json")
        assert response.status_code == 422, body
        assert "detail" in response.json()
    # PostgreSQL refuses NUL in text: refused at the door (400), before the schema.
    for body in (
        {"records": [{**good, "note": "a\x00b"}]},
        {"records": [{**good, "kinds": ["vneid\x00"]}]},
    ):
        response = phone.post(SYNC, json.dumps(body), content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["detail"][0]["type"] == "nul_character"
    assert not HelpRecord.objects.exists()


def test_a_session_write_needs_its_csrf_token(leader, member_user):
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=member_user.phone, password=PASSWORD)
    batch = [help_json(leader)]
    assert _post(browser, batch).status_code == 403
    assert not HelpRecord.objects.exists()
    browser.get("/accounts/login/")  # any page sets the token's cookie
    token = browser.cookies["csrftoken"].value
    assert _post(browser, batch, HTTP_X_CSRFTOKEN=token).json()["created"] == 1


def test_nobody_else_sends(client, leader, make_user, other_commune_officer):
    batch = [help_json(leader)]
    assert _post(client, batch).status_code == 401
    for person in (make_user("Người dân"), other_commune_officer):
        client.login(username=person.phone, password=PASSWORD)
        assert _post(client, batch).json()["refused"] == 1
    assert not HelpRecord.objects.exists()


def test_the_officer_of_the_commune_may_record_for_the_team(client, commune_officer, leader):
    client.login(username=commune_officer.phone, password=PASSWORD)
    assert _post(client, [help_json(leader)]).json()["created"] == 1


def test_a_batch_costs_a_few_queries_whatever_its_size(
    phone, leader, households, django_assert_max_num_queries
):
    _post(phone, [help_json(leader)])  # the session and the person, read once
    batch = [help_json(leader, household_code="MT-001") for _ in range(40)]
    # Session, person, memberships, the batch's reads (identifiers, members, households,
    # villages, kinds), then each record: a savepoint, the row, its kinds, the release; then
    # the reports' tallies, five statements for the batch.
    with django_assert_max_num_queries(15 + 4 * 40 + 5):
        assert _post(phone, batch).json()["created"] == 40
    with django_assert_max_num_queries(15):  # nothing new: no tally written
        assert _post(phone, batch).json()["already_recorded"] == 40


def test_the_same_identifier_twice_in_one_batch(phone, leader):
    sent = help_json(leader)
    answer = _post(phone, [sent, sent, {**sent, "note": "khác"}]).json()
    assert [r["status"] for r in answer["results"]] == ["created", "already_recorded", "conflict"]
    assert HelpRecord.objects.count() == 1

"""The to-do list of a village's team, counted by hand for Mã Tuyển, its query bound, who
reads it, and the requests people send through the public page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from banso.households.models import LivingStandard
from banso.households.services import assessment_record, household_create
from banso.households.telecom_services import activity_record, enrolment_create
from banso.households.tests.conftest import answers_lacking
from banso.teams.followup_selectors import help_requests_for_user, team_followup
from banso.teams.models import HelpKind, HelpRequest
from banso.teams.services.help import help_record
from banso.teams.services.requests import help_request_answer, help_request_submit
from banso.teams.tests.makers import help_data

TODAY = datetime.date(2025, 6, 30)


def _household(actor, village, code: str, *, answers: dict, income: int, year: int = 2025):
    household = household_create(
        actor=actor, village=village, head_name=f"Chủ hộ {code}", ethnicity="08", code=code
    )
    assessment_record(
        actor=actor, household=household, year=year, answers=answers, income_per_capita_vnd=income
    )
    return household


def _request(village, phone="0912 345 678", **fields):
    kinds = list(HelpKind.objects.filter(code__in=fields.pop("kinds", ["vneid"])))
    return help_request_submit(village=village, kinds=kinds, phone=phone, **fields)


@pytest.fixture
def ma_tuyen(commune_officer, village, sang_chai, team, leader, member_user):
    """Mã Tuyển's households, each on the list for its reasons (or on none), counted by hand:

    - POOR-T: poor, lacks telecom, not helped this year → lacks_telecom, poor_not_helped
    - NEAR: near-poor, helped in March → nothing
    - SUSP: poor, enrolled, no traffic in February and March → suspended, poor_not_helped
    - RICH-T: not poor, lacks telecom → lacks_telecom
    - FOLLOW: not poor, a visit needing a follow-up → follow_up
    - DONE: not poor, a visit needing a follow-up, then a later one → nothing
    - OLD: poor in 2023, not poor in 2025 (latest) → nothing
    and two open requests, one answered, one of Sảng Chải (another village).
    """
    officer = commune_officer
    lacks3 = answers_lacking("telecom", "water", "sanitation")
    poor_t = _household(officer, village, "POOR-T", answers=lacks3, income=900_000)
    near = _household(officer, village, "NEAR", answers=answers_lacking(), income=900_000)
    susp = _household(
        officer,
        village,
        "SUSP",
        answers=answers_lacking("water", "sanitation", "housing_quality"),
        income=900_000,
        year=2024,
    )
    enrolment = enrolment_create(
        actor=officer,
        household=susp,
        kind="subscription",
        provider="viettel",
        started_on=datetime.date(2024, 11, 1),
        subscriber_number="0912 345 678",
    )
    for month in (datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)):
        activity_record(actor=officer, enrolment=enrolment, month=month, has_traffic=False)
    rich_t = _household(
        officer, village, "RICH-T", answers=answers_lacking("telecom"), income=5_000_000
    )
    follow = _household(officer, village, "FOLLOW", answers=answers_lacking(), income=5_000_000)
    _household(officer, village, "DONE", answers=answers_lacking(), income=5_000_000)
    old = _household(officer, village, "OLD", answers=lacks3, income=900_000, year=2023)
    assessment_record(
        actor=officer,
        household=old,
        year=2025,
        answers=answers_lacking(),
        income_per_capita_vnd=5_000_000,
    )
    day = datetime.date(2025, 3, 8)
    visit = {"person_name": "", "helped_on": day}
    help_record(actor=member_user, data=help_data(leader, household_code="NEAR", **visit))
    help_record(
        actor=member_user,
        data=help_data(leader, household_code="FOLLOW", outcome="follow_up", **visit),
    )
    help_record(
        actor=member_user,
        data=help_data(leader, household_code="DONE", outcome="follow_up", **visit),
    )
    help_record(
        actor=member_user,
        data=help_data(
            leader, household_code="DONE", helped_on=datetime.date(2025, 4, 2), person_name=""
        ),
    )
    open_requests = [
        _request(village, name="Lò Văn Hùng"),
        _request(village, kinds=["mobile-money"]),
    ]
    answered = _request(village, phone="0987 111 222")
    help_request_answer(actor=member_user, help_request=answered)
    _request(sang_chai, phone="0977 333 444")
    assert near.assessments.get().living_standard == LivingStandard.NEAR_POOR
    assert poor_t.assessments.get().living_standard == LivingStandard.POOR
    return {
        "poor_t": poor_t,
        "susp": susp,
        "rich_t": rich_t,
        "follow": follow,
        "requests": open_requests,
    }


def _codes(followup, reason):
    return sorted(
        item.household.code if item.household else item.request.pk for item in followup.of(reason)
    )


def test_the_to_do_list_of_a_village_counted_by_hand(ma_tuyen, team, member_user):
    followup = team_followup(member_user, team, today=TODAY)
    assert followup.counts() == {
        "request": 2,
        "follow_up": 1,
        "lacks_telecom": 2,
        "suspended": 1,
        "poor_not_helped": 2,
    }
    assert _codes(followup, "lacks_telecom") == ["POOR-T", "RICH-T"]
    assert _codes(followup, "suspended") == ["SUSP"]
    assert _codes(followup, "poor_not_helped") == ["POOR-T", "SUSP"]
    assert _codes(followup, "follow_up") == ["FOLLOW"]
    assert _codes(followup, "request") == sorted(r.pk for r in ma_tuyen["requests"])


def test_a_visit_this_year_takes_a_poor_household_off_the_list(ma_tuyen, team, leader, member_user):
    help_record(
        actor=member_user,
        data=help_data(leader, household_code="SUSP", person_name="", helped_on=TODAY),
    )
    followup = team_followup(member_user, team, today=TODAY)
    assert _codes(followup, "poor_not_helped") == ["POOR-T"]
    # Last year's help does not count the next year (NEAR was helped in March 2025).
    next_year = team_followup(member_user, team, today=datetime.date(2026, 2, 1))
    assert _codes(next_year, "poor_not_helped") == ["NEAR", "POOR-T", "SUSP"]


def test_the_commune_officer_sees_the_same_list(ma_tuyen, team, commune_officer):
    assert team_followup(commune_officer, team, today=TODAY).counts()["poor_not_helped"] == 2


def _add_households(officer, village, start: int, count: int):
    lacks3 = answers_lacking("telecom", "water", "sanitation")
    for number in range(start, start + count):
        _household(officer, village, f"MORE-{number:03}", answers=lacks3, income=900_000)


def test_the_list_costs_a_bounded_number_of_queries(
    ma_tuyen, team, member_user, commune_officer, village, django_assert_max_num_queries
):
    def read() -> int:
        fresh = type(member_user).objects.get(pk=member_user.pk)
        followup = team_followup(fresh, team, today=TODAY)
        return sum(followup.counts().values()) + sum(
            len(item.request.kinds.all()) if item.request else 0 for item in followup.items
        )

    with django_assert_max_num_queries(12):
        small = read()
    _add_households(commune_officer, village, 1, 15)
    for number in range(3):
        _request(village, phone=f"0912 000 {number:03}")
    with django_assert_max_num_queries(12):
        large = read()
    assert large > small + 30


# --- Who reads what ---------------------------------------------------------------------------


def test_requests_are_read_by_the_village_team_and_the_commune_only(
    ma_tuyen, member_user, commune_officer, other_commune_officer, other_leader, make_user
):
    from django.contrib.auth.models import AnonymousUser

    mine = set(help_requests_for_user(member_user).values_list("village__name", flat=True))
    assert mine == {"Mã Tuyển"}
    assert help_requests_for_user(commune_officer).count() == 4  # both villages
    assert not help_requests_for_user(other_commune_officer).exists()
    assert not help_requests_for_user(other_leader.user).exists()
    assert not help_requests_for_user(make_user("Người lạ")).exists()
    assert not help_requests_for_user(AnonymousUser()).exists()


def test_another_team_cannot_answer_a_request(ma_tuyen, other_leader):
    request = ma_tuyen["requests"][0]
    with pytest.raises(PermissionDenied):
        help_request_answer(actor=other_leader.user, help_request=request)
    request.refresh_from_db()
    assert request.answered_on is None


def test_answering_keeps_the_first_day(ma_tuyen, member_user, commune_officer):
    request = ma_tuyen["requests"][0]
    help_request_answer(actor=member_user, help_request=request, on=datetime.date(2025, 6, 1))
    help_request_answer(actor=commune_officer, help_request=request, on=datetime.date(2025, 6, 9))
    request.refresh_from_db()
    assert (request.answered_on, request.answered_by) == (datetime.date(2025, 6, 1), member_user)


def test_a_request_stores_the_phone_in_e164(village):
    request = _request(village, phone="0912 345 678", name="  Lò   Văn Hùng ")
    assert (request.phone, request.name, request.unit_id) == (
        "+84912345678",
        "Lò Văn Hùng",
        village.commune_id,
    )
    assert HelpRequest.objects.count() == 1


def test_requests_are_read_only_in_the_admin(client, superuser, village):
    _request(village, name="Lò Văn Hùng")
    client.force_login(superuser)
    body = client.get("/admin/teams/helprequest/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "+84912345678" in body and "Lò Văn Hùng" in body and "Ngày trả lời" in body
    assert client.get("/admin/teams/helprequest/add/").status_code == 403

"""The officers' pages: the list of teams, a team's page, founding a team, adding a member and
recording one leaving; each write refused to anyone else, with nothing changed."""

import datetime

import pytest
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.teams.models import Team, TeamMember
from banso.teams.services.help import help_record
from banso.teams.tests.makers import help_data, member_make, team_make

pytestmark = pytest.mark.django_db


def _signed_in(client, person):
    client.login(username=person.phone, password=PASSWORD)
    return client


def test_the_list_costs_the_same_for_many_teams(
    client, commune_officer, muong_khuong, django_assert_max_num_queries
):
    from banso.places.services import village_create

    for number in range(12):
        village = village_create(
            actor=commune_officer, commune=muong_khuong, name=f"Thôn {number}", kind="thon"
        )
        team = team_make(commune_officer, village, number=f"{number}/QĐ")
        member_make(commune_officer, team, f"Tổ trưởng {number}", position="leader")
        member_make(commune_officer, team, f"Thành viên {number}")
    _signed_in(client, commune_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("teams:team-list"))
    page = response.content.decode()
    assert page.count('href="/teams/') >= 12
    assert "Tổ trưởng 11" in page and "2 thành viên" in page


def test_dissolved_teams_are_listed_on_request(client, commune_officer, team, village):
    from banso.teams.services.register import team_dissolve

    team_dissolve(actor=commune_officer, team=team, on=datetime.date(2024, 1, 1))
    _signed_in(client, commune_officer)
    url = reverse("teams:team-list")
    assert "Mã Tuyển" not in client.get(url).content.decode()
    shown = client.get(url, {"dissolved": "on"}).content.decode()
    assert "Mã Tuyển" in shown and "đã giải thể" in shown


def test_the_team_page_shows_members_past_and_present_and_the_help(
    client, commune_officer, team, leader, member_user, django_assert_max_num_queries
):
    help_record(actor=member_user, data=help_data(leader, kinds=("vneid", "mobile-money")))
    left = member_make(commune_officer, team, "Lù Văn Phin")
    from banso.teams.services.register import member_leave

    member_leave(actor=commune_officer, member=left, on=datetime.date(2024, 5, 1), reason="Đi học")
    _signed_in(client, commune_officer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("teams:team-detail", args=[team.pk])).content.decode()
    assert page.index("Vàng Thị Mai") < page.index("Lù Văn Phin")
    assert "rời tổ ngày 01/05/2024: Đi học" in page
    assert "Tài khoản VNeID và định danh điện tử mức độ 2" in page
    assert 'id="member-form"' in page  # the officer may add a member
    _signed_in(client, member_user)
    page = client.get(reverse("teams:team-detail", args=[team.pk])).content.decode()
    assert 'id="member-form"' not in page


def test_an_officer_founds_a_team_and_adds_a_member(client, commune_officer, village, sang_chai):
    _signed_in(client, commune_officer)
    form = client.get(reverse("teams:team-create")).content.decode()
    assert "Sảng Chải" in form
    response = client.post(
        reverse("teams:team-create"),
        {"village": village.pk, "decision_number": "12/QĐ-UBND", "decision_date": "2024-02-01"},
    )
    team = Team.objects.get()
    assert response["Location"] == reverse("teams:team-detail", args=[team.pk])
    added = client.post(
        reverse("teams:member-create", args=[team.pk]),
        {
            "full_name": "Thào Seo Lử",
            "position": "leader",
            "background": "village_head",
            "joined_on": "2024-02-01",
        },
    )
    assert added.status_code == 302
    twice = client.post(
        reverse("teams:member-create", args=[team.pk]),
        {"full_name": "Lồ Văn Chứ", "position": "leader", "background": "police"},
    )
    assert twice.status_code == 400
    assert "Tổ đã có tổ trưởng." in twice.content.decode()
    member = team.members.get()
    client.post(
        reverse("teams:member-leave", args=[team.pk, member.pk]),
        {"left_on": "2024-09-01", "reason": "Chuyển công tác"},
    )
    member.refresh_from_db()
    assert member.left_on == datetime.date(2024, 9, 1)


def test_the_writes_are_refused_to_others(
    client, other_commune_officer, member_user, team, leader, village
):
    for person in (other_commune_officer, member_user):
        _signed_in(client, person)
        added = client.post(
            reverse("teams:member-create", args=[team.pk]),
            {"full_name": "Người lạ", "position": "member", "background": "other"},
        )
        assert added.status_code in (403, 404)
        client.post(reverse("teams:member-leave", args=[team.pk, leader.pk]), {})
        client.post(
            reverse("teams:team-create"),
            {"village": village.pk, "decision_number": "1", "decision_date": "2024-02-01"},
        )
    assert TeamMember.objects.get() == leader
    leader.refresh_from_db()
    assert leader.left_on is None
    assert Team.objects.get() == team


def test_a_team_page_in_english_and_chinese(client, commune_officer, team, leader):
    _signed_in(client, commune_officer)
    path = reverse("teams:team-detail", args=[team.pk])
    english = client.get("/en" + path).content.decode()
    assert "Digital technology team of Thôn Mã Tuyển" in english and "Team leader" in english
    chinese = client.get("/zh-hans" + path).content.decode()
    assert "Thôn Mã Tuyển社区数字技术小组" in chinese and "组长" in chinese

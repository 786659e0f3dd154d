"""Who sees what: a team sees only its village's households; a commune officer sees the
commune's teams; nobody else sees a name. Each scope is checked for every kind of person."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.conftest import PASSWORD
from banso.households.selectors import households_for_user
from banso.teams.selectors import help_records_for_user, team_members_for_user, teams_for_user
from banso.teams.services.help import help_record
from banso.teams.services.register import member_leave
from banso.teams.tests.makers import help_data

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The person as the next request reads them (nothing kept from an earlier read)."""
    return type(user).objects.get(pk=user.pk)


def _codes(user) -> set[str]:
    return set(households_for_user(_fresh(user)).values_list("code", flat=True))


def test_a_team_member_reads_only_their_villages_households(households, leader, member_user):
    assert _codes(member_user) == {"MT-001"}  # not Sảng Chải, of the same commune
    assert _fresh(member_user).has_perm("households.view_household", households["ma_tuyen"])
    assert not _fresh(member_user).has_perm("households.view_household", households["sang_chai"])


def test_leaving_the_team_closes_the_village(commune_officer, households, leader, member_user):
    member_leave(actor=commune_officer, member=leader, reason="Chuyển công tác")
    assert _codes(member_user) == set()
    assert list(teams_for_user(_fresh(member_user))) == []


def test_the_scope_of_each_person(
    make_user,
    commune_officer,
    other_commune_officer,
    province_officer,
    superuser,
    coop_member,
    team,
    leader,
    member_user,
    other_team,
    other_leader,
    households,
    na_hoi,
):
    help_record(actor=member_user, data=help_data(leader))
    help_record(actor=other_leader.user, data=help_data(other_leader))
    somebody = make_user("Người dân")
    leader_elsewhere = make_user("Tổ trưởng bản khác")
    role_grant(user=leader_elsewhere, role=PlaceRole.VILLAGE_TEAM_LEADER, village=na_hoi)
    expected = {
        # person: (teams, households)
        "anonymous": (set(), set()),
        "somebody": (set(), set()),
        "co-op member": (set(), set()),
        "team member": ({team.pk}, {"MT-001"}),
        "commune officer": ({team.pk}, {"MT-001", "SC-001"}),
        "other commune officer": ({other_team.pk}, {"NH-001"}),
        "province officer": ({team.pk, other_team.pk}, {"MT-001", "SC-001", "NH-001"}),
        "superuser": ({team.pk, other_team.pk}, {"MT-001", "SC-001", "NH-001"}),
        # A team leader's role grant without the register reads the village, not the teams.
        "role grant elsewhere": (set(), {"NH-001"}),
    }
    people = {
        "anonymous": AnonymousUser(),
        "somebody": somebody,
        "co-op member": coop_member,
        "team member": member_user,
        "commune officer": commune_officer,
        "other commune officer": other_commune_officer,
        "province officer": province_officer,
        "superuser": superuser,
        "role grant elsewhere": leader_elsewhere,
    }
    seen = {}
    for label, person in people.items():
        person = _fresh(person) if person.is_authenticated else person
        teams = set(teams_for_user(person).values_list("pk", flat=True))
        seen[label] = (teams, set(households_for_user(person).values_list("code", flat=True)))
        members = set(team_members_for_user(person).values_list("team_id", flat=True))
        records = set(help_records_for_user(person).values_list("team_id", flat=True))
        assert members == records == teams, label
    assert seen == expected


def test_the_team_page_to_each_person(
    client, make_user, commune_officer, other_commune_officer, team, leader, member_user
):
    url = reverse("teams:team-detail", args=[team.pk])
    assert client.get(url).status_code == 302  # to sign in
    for person, status in [
        (make_user("Người dân"), 404),
        (other_commune_officer, 404),
        (member_user, 200),
        (commune_officer, 200),
    ]:
        client.login(username=person.phone, password=PASSWORD)
        response = client.get(url)
        assert response.status_code == status, person
        assert ("Vàng Thị Mai" in response.content.decode()) is (status == 200)


def test_the_list_of_teams_is_for_officers(client, commune_officer, member_user, leader, team):
    url = reverse("teams:team-list")
    client.login(username=member_user.phone, password=PASSWORD)
    assert client.get(url).status_code == 403
    assert reverse("teams:my-team") in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(reverse("teams:my-team"))["Location"] == reverse(
        "teams:team-detail", args=[team.pk]
    )
    client.login(username=commune_officer.phone, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert "Vàng Thị Mai" in response.content.decode()  # the leader's name
    assert client.get(reverse("teams:my-team")).status_code == 404


def test_the_phone_gets_its_village_only(client, households, leader, member_user, other_leader):
    client.login(username=member_user.phone, password=PASSWORD)
    mine = client.get("/api/teams/mine").json()
    assert [team["village"] for team in mine["teams"]] == ["Thôn Mã Tuyển"]
    assert [h["code"] for h in mine["teams"][0]["households"]] == ["MT-001"]
    assert [m["full_name"] for m in mine["teams"][0]["members"]] == ["Vàng Thị Mai"]
    assert "vneid" in {kind["code"] for kind in mine["kinds"]}
    client.logout()
    assert client.get("/api/teams/mine").status_code == 401

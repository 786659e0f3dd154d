"""The officers' pages that dissolve a team, replace it by a new decision and change a serving
member's details: confirmed, with their history kept on the team's page, and refused to
anyone but the officers over the team, with nothing changed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from banso.teams.models import Team, TeamMember, TeamPosition
from banso.teams.tests.makers import member_make, team_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n"


def _signed_in(client, person):
    if person is None:
        client.logout()
    else:
        client.force_login(person)
    return client


@pytest.fixture
def deputy(commune_officer, team):
    return member_make(
        commune_officer, team, "Sùng Thị Dín", position=TeamPosition.DEPUTY, phone="0912345678"
    )


def test_an_officer_dissolves_a_team_after_confirming(
    client, commune_officer, team, leader, deputy
):
    _signed_in(client, commune_officer)
    detail = reverse("teams:team-detail", args=[team.pk])
    assert 'id="dissolve-link"' in client.get(detail).content.decode()
    url = reverse("teams:team-dissolve", args=[team.pk])
    page = client.get(url).content.decode()
    assert "Vàng Thị Mai" in page and "Sùng Thị Dín" in page  # who leaves with it
    assert "2 thành viên đang sinh hoạt rời tổ" in page

    unconfirmed = client.post(url, {"on": "2025-06-30", "note": "Sáp nhập thôn"})
    assert unconfirmed.status_code == 400
    ahead = timezone.localdate() + datetime.timedelta(days=3)
    too_soon = client.post(url, {"on": ahead.isoformat(), "note": "Sáp nhập", "confirm": "on"})
    assert too_soon.status_code == 400
    assert "chưa đến" in too_soon.content.decode()
    team.refresh_from_db()
    assert team.is_active and not team.members.filter(left_on__isnull=False).exists()

    done = client.post(
        url, {"on": "2025-06-30", "note": "QĐ 45/QĐ-UBND: sáp nhập thôn", "confirm": "on"}
    )
    assert done["Location"] == detail
    team.refresh_from_db()
    assert team.dissolved_on == datetime.date(2025, 6, 30)
    assert team.dissolution_note == "QĐ 45/QĐ-UBND: sáp nhập thôn"
    assert set(team.members.values_list("left_on", flat=True)) == {datetime.date(2025, 6, 30)}
    shown = client.get(detail).content.decode()
    assert "30/06/2025: QĐ 45/QĐ-UBND: sáp nhập thôn" in shown
    assert "rời tổ ngày 30/06/2025" in shown  # the members who left, kept on the page
    assert 'id="dissolve-link"' not in shown and 'id="member-form"' not in shown
    assert client.get(url).status_code == 404  # nothing more to dissolve


def test_an_officer_replaces_a_team_and_both_pages_keep_the_history(
    client, commune_officer, team, leader, deputy, member_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    gone = member_make(commune_officer, team, "Lù Văn Phin")
    from banso.teams.services.register import member_leave

    member_leave(actor=commune_officer, member=gone, on=datetime.date(2024, 5, 1), reason="Đi học")
    _signed_in(client, commune_officer)
    url = reverse("teams:team-replace", args=[team.pk])
    assert "Vàng Thị Mai (Tổ trưởng)" in client.get(url).content.decode()
    form = {
        "decision_number": "20/QĐ-UBND",
        "decision_date": "2025-07-01",
        "members_carried": "on",
    }
    assert client.post(url, form).status_code == 400  # not confirmed
    assert Team.objects.count() == 1
    response = client.post(
        url,
        {**form, "confirm": "on", "decision_scan": SimpleUploadedFile("qd.pdf", PDF)},
    )
    new = Team.objects.get(replaces=team)
    assert response["Location"] == reverse("teams:team-detail", args=[new.pk])
    assert new.decision_scan.name.startswith("teams/decisions/")
    assert sorted(new.members.values_list("full_name", "position", "joined_on")) == [
        ("Sùng Thị Dín", "deputy", datetime.date(2025, 7, 1)),
        ("Vàng Thị Mai", "leader", datetime.date(2025, 7, 1)),
    ]
    # The leader's account now reads the new team, not the old one.
    assert new.members.get(position="leader").user == member_user

    new_page = client.get(response["Location"]).content.decode()
    assert "20/QĐ-UBND" in new_page
    assert reverse("teams:team-detail", args=[team.pk]) in new_page  # "replaces"
    assert 'id="village-teams"' in new_page and "125/QĐ-UBND" in new_page
    old_page = client.get(reverse("teams:team-detail", args=[team.pk])).content.decode()
    assert "Được thay bằng" in old_page and "20/QĐ-UBND" in old_page
    assert "Lù Văn Phin" in old_page and "Đi học" in old_page
    assert "Được thay bằng tổ theo quyết định 20/QĐ-UBND." in old_page


def test_a_replacement_may_leave_the_members_behind_and_refuses_a_bad_day(
    client, commune_officer, team, leader
):
    _signed_in(client, commune_officer)
    url = reverse("teams:team-replace", args=[team.pk])
    before = client.post(
        url,
        {"decision_number": "3/QĐ", "decision_date": "2020-01-01", "confirm": "on"},
    )
    assert before.status_code == 400  # before the team it replaces was founded
    assert Team.objects.count() == 1 and Team.objects.get().is_active
    client.post(url, {"decision_number": "3/QĐ", "decision_date": "2025-01-02", "confirm": "on"})
    new = Team.objects.get(replaces=team)
    assert not new.members.exists()
    leader.refresh_from_db()
    assert leader.left_on == datetime.date(2025, 1, 2)


def test_an_officer_changes_a_serving_members_details(
    client, commune_officer, team, leader, deputy
):
    _signed_in(client, commune_officer)
    detail = client.get(reverse("teams:team-detail", args=[team.pk])).content.decode()
    url = reverse("teams:member-edit", args=[team.pk, deputy.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert 'value="Sùng Thị Dín"' in page and 'id="member-leave-form"' in page
    form = {
        "full_name": "Sùng Thị Dín",
        "phone": "0912 345 679",
        "position": "leader",
        "background": "womens_union",
        "training": "Kỹ năng số cơ bản, 04/2025",
    }
    clash = client.post(url, form)
    assert clash.status_code == 400
    assert "Tổ đã có tổ trưởng." in clash.content.decode()
    deputy.refresh_from_db()
    assert deputy.position == "deputy"
    saved = client.post(url, {**form, "position": "deputy"})
    assert saved.status_code == 302
    deputy.refresh_from_db()
    assert (deputy.phone, deputy.background, deputy.training) == (
        "+84912345679",
        "womens_union",
        "Kỹ năng số cơ bản, 04/2025",
    )
    client.post(
        reverse("teams:member-leave", args=[team.pk, deputy.pk]),
        {"left_on": "2025-08-01", "reason": "Chuyển công tác"},
    )
    deputy.refresh_from_db()
    assert deputy.left_on == datetime.date(2025, 8, 1)
    assert client.get(url).status_code == 404  # a member who left keeps their row as it was


@pytest.fixture
def sang_chai_member(commune_officer, sang_chai, make_user):
    """A member of the team of another village of the same commune."""
    other = team_make(commune_officer, sang_chai, number="7/QĐ-UBND")
    user = make_user("Lù Thị Sang")
    member_make(commune_officer, other, "Lù Thị Sang", user=user, position=TeamPosition.LEADER)
    return user


WHO = {
    "anonymous": (None, "login"),
    "team member": ("member_user", 403),
    "other village's member": ("sang_chai_member", 404),
    "other commune's officer": ("other_commune_officer", 404),
    "other commune's member": ("other_leader_user", 404),
}


@pytest.fixture
def other_leader_user(other_leader):
    return other_leader.user


@pytest.mark.parametrize("who", list(WHO))
def test_the_pages_are_refused_to_anyone_but_the_officers_with_nothing_changed(
    request, client, who, team, leader, deputy, commune_officer, province_officer
):
    name, expected = WHO[who]
    person = request.getfixturevalue(name) if name else None
    _signed_in(client, person)
    writes = [
        (
            reverse("teams:team-dissolve", args=[team.pk]),
            {"on": "2025-06-30", "note": "x", "confirm": "on"},
        ),
        (
            reverse("teams:team-replace", args=[team.pk]),
            {"decision_number": "9/QĐ", "decision_date": "2025-07-01", "confirm": "on"},
        ),
        (
            reverse("teams:member-edit", args=[team.pk, deputy.pk]),
            {"full_name": "Đổi tên", "position": "member", "background": "other"},
        ),
    ]
    for url, data in writes:
        for response in (client.get(url), client.post(url, data)):
            if expected == "login":
                assert response.status_code == 302 and "/accounts/" in response["Location"]
            else:
                assert response.status_code == expected, (who, url)
    assert Team.objects.get(village=team.village) == team
    team.refresh_from_db()
    assert team.is_active
    assert not TeamMember.objects.filter(left_on__isnull=False).exists()
    assert TeamMember.objects.get(pk=deputy.pk).full_name == "Sùng Thị Dín"
    # The province's officer may, as the commune's.
    _signed_in(client, province_officer)
    assert client.get(writes[0][0]).status_code == 200
    _signed_in(client, commune_officer)
    assert client.get(writes[2][0]).status_code == 200

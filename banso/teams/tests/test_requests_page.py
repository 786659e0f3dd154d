"""The requests people sent through the public page, listed for a commune's officers by
village and state, given to a member of the village's team and marked answered; a team reads
its own village's; nobody else reads a name or a phone number, and their writes change
nothing."""

import datetime

import pytest
from django.urls import reverse

from banso.teams.models import HelpKind, HelpRequest, TeamPosition
from banso.teams.services.requests import help_request_answer, help_request_submit
from banso.teams.tests.makers import member_make, team_make

pytestmark = pytest.mark.django_db


def _ask(village, phone: str, name: str = "", kinds=("vneid",)):
    return help_request_submit(
        village=village,
        kinds=list(HelpKind.objects.filter(code__in=kinds)),
        phone=phone,
        name=name,
    )


def _signed_in(client, person):
    if person is None:
        client.logout()
    else:
        client.force_login(person)
    return client


@pytest.fixture
def sang_chai_team(commune_officer, sang_chai, make_user):
    team = team_make(commune_officer, sang_chai, number="7/QĐ-UBND")
    user = make_user("Lù Thị Sang")
    member_make(commune_officer, team, "Lù Thị Sang", user=user, position=TeamPosition.LEADER)
    return team


@pytest.fixture
def sang_chai_user(sang_chai_team):
    return sang_chai_team.members.get().user


@pytest.fixture
def asked(village, sang_chai, na_hoi, team, leader, sang_chai_team, other_team, commune_officer):
    """Mã Tuyển: one waiting, one answered; Sảng Chải: one waiting; Na Hối (Bắc Hà): one."""
    answered = _ask(village, "0911000001", "Hầu A Dình")
    help_request_answer(actor=commune_officer, help_request=answered, on=datetime.date(2025, 5, 2))
    return {
        "ma_tuyen": _ask(village, "0911000002", "Thào Thị Mỷ", kinds=("vneid", "vssid")),
        "ma_tuyen_answered": answered,
        "sang_chai": _ask(sang_chai, "0911000003", "Lù Văn Tủa"),
        "na_hoi": _ask(na_hoi, "0911000004", "Giàng A Páo"),
    }


def test_the_officer_reads_the_communes_requests_by_village_and_state(
    client, commune_officer, asked, django_assert_max_num_queries
):
    _signed_in(client, commune_officer)
    url = reverse("teams:help-request-list")
    listing = client.get(reverse("teams:team-list")).content.decode()
    assert url in listing and "Yêu cầu hỗ trợ (2 đang chờ)" in listing
    with django_assert_max_num_queries(20) as few:
        page = client.get(url).content.decode()
    queries = len(few)
    summary = page[page.index('id="by-village"') : page.index('id="request-filter"')]
    assert "Thôn Mã Tuyển" in summary and "Thôn Sảng Chải" in summary
    assert "Na Hối" not in page and "0911000004" not in page.replace(" ", "")
    shown = page[page.index('id="requests"') :]
    assert "Thào Thị Mỷ" in shown and "Lù Văn Tủa" in shown
    assert "Hầu A Dình" not in shown  # answered: not among the open ones
    answered = client.get(url, {"state": "answered"}).content.decode()
    assert "Hầu A Dình" in answered and "đã trả lời 02/05/2025" in answered
    village = asked["sang_chai"].village_id
    one = client.get(url, {"village": village, "state": "all"}).content.decode()
    one = one[one.index('id="requests"') :]
    assert "Lù Văn Tủa" in one and "Thào Thị Mỷ" not in one
    for number in range(10):
        _ask(asked["sang_chai"].village, f"09120000{number:02d}", f"Người {number}")
    with django_assert_max_num_queries(queries):
        assert client.get(url).content.decode().count('data-state="open"') == 12


def test_the_officer_gives_a_request_to_a_member_and_closes_it(
    client, commune_officer, asked, leader, team, member_user, sang_chai_team
):
    _signed_in(client, commune_officer)
    wanted = asked["ma_tuyen"]
    here = reverse("teams:help-request-list") + "?state=open"
    page = client.get(here).content.decode()
    item = page[page.index(f'id="request-{wanted.pk}"') :]
    assert f'<option value="{leader.pk}">Vàng Thị Mai (Tổ trưởng)</option>' in item
    stranger = sang_chai_team.members.get()
    refused = client.post(
        reverse("teams:help-request-assign", args=[wanted.pk]),
        {"member": stranger.pk, "next": here},
    )
    assert refused["Location"] == here
    wanted.refresh_from_db()
    assert wanted.assigned_to is None
    given = client.post(
        reverse("teams:help-request-assign", args=[wanted.pk]),
        {"member": leader.pk, "next": here},
    )
    assert given["Location"] == here
    wanted.refresh_from_db()
    assert wanted.assigned_to == leader
    # The team reads who calls back on its to-do list.
    _signed_in(client, member_user)
    todo = client.get(reverse("teams:team-followup", args=[team.pk])).content.decode()
    assert 'class="assignee">Vàng Thị Mai<' in todo
    _signed_in(client, commune_officer)
    closed = client.post(
        reverse("teams:help-request-answer", args=[wanted.pk]),
        {"next": here},
    )
    assert closed["Location"] == here
    wanted.refresh_from_db()
    assert wanted.answered_on is not None and wanted.answered_by == commune_officer
    # Somewhere else than the list is not followed.
    other = asked["sang_chai"]
    elsewhere = client.post(
        reverse("teams:help-request-answer", args=[other.pk]),
        {"next": "https://example.com/teams/requests/"},
    )
    assert elsewhere["Location"] == reverse("teams:team-list")


def test_a_team_reads_and_gives_its_villages_requests_only(
    client, member_user, asked, leader, province_officer
):
    _signed_in(client, member_user)
    page = client.get(reverse("teams:help-request-list"), {"state": "all"}).content.decode()
    assert "Thào Thị Mỷ" in page and "Hầu A Dình" in page
    assert "Lù Văn Tủa" not in page and "Giàng A Páo" not in page
    client.post(
        reverse("teams:help-request-assign", args=[asked["ma_tuyen"].pk]), {"member": leader.pk}
    )
    asked["ma_tuyen"].refresh_from_db()
    assert asked["ma_tuyen"].assigned_to == leader
    # The province's officer reads both communes, with a commune to choose.
    _signed_in(client, province_officer)
    page = client.get(reverse("teams:help-request-list")).content.decode()
    assert "Giàng A Páo" in page and "Lù Văn Tủa" in page and 'id="id_commune"' in page


WHO = {
    "anonymous": (None, "login"),
    "other village's member": ("sang_chai_user", 404),
    "other commune's officer": ("other_commune_officer", 404),
    "other commune's member": ("other_leader_user", 404),
}


@pytest.fixture
def other_leader_user(other_leader):
    return other_leader.user


@pytest.mark.parametrize("who", list(WHO))
def test_others_neither_read_nor_change_a_villages_requests(request, client, who, asked, leader):
    name, expected = WHO[who]
    _signed_in(client, request.getfixturevalue(name) if name else None)
    wanted = asked["ma_tuyen"]
    page = client.get(reverse("teams:help-request-list"), {"state": "all"})
    assign = client.post(
        reverse("teams:help-request-assign", args=[wanted.pk]), {"member": leader.pk}
    )
    answer = client.post(reverse("teams:help-request-answer", args=[wanted.pk]))
    if expected == "login":
        for response in (page, assign, answer):
            assert response.status_code == 302 and "/accounts/" in response["Location"]
    else:
        assert page.status_code == 200
        html = page.content.decode()
        assert "Thào Thị Mỷ" not in html and "0911000002" not in html.replace(" ", "")
        assert assign.status_code == expected and answer.status_code == expected
    wanted.refresh_from_db()
    assert wanted.assigned_to is None and wanted.answered_on is None
    assert HelpRequest.objects.filter(answered_on__isnull=False).count() == 1

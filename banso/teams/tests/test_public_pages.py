"""The public pages: "ask the village team for help" (no account) and a commune's recognition
page; and the to-do list's page, read by the village's team and its commune only."""

import datetime

import pytest
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.teams.models import HelpKind, HelpRequest
from banso.teams.public_views import HELP_REQUEST_LIMIT
from banso.teams.services.help import help_record
from banso.teams.services.requests import help_request_submit
from banso.teams.tests.makers import help_data, member_make

pytestmark = pytest.mark.django_db

ASK = "/teams/ask/"


def _signed_in(client, person):
    client.login(username=person.phone, password=PASSWORD)
    return client


def _form(village, **fields):
    data = {
        "village": village.pk,
        "kinds": [HelpKind.objects.get(code="vneid").pk],
        "phone": "0912 345 678",
        "name": "Lò Văn Hùng",
        "note": "Cài ứng dụng VNeID",
    }
    data.update(fields)
    return data


def test_the_commune_is_chosen_first_without_javascript(client, team, village, other_team):
    page = client.get(ASK).content.decode()
    assert "Mường Khương" in page and "Bắc Hà" in page
    assert 'name="phone"' not in page
    page = client.get(ASK, {"commune": village.commune_id}).content.decode()
    assert 'name="phone"' in page and "Mã Tuyển" in page
    assert "Na Hối" not in page  # a village of another commune
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_a_bad_phone_is_refused_and_nothing_stored(client, team, village):
    url = f"{ASK}?commune={village.commune_id}"
    response = client.post(url, _form(village, phone="12345"))
    assert response.status_code == 400
    assert "số điện thoại" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_good_request_reaches_the_team_and_not_the_public(
    client, team, village, leader, member_user, other_leader
):
    url = f"{ASK}?commune={village.commune_id}"
    response = client.post(url, _form(village))
    assert response.status_code == 302
    stored = HelpRequest.objects.get()
    assert (stored.phone, stored.village, stored.name) == ("+84912345678", village, "Lò Văn Hùng")
    followup = reverse("teams:team-followup", args=[team.pk])
    page = _signed_in(client, member_user).get(followup).content.decode()
    assert "+84912345678" in page and "Lò Văn Hùng" in page
    client.logout()
    page = _signed_in(client, other_leader.user).get(followup)
    assert page.status_code == 404


def test_requests_are_rate_limited(client, team, village):
    url = f"{ASK}?commune={village.commune_id}"
    for _attempt in range(HELP_REQUEST_LIMIT.count):
        client.post(url, _form(village, phone="1"))
    response = client.post(url, _form(village))
    assert response.status_code == 429
    assert not HelpRequest.objects.exists()


def test_a_village_of_another_commune_is_refused(client, team, village, other_team, na_hoi):
    url = f"{ASK}?commune={village.commune_id}"
    assert client.post(url, _form(na_hoi)).status_code == 400
    assert not HelpRequest.objects.exists()


# --- The to-do list page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_user", 200),
        ("commune_officer", 200),
        ("province_officer", 200),
        ("other_commune_officer", 404),
        ("stranger", 404),
    ],
)
def test_who_reads_the_to_do_list(client, request, team, leader, make_user, who, status):
    person = make_user("Người lạ") if who == "stranger" else request.getfixturevalue(who)
    response = _signed_in(client, person).get(reverse("teams:team-followup", args=[team.pk]))
    assert response.status_code == status


def test_the_public_is_sent_to_sign_in(client, team):
    response = client.get(reverse("teams:team-followup", args=[team.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_team_marks_a_request_answered(client, team, village, leader, member_user):
    kinds = [HelpKind.objects.get(code="vneid")]
    request = help_request_submit(village=village, kinds=kinds, phone="0912345678")
    url = reverse("teams:help-request-answer", args=[request.pk])
    response = _signed_in(client, member_user).post(url, {"team": team.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answered_on is not None and request.answered_by == member_user
    page = client.get(reverse("teams:team-followup", args=[team.pk])).content.decode()
    assert "+84912345678" not in page


def test_another_team_cannot_mark_a_request_answered(client, village, team, other_leader):
    kinds = [HelpKind.objects.get(code="vneid")]
    request = help_request_submit(village=village, kinds=kinds, phone="0912345678")
    url = reverse("teams:help-request-answer", args=[request.pk])
    assert _signed_in(client, other_leader.user).post(url).status_code == 404
    request.refresh_from_db()
    assert request.answered_on is None


def test_the_team_page_links_to_its_to_do_list(client, team, leader, member_user):
    page = _signed_in(client, member_user).get(reverse("teams:team-detail", args=[team.pk]))
    assert reverse("teams:team-followup", args=[team.pk]) in page.content.decode()


# --- Recognition -----------------------------------------------------------------------------


def _visits(leader, member_user, count: int, *, household_codes=None):
    today = datetime.date.today()
    for number in range(count):
        fields = {"helped_on": today, "person_name": f"Người được giúp {number}"}
        if household_codes:
            fields = {
                "helped_on": today,
                "person_name": "",
                "household_code": household_codes[number],
            }
        help_record(actor=member_user, data=help_data(leader, **fields))


def test_recognition_shows_aggregates_and_suppresses_small_counts(
    client, team, leader, member_user, commune_officer, muong_khuong
):
    member_make(commune_officer, team, "Sùng Thị Dín", phone="0977000111")
    _visits(leader, member_user, 3)
    url = reverse("teams:commune-recognition", args=[muong_khuong.code])
    page = client.get(url).content.decode()
    assert "Mã Tuyển" in page and "2 thành viên" in page
    assert "ít hơn 5" in page
    for private in ("Vàng Thị Mai", "Sùng Thị Dín", "0977000111", "987654321", "Người được giúp"):
        assert private not in page


def test_recognition_counts_five_or_more(
    client, team, leader, member_user, commune_officer, muong_khuong, village
):
    from banso.households.services import household_create

    codes = [f"MT-{n:03}" for n in range(6)]
    for code in codes:
        household_create(
            actor=commune_officer,
            village=village,
            head_name=f"Hộ {code}",
            ethnicity="08",
            code=code,
        )
    _visits(leader, member_user, 6, household_codes=codes)
    page = client.get(reverse("teams:commune-recognition", args=[muong_khuong.code]))
    body = page.content.decode()
    assert "ít hơn 5" not in body
    assert 'id="totals"' in body and ">6<" in body
    assert "Hộ MT-000" not in body and "MT-000" not in body


def test_recognition_is_served_from_the_cache_and_forgotten_on_new_help(
    client,
    team,
    leader,
    member_user,
    muong_khuong,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    url = reverse("teams:commune-recognition", args=[muong_khuong.code])
    assert "ít hơn 5" not in client.get(url).content.decode()
    with django_assert_num_queries(1):  # the commune, by its code; the figures come from the cache
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        _visits(leader, member_user, 2)
    assert "ít hơn 5" in client.get(url).content.decode()


def test_recognition_of_an_unknown_commune_is_not_found(client):
    assert client.get("/teams/communes/00000/").status_code == 404


# --- Recording help from the to-do list ------------------------------------------------------


def test_help_recorded_from_a_request_answers_it_and_is_stored_once(
    client, team, village, leader, member_user
):
    import uuid

    from banso.teams.models import HelpRecord

    kinds = [HelpKind.objects.get(code="vneid")]
    request = help_request_submit(village=village, kinds=kinds, phone="0912345678", name="Lò Hùng")
    _signed_in(client, member_user)
    followup = client.get(reverse("teams:team-followup", args=[team.pk])).content.decode()
    link = reverse("teams:followup-record", args=[team.pk])
    assert f"{link}?person_phone=%2B84912345678&amp;person_name=L%C3%B2%20H%C3%B9ng" in followup
    form = client.get(link, {"person_phone": "+84912345678", "person_name": "Lò Hùng"})
    assert 'value="Lò Hùng"' in form.content.decode()
    data = {
        "client_id": str(uuid.uuid4()),
        "request": request.pk,
        "helper": leader.pk,
        "person_name": "Lò Hùng",
        "person_phone": "+84912345678",
        "kinds": [kinds[0].pk],
        "helped_on": datetime.date.today().isoformat(),
        "outcome": "done",
    }
    assert client.post(link, data).status_code == 302
    assert client.post(link, data).status_code == 302  # sent twice: stored once
    assert HelpRecord.objects.filter(team=team, person_name="Lò Hùng").count() == 1
    request.refresh_from_db()
    assert request.answered_on is not None


def test_a_refused_record_shows_why(client, team, leader, member_user):
    import uuid

    from banso.teams.models import HelpRecord

    link = reverse("teams:followup-record", args=[team.pk])
    data = {
        "client_id": str(uuid.uuid4()),
        "helper": leader.pk,
        "household": "NO-SUCH",
        "kinds": [HelpKind.objects.get(code="vneid").pk],
        "helped_on": datetime.date.today().isoformat(),
        "outcome": "done",
    }
    response = _signed_in(client, member_user).post(link, data)
    assert response.status_code == 400
    assert "Thôn của tổ không có hộ nào mang mã này." in response.content.decode()
    assert not HelpRecord.objects.exists()


def test_another_team_cannot_record_for_this_one(client, team, leader, other_leader):
    link = reverse("teams:followup-record", args=[team.pk])
    assert _signed_in(client, other_leader.user).get(link).status_code == 404

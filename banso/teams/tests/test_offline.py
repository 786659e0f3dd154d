"""The offline app's server side: the service worker and the web manifest served from the
teams' own address with their scope and headers, the record form on a serving member's team
page (and nobody else's), and that form sent without JavaScript."""

import uuid

import pytest
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.teams.models import HelpRecord

pytestmark = pytest.mark.django_db


def _signed_in(client, person):
    client.login(username=person.phone, password=PASSWORD)
    return client


def test_the_service_worker_covers_the_teams_pages_of_its_language(client):
    for prefix in ("", "/en"):
        response = client.get(prefix + "/teams/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert response["Cache-Control"] == "no-cache"
        assert response["Service-Worker-Allowed"] == prefix + "/teams/"
        assert b'addEventListener("fetch"' in response.content


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("", "Tổ công nghệ số của tôi"), ("/en", "My digital technology team"), ("/zh-hans", None)],
)
def test_the_manifest_names_the_app_in_the_persons_language(client, prefix, name):
    response = client.get(prefix + "/teams/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    body = response.json()
    assert body["scope"] == prefix + "/teams/"
    assert body["start_url"] == prefix + "/teams/mine/"
    assert body["display"] == "standalone"
    assert {icon["sizes"] for icon in body["icons"]} >= {"192x192", "512x512"}
    if name:
        assert body["name"] == name
    else:
        assert body["name"] != "My digital technology team"


def test_a_serving_member_gets_the_form_with_their_villages_households_only(
    client, leader, member_user, households
):
    page = _signed_in(client, member_user).get(reverse("teams:team-detail", args=[leader.team_id]))
    html = page.content.decode()
    assert 'id="record-form"' in html and 'rel="manifest"' in html
    assert 'id="offline-strings"' in html and "teams/offline.js" in html
    assert "MT-001" in html
    assert "SC-001" not in html and "NH-001" not in html


def test_an_officer_reads_the_team_page_without_the_phones_form(client, commune_officer, leader):
    page = _signed_in(client, commune_officer).get(
        reverse("teams:team-detail", args=[leader.team_id])
    )
    assert page.status_code == 200
    assert 'id="record-form"' not in page.content.decode()


def _form(leader, **fields):
    data = {
        "client_id": str(uuid.uuid4()),
        "helper": leader.pk,
        "household": "MT-001",
        "kinds": ["vneid", "digital-skills"],
        "helped_on": "2025-03-08",
        "outcome": "done",
        "note": "",
    }
    data.update(fields)
    return data


def test_the_form_records_a_visit_without_javascript_once(client, leader, member_user, households):
    _signed_in(client, member_user)
    url = reverse("teams:help-create", args=[leader.team_id])
    data = _form(leader)
    for _attempt in range(2):
        response = client.post(url, data)
        assert response.status_code == 302
    record = HelpRecord.objects.get()
    assert str(record.client_id) == data["client_id"]
    assert record.household is not None and record.household.code == "MT-001"
    assert sorted(record.kinds.values_list("code", flat=True)) == ["digital-skills", "vneid"]
    person = _form(leader, household="", person_name="Lý Văn Sử", person_phone="0912345678")
    assert client.post(url, person).status_code == 302
    assert HelpRecord.objects.get(client_id=person["client_id"]).person_name == "Lý Văn Sử"


def test_the_form_refuses_in_the_persons_language_and_writes_nothing(
    client, leader, member_user, households
):
    _signed_in(client, member_user)
    url = reverse("teams:help-create", args=[leader.team_id])
    nobody = client.post(url, _form(leader, household=""))
    assert nobody.status_code == 400
    assert "Chọn một hộ, hoặc ghi tên người được hỗ trợ." in nobody.content.decode()
    elsewhere = client.post(url, _form(leader, household="SC-001"))
    assert elsewhere.status_code == 400
    future = client.post(url, _form(leader, helped_on="2999-01-01"))
    assert future.status_code == 400
    assert not HelpRecord.objects.exists()


def test_the_form_is_refused_to_those_outside_the_team(
    client, leader, other_leader, commune_officer, households
):
    url = reverse("teams:help-create", args=[leader.team_id])
    assert client.post(url, _form(leader)).status_code == 302  # to the sign-in page
    other = _signed_in(client, other_leader.user).post(url, _form(leader))
    assert other.status_code == 404
    client.logout()
    officer = _signed_in(client, commune_officer).post(url, _form(leader))
    assert officer.status_code == 403
    assert not HelpRecord.objects.exists()

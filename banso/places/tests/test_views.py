"""HTML pages: the place lookup, and managing villages by hand (with a permission matrix)."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banso.places.models import Village

# Lookup -------------------------------------------------------------------------------------


def _result_items(html: str) -> list[str]:
    results = html.split('id="results"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", results, flags=re.S)


def test_lookup_page_shows_the_retired_district_and_its_successors(client, old_bac_ha_district):
    response = client.get(reverse("places:unit-lookup"), {"q": "bac ha"})
    assert response.status_code == 200
    items = _result_items(response.content.decode())
    assert "Xã Bắc Hà" in items[0]
    district = next(item for item in items if "Huyện Bắc Hà" in item)
    for successor in old_bac_ha_district.successors.all():
        assert successor.name in district


def test_lookup_page_finds_the_commune_whatever_the_spelling(client, muong_khuong):
    for query in ("MƯỜNG KHƯƠNG", "Muong  Khuong", "mường khương"):
        response = client.get(reverse("places:unit-lookup"), {"q": query})
        assert response.status_code == 200
        assert "Xã Mường Khương" in _result_items(response.content.decode())[0]


def test_lookup_page_without_a_query_lists_nothing(client, places):
    response = client.get(reverse("places:unit-lookup"))
    assert response.status_code == 200
    assert response.context["units"] == []
    assert 'id="results"' not in response.content.decode()


# Village list -------------------------------------------------------------------------------


def _sign_in_url(next_url: str) -> str:
    return f"{reverse(settings.LOGIN_URL)}?next={next_url}"


def test_village_list_asks_anonymous_people_to_sign_in(client, places):
    url = reverse("places:village-list")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == _sign_in_url(url)


def test_village_list_is_for_officers(client, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("places:village-list")).status_code == 403


def test_village_list_shows_only_the_officers_villages(
    client, commune_officer, village, bac_ha_village
):
    client.force_login(commune_officer)
    response = client.get(reverse("places:village-list"))
    assert response.status_code == 200
    assert list(response.context["villages"]) == [village]
    assert reverse("places:village-update", args=[village.pk]) in response.content.decode()
    assert reverse("places:village-update", args=[bac_ha_village.pk]) not in (
        response.content.decode()
    )


def test_village_list_queries_do_not_grow_with_the_villages(
    client, province_officer, lao_cai, django_assert_num_queries
):
    communes = list(lao_cai.children.filter(is_current=True)[:20])
    Village.objects.create(commune=communes[0], name="Đầu", name_folded="dau", kind="thon")
    client.force_login(province_officer)
    url = reverse("places:village-list")
    with CaptureQueriesContext(connection) as one_village:
        assert client.get(url).status_code == 200

    Village.objects.bulk_create(
        Village(commune=commune, name=f"Thôn {n}", name_folded=f"thon {n}", kind="thon")
        for n, commune in enumerate(communes)
    )
    client.force_login(province_officer)
    with django_assert_num_queries(len(one_village.captured_queries)):
        response = client.get(url)
    assert len(response.context["villages"]) == 21


# Create -------------------------------------------------------------------------------------


def _village_data(**fields) -> dict:
    return {"name": "Sín Chải", "kind": "thon", "latitude": "22.68", "longitude": "", **fields}


def test_create_asks_anonymous_people_to_sign_in(client, muong_khuong, village_state):
    before = village_state()
    url = reverse("places:village-create")
    response = client.post(url, _village_data(commune=muong_khuong.pk))
    assert response.status_code == 302
    assert response["Location"] == _sign_in_url(url)
    assert village_state() == before


def test_create_is_refused_to_people_without_a_role(client, plain_user, muong_khuong):
    client.force_login(plain_user)
    response = client.post(reverse("places:village-create"), _village_data(commune=muong_khuong.pk))
    assert response.status_code == 403
    assert not Village.objects.exists()


@pytest.mark.parametrize("officer", ["commune_officer", "province_officer"])
def test_officers_create_villages_in_their_commune(request, client, officer, muong_khuong):
    client.force_login(request.getfixturevalue(officer))
    response = client.post(reverse("places:village-create"), _village_data(commune=muong_khuong.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("places:village-list")
    village = Village.objects.get()
    assert (village.commune, village.name, village.latitude, village.longitude) == (
        muong_khuong,
        "Sín Chải",
        22.68,
        None,
    )


def test_a_commune_officer_cannot_create_in_another_commune(
    client, other_commune_officer, muong_khuong, village, village_state
):
    before = village_state()
    client.force_login(other_commune_officer)
    response = client.post(reverse("places:village-create"), _village_data(commune=muong_khuong.pk))
    assert response.status_code in (200, 400, 403, 404)
    if response.status_code == 200:
        assert "commune" in response.context["form"].errors
    assert village_state() == before


def test_the_create_form_offers_only_the_officers_communes(client, commune_officer, muong_khuong):
    client.force_login(commune_officer)
    response = client.get(reverse("places:village-create"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["commune"].queryset) == [muong_khuong]


def test_a_duplicate_name_is_shown_on_the_form(
    client, commune_officer, muong_khuong, village, village_state
):
    before = village_state()
    client.force_login(commune_officer)
    response = client.post(
        reverse("places:village-create"), _village_data(commune=muong_khuong.pk, name="MA TUYEN")
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert village_state() == before


# Update and delete --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["places:village-update", "places:village-delete"])
def test_update_and_delete_ask_anonymous_people_to_sign_in(client, name, village, village_state):
    before = village_state()
    url = reverse(name, args=[village.pk])
    response = client.post(url, _village_data(name="Đổi tên"))
    assert response.status_code == 302
    assert response["Location"] == _sign_in_url(url)
    assert village_state() == before


@pytest.mark.parametrize("name", ["places:village-update", "places:village-delete"])
@pytest.mark.parametrize("user", ["other_commune_officer", "plain_user"])
def test_others_cannot_update_or_delete(request, client, name, user, village, village_state):
    before = village_state()
    client.force_login(request.getfixturevalue(user))
    url = reverse(name, args=[village.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, _village_data(name="Đổi tên")).status_code in (403, 404)
    assert village_state() == before


@pytest.mark.parametrize("officer", ["commune_officer", "province_officer"])
def test_officers_update_their_villages(request, client, officer, village):
    client.force_login(request.getfixturevalue(officer))
    url = reverse("places:village-update", args=[village.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _village_data(name="Mã Tuyển Trên", kind="ban"))
    assert response.status_code == 302
    village.refresh_from_db()
    assert (village.name, village.kind, village.latitude) == ("Mã Tuyển Trên", "ban", 22.68)


def test_an_update_with_bad_coordinates_changes_nothing(
    client, commune_officer, village, village_state
):
    before = village_state()
    client.force_login(commune_officer)
    response = client.post(
        reverse("places:village-update", args=[village.pk]), _village_data(latitude="123")
    )
    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors
    assert village_state() == before


@pytest.mark.parametrize("officer", ["commune_officer", "province_officer"])
def test_officers_delete_their_villages(request, client, officer, village, bac_ha_village):
    client.force_login(request.getfixturevalue(officer))
    url = reverse("places:village-delete", args=[village.pk])
    assert client.get(url).status_code == 200
    assert Village.objects.filter(pk=village.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert list(Village.objects.all()) == [bac_ha_village]

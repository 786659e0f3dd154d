"""The places API: public look-ups, and adding villages with a bearer token."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banso.places.models import Village

LOOKUP = "/api/places/lookup"
VILLAGES = "/api/places/villages"


def _post(client, payload: dict, **headers):
    return client.post(VILLAGES, json.dumps(payload), content_type="application/json", **headers)


def _payload(**fields) -> dict:
    return {"commune_code": "02761", "name": "Sín Chải", "kind": "thon", **fields}


# Lookup -------------------------------------------------------------------------------------


def test_lookup_is_public_and_lists_the_successors_of_retired_units(client, old_bac_ha_district):
    response = client.get(LOOKUP, {"q": "bac ha"})
    assert response.status_code == 200
    units = response.json()
    assert units[0]["code"] == "02839"
    assert units[0]["is_current"] is True
    assert units[0]["successors"] == []
    district = next(u for u in units if u["level"] == "district" and u["code"] == "085")
    assert district["is_current"] is False
    assert district["parent"]["code"] == "10"
    codes = {successor["code"] for successor in district["successors"]}
    assert "02839" in codes
    assert codes == set(old_bac_ha_district.successors.values_list("code", flat=True))
    assert all(successor["is_current"] for successor in district["successors"])


@pytest.mark.parametrize("query", ["MƯỜNG KHƯƠNG", "Muong  Khuong", "mường khương"])
def test_lookup_ignores_case_and_diacritics(client, query, muong_khuong):
    units = client.get(LOOKUP, {"q": query}).json()
    assert units[0]["code"] == muong_khuong.code
    assert units[0]["name"] == "Xã Mường Khương"
    assert units[0]["parent"]["code"] == "15"


def test_lookup_filters(client, places):
    units = client.get(LOOKUP, {"q": "bac ha", "current_only": "true", "limit": 3}).json()
    assert 0 < len(units) <= 3
    assert all(unit["is_current"] for unit in units)
    districts = client.get(LOOKUP, {"q": "bac ha", "level": "district"}).json()
    assert districts
    assert {unit["level"] for unit in districts} == {"district"}


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 101}, {"q": "ha", "limit": 0}])
def test_lookup_refuses_bad_parameters(client, params, places):
    assert client.get(LOOKUP, params).status_code == 422


def test_lookup_queries_do_not_grow_with_the_results(client, places, django_assert_num_queries):
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LOOKUP, {"q": "bac ha", "level": "district", "limit": 1}).json()) == 1
    with django_assert_num_queries(len(one.captured_queries)):
        units = client.get(LOOKUP, {"q": "a", "level": "district", "limit": 100}).json()
    assert len(units) == 100
    assert all(unit["successors"] and unit["parent"] for unit in units)


def test_unit_detail_by_code(client, muong_khuong):
    response = client.get(f"/api/places/units/{muong_khuong.code}")
    assert response.status_code == 200
    assert response.json()["name"] == "Xã Mường Khương"
    assert client.get("/api/places/units/99999").status_code == 404


# Village list -------------------------------------------------------------------------------


def test_village_list_is_public_and_filters_by_commune(client, village, bac_ha_village):
    everything = client.get(VILLAGES).json()
    assert {item["id"] for item in everything["items"]} == {village.pk, bac_ha_village.pk}
    one = client.get(VILLAGES, {"commune_code": "02761"}).json()
    assert [item["id"] for item in one["items"]] == [village.pk]
    assert one["items"][0]["commune"]["code"] == "02761"
    found = client.get(VILLAGES, {"q": "ma tuyen"}).json()
    assert [item["id"] for item in found["items"]] == [village.pk]


def test_village_list_queries_do_not_grow_with_the_villages(
    client, lao_cai, django_assert_num_queries
):
    communes = list(lao_cai.children.filter(is_current=True)[:30])
    Village.objects.create(commune=communes[0], name="Đầu", name_folded="dau", kind="thon")
    with CaptureQueriesContext(connection) as one:
        assert client.get(VILLAGES).json()["count"] == 1
    Village.objects.bulk_create(
        Village(commune=commune, name=f"Thôn {n}", name_folded=f"thon {n}", kind="thon")
        for n, commune in enumerate(communes)
    )
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(VILLAGES).json()["count"] == 31


# Village create -----------------------------------------------------------------------------


def test_anonymous_callers_cannot_add_villages(client, places, village_state):
    before = village_state()
    assert _post(client, _payload()).status_code == 401
    assert village_state() == before


def test_a_bad_token_is_refused(client, places):
    assert _post(client, _payload(), HTTP_AUTHORIZATION="Bearer bs_not-a-token").status_code == 401
    assert not Village.objects.exists()


@pytest.mark.parametrize("user", ["other_commune_officer", "plain_user"])
def test_others_cannot_add_villages(request, client, bearer, user, village, village_state):
    before = village_state()
    response = _post(client, _payload(), **bearer(request.getfixturevalue(user)))
    assert response.status_code == 403
    assert response.json()["detail"]
    assert village_state() == before


@pytest.mark.parametrize("officer", ["commune_officer", "province_officer"])
def test_officers_add_villages_to_their_commune(request, client, bearer, officer, muong_khuong):
    response = _post(client, _payload(latitude=22.68), **bearer(request.getfixturevalue(officer)))
    assert response.status_code == 201
    body = response.json()
    village = Village.objects.get()
    assert body["id"] == village.pk
    assert body["commune"]["code"] == "02761"
    assert (village.commune, village.name, village.kind, village.latitude) == (
        muong_khuong,
        "Sín Chải",
        "thon",
        22.68,
    )


def test_a_duplicate_name_is_a_400_on_the_name(client, bearer, commune_officer, village):
    response = _post(client, _payload(name="MA TUYEN"), **bearer(commune_officer))
    assert response.status_code == 400
    assert "name" in response.json()["detail"]
    assert Village.objects.count() == 1


@pytest.mark.parametrize(
    "fields", [{"kind": "xom"}, {"latitude": 91}, {"longitude": 200}, {"name": ""}]
)
def test_invalid_payloads_are_refused(client, bearer, commune_officer, fields):
    response = _post(client, _payload(**fields), **bearer(commune_officer))
    assert response.status_code == 422
    assert not Village.objects.exists()


def test_an_unknown_or_retired_commune_is_refused(client, bearer, province_officer, old_ban_pho):
    for code in ("99999", old_ban_pho.code):
        response = _post(client, _payload(commune_code=code), **bearer(province_officer))
        assert response.status_code in (400, 404)
    assert not Village.objects.exists()

"""GET /api/orgs and /api/orgs/{slug}: public, paginated, diacritic-insensitive."""

import datetime

import pytest

from banso.accounts.services import api_token_create
from banso.orgs.services import certificate_add, organisation_update
from banso.orgs.tests.factories import OrganisationFactory, tax_code


@pytest.fixture
def many_organisations(admin, muong_khuong, bac_ha):
    return [
        OrganisationFactory(
            actor=admin,
            unit=muong_khuong if number % 2 else bac_ha,
            name=f"Hợp tác xã Số {number:02d}",
            tax_code=tax_code(),
        )
        for number in range(15)
    ]


def test_anonymous_may_list(client, organisation, other_organisation):
    response = client.get("/api/orgs/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_slug = {item["slug"]: item for item in body["items"]}
    listed = by_slug[organisation.slug]
    assert listed["name"] == "Hợp tác xã Quýt Mường Khương"
    assert listed["tax_code"] == organisation.tax_code
    assert listed["unit"]["code"] == "02761"
    assert listed["province"]["code"] == "15"


def test_the_address_without_a_slash_leads_to_the_list(client, organisation):
    response = client.get("/api/orgs", follow=True)
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_search_without_diacritics(client, organisation, other_organisation):
    body = client.get("/api/orgs/", {"q": "quyt"}).json()
    assert [item["slug"] for item in body["items"]] == [organisation.slug]
    assert body["count"] == 1
    assert client.get("/api/orgs/", {"q": "QUÝT mường"}).json()["count"] == 1
    assert client.get("/api/orgs/", {"q": "cam"}).json()["count"] == 0


def test_filter_by_kind_and_commune(client, admin, organisation, other_organisation):
    organisation_update(actor=admin, organisation=other_organisation, kind="enterprise")
    by_kind = client.get("/api/orgs/", {"kind": "enterprise"}).json()
    assert [item["slug"] for item in by_kind["items"]] == [other_organisation.slug]
    by_unit = client.get("/api/orgs/", {"unit_code": "02761"}).json()
    assert [item["slug"] for item in by_unit["items"]] == [organisation.slug]
    assert client.get("/api/orgs/", {"unit_code": "15"}).json()["count"] == 2


def test_inactive_organisations_are_not_listed(client, organisation, other_organisation):
    type(organisation).objects.filter(pk=organisation.pk).update(is_active=False)
    body = client.get("/api/orgs/").json()
    assert [item["slug"] for item in body["items"]] == [other_organisation.slug]
    assert client.get(f"/api/orgs/{organisation.slug}").status_code == 404


def test_the_list_is_paginated(client, many_organisations):
    first = client.get("/api/orgs/", {"limit": 10}).json()
    second = client.get("/api/orgs/", {"limit": 10, "offset": 10}).json()
    assert first["count"] == second["count"] == 15
    assert len(first["items"]) == 10 and len(second["items"]) == 5
    slugs = [item["slug"] for item in first["items"] + second["items"]]
    assert sorted(slugs) == sorted(o.slug for o in many_organisations)


def test_the_list_query_count_does_not_grow_with_the_list(
    client, many_organisations, django_assert_max_num_queries
):
    # One count for the page's total, one select for the page, whatever the page's size.
    with django_assert_max_num_queries(2):
        response = client.get("/api/orgs/", {"limit": 100})
    assert len(response.json()["items"]) == 15


def test_a_signed_in_caller_lists_in_a_constant_number_of_queries(
    client, owner, many_organisations, django_assert_max_num_queries
):
    _token, key = api_token_create(user=owner)
    with django_assert_max_num_queries(4):  # the token, count and page, at most one touch
        response = client.get(
            "/api/orgs/", {"limit": 100}, headers={"Authorization": f"Bearer {key}"}
        )
    assert response.status_code == 200
    assert len(response.json()["items"]) == 15


def test_detail_lists_certificates_in_force_only(client, admin, organisation):
    certificate_add(
        actor=admin,
        organisation=organisation,
        kind="ocop",
        ocop_stars=4,
        ocop_year=2024,
        issuer="UBND tỉnh Lào Cai",
        number="OCOP-LC-2024-031",
        valid_from=datetime.date(2024, 3, 1),
        valid_until=datetime.date(2099, 3, 1),
    )
    certificate_add(
        actor=admin,
        organisation=organisation,
        kind="vietgap",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number="VietGAP-EXPIRED",
        valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2021, 1, 1),
    )
    certificate_add(
        actor=admin,
        organisation=organisation,
        kind="organic",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number="ORGANIC-LATER",
        valid_from=datetime.date(2098, 1, 1),
    )
    response = client.get(f"/api/orgs/{organisation.slug}")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == organisation.slug
    assert body["tax_code"] == organisation.tax_code
    assert [c["number"] for c in body["certificates"]] == ["OCOP-LC-2024-031"]
    assert body["certificates"][0]["ocop_stars"] == 4
    assert body["certificates"][0]["valid_until"] == "2099-03-01"


def test_detail_query_count(client, admin, organisation, django_assert_max_num_queries):
    for number in range(5):
        certificate_add(
            actor=admin,
            organisation=organisation,
            kind="vietgap",
            issuer="Trung tâm Chứng nhận Phù hợp",
            number=f"VietGAP-{number}",
            valid_from=datetime.date(2024, 1, 1),
        )
    with django_assert_max_num_queries(2):  # the organisation, its certificates
        response = client.get(f"/api/orgs/{organisation.slug}")
    assert len(response.json()["certificates"]) == 5


def test_unknown_slug_is_404(client, places):
    response = client.get("/api/orgs/khong-co-hop-tac-xa-nay")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/api/orgs/", "/api/places/villages"])
def test_an_absurd_page_size_or_offset_is_refused_not_a_server_error(db, client, path):
    huge = "340415421833940075282432"
    assert client.get(path, {"limit": huge}).status_code == 422
    assert client.get(path, {"offset": huge}).status_code == 422

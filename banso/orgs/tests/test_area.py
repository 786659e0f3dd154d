"""An officer's read-only page of the organisations of the commune or province they serve,
and its scope, ``organisations_for_user(action="oversee")``."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from banso.orgs.selectors import organisations_for_user

URL = reverse("orgs:area-organisations")


def _url_in(language: str, name: str = "orgs:area-organisations") -> str:
    """The page's address in ``language`` (each language has its own)."""
    with translation.override(language):
        return reverse(name)


def _names(queryset) -> set[str]:
    return {organisation.name for organisation in queryset}


@pytest.mark.django_db
def test_oversee_scope_is_the_officers_place(
    coop, other_coop, commune_officer, other_commune_officer, province_officer, coop_member
):
    def oversee(user):
        return _names(organisations_for_user(user, action="oversee"))

    assert oversee(commune_officer) == {coop.name}
    assert oversee(other_commune_officer) == {other_coop.name}
    assert oversee(province_officer) == {coop.name, other_coop.name}
    # A member oversees nothing: their organisations are their "member" and "change" scopes.
    assert oversee(coop_member) == set()
    assert oversee(AnonymousUser()) == set()
    # The commune officer still changes nothing: no write right came with the new scope.
    assert _names(organisations_for_user(commune_officer)) == set()


@pytest.mark.django_db
def test_commune_officer_sees_his_communes_organisations(
    client, coop, other_coop, commune_officer, muong_khuong, django_assert_max_num_queries
):
    client.force_login(commune_officer)
    with django_assert_max_num_queries(8):
        page = client.get(_url_in("vi")).content.decode()
    assert "<h1>Hợp tác xã và cơ sở trong xã</h1>" in page
    assert muong_khuong.name in page
    assert coop.name in page
    assert other_coop.name not in page
    # Read-only: no link to the organisation's edit page.
    assert reverse("orgs:organisation-update", args=[coop.slug]) not in page


@pytest.mark.django_db
def test_province_officer_sees_the_province_in_english(client, coop, other_coop, province_officer):
    client.force_login(province_officer)
    page = client.get(_url_in("en")).content.decode()
    assert "<h1>Co-ops and businesses in the province</h1>" in page
    assert coop.name in page and other_coop.name in page


@pytest.mark.django_db
def test_not_for_members_or_visitors(client, coop_member):
    assert client.get(URL).status_code == 302  # to the sign-in page
    client.force_login(coop_member)
    assert client.get(URL).status_code == 403

"""Roles given in the admin go through ``role_grant``: the place must fit the role, and who
granted it is recorded."""

import pytest

from banso.accounts.models import PlaceRole, RoleGrant
from banso.common.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_user):
    return make_user("Quản trị", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _grant(admin_client, user, *, role: str, unit) -> None:
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data.update(
        {
            "role_grants-TOTAL_FORMS": "1",
            "role_grants-0-role": role,
            "role_grants-0-unit": str(unit.pk),
            "role_grants-0-user": str(user.pk),
        }
    )
    admin_client.post(url, data)


def test_a_province_officer_is_not_appointed_to_a_commune_in_the_admin(
    admin_client, make_user, muong_khuong
):
    person = make_user("Cán bộ mới")
    _grant(admin_client, person, role=PlaceRole.PROVINCE_OFFICER, unit=muong_khuong)
    assert not RoleGrant.objects.filter(user=person).exists()


def test_a_role_given_in_the_admin_records_who_gave_it(
    admin_client, admin_user, make_user, muong_khuong
):
    person = make_user("Cán bộ xã mới")
    _grant(admin_client, person, role=PlaceRole.COMMUNE_OFFICER, unit=muong_khuong)
    grant = RoleGrant.objects.get(user=person)
    assert (grant.role, grant.unit, grant.granted_by) == (
        PlaceRole.COMMUNE_OFFICER,
        muong_khuong,
        admin_user,
    )

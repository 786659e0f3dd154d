"""Who reads which households: the one scope of names and phone numbers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.households.selectors import household_by_code, households_for_user
from banso.households.services import household_create
from banso.places.models import Village

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_ha_household(bac_ha, province_officer):
    village = Village(commune=bac_ha, name="Na Hối", kind="thon")
    village.full_clean()
    village.save()
    return household_create(
        actor=province_officer, village=village, head_name="Sùng Seo Chứ", ethnicity="08"
    )


def test_each_officer_reads_their_own_area(
    household,
    bac_ha_household,
    commune_officer,
    other_commune_officer,
    province_officer,
    make_user,
):
    assert list(households_for_user(commune_officer)) == [household]
    assert list(households_for_user(other_commune_officer)) == [bac_ha_household]
    assert set(households_for_user(province_officer)) == {household, bac_ha_household}
    superuser = make_user("Quản trị", is_superuser=True)
    assert households_for_user(superuser).count() == 2


def test_the_public_reads_none(household, make_user):
    assert not households_for_user(AnonymousUser()).exists()
    assert not households_for_user(make_user("Người dân")).exists()
    assert household_by_code(AnonymousUser(), household.code) is None


def test_a_village_team_leader_reads_their_village(household, bac_ha_household, make_user):
    leader = make_user("Tổ trưởng")
    role_grant(user=leader, role=PlaceRole.VILLAGE_TEAM_LEADER, village=household.village)
    assert list(households_for_user(leader)) == [household]
    assert leader.has_perm("households.view_household", household)
    assert not leader.has_perm("households.change_household", household)


def test_found_by_code_within_the_scope_only(household, commune_officer, other_commune_officer):
    assert household_by_code(commune_officer, f" {household.code.lower()} ") == household
    assert household_by_code(other_commune_officer, household.code) is None


def test_the_list_reads_in_one_query(
    household, bac_ha_household, province_officer, django_assert_num_queries
):
    households_for_user(province_officer)  # the roles, read once per request
    with django_assert_num_queries(1):
        rows = [
            (h.code, h.village.name, h.unit.name) for h in households_for_user(province_officer)
        ]
    assert len(rows) == 2

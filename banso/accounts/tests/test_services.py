"""People and their roles, made through the services."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from banso.accounts.models import ApiToken, PlaceRole, RoleGrant, User
from banso.accounts.services import api_token_create, role_grant, user_create
from banso.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelling", ["0981 000 123", "+84981000123", "0981000123", "84981000123"])
def test_phone_numbers_are_stored_in_e164(spelling):
    user = user_create(phone=spelling, full_name=" Lù Văn Dũng ", password=PASSWORD)
    stored = User.objects.get(pk=user.pk)
    assert stored.phone == "+84981000123"
    assert stored.full_name == "Lù Văn Dũng"
    assert stored.check_password(PASSWORD)


def test_the_same_phone_in_another_spelling_is_the_same_person():
    user_create(phone="0981000123", full_name="Lù Văn Dũng")
    with pytest.raises(ValidationError) as raised:
        user_create(phone="+84 981 000 123", full_name="Người khác")
    assert "phone" in raised.value.error_dict
    assert User.objects.count() == 1


def test_email_is_stored_in_lower_case():
    user = user_create(email="  Lan.Sung@Example.VN", full_name="Sùng Thị Lan")
    assert User.objects.get(pk=user.pk).email == "lan.sung@example.vn"
    assert user.phone is None


def test_the_same_email_in_another_case_is_the_same_person():
    user_create(email="lan@example.vn", full_name="Sùng Thị Lan")
    with pytest.raises(ValidationError):
        user_create(email="LAN@EXAMPLE.VN", full_name="Người khác")
    assert User.objects.count() == 1


def test_a_person_without_phone_or_email_is_refused():
    with pytest.raises(ValidationError):
        user_create(full_name="Không liên lạc", password=PASSWORD)
    with pytest.raises(ValidationError):
        user_create(phone="", email="", full_name="Không liên lạc")
    assert not User.objects.exists()


@pytest.mark.parametrize("phone", ["12345", "0981 000", "not a number", "+84 123 456 789 012"])
def test_an_invalid_phone_number_is_refused(phone):
    with pytest.raises(ValidationError) as raised:
        user_create(phone=phone, full_name="Sai số")
    assert raised.value.code == "invalid_phone"
    assert not User.objects.exists()


def test_an_invalid_email_is_refused():
    with pytest.raises(ValidationError) as raised:
        user_create(email="not-an-email", full_name="Sai thư")
    assert "email" in raised.value.error_dict
    assert not User.objects.exists()


def test_without_a_password_nobody_can_sign_in_as_them():
    user = user_create(phone="0981000123", full_name="Lù Văn Dũng")
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_the_manager_creates_through_the_service():
    user = User.objects.create_superuser(phone="0981 000 124", password=PASSWORD, full_name="Q")
    assert (user.phone, user.is_staff, user.is_superuser) == ("+84981000124", True, True)


# Roles -------------------------------------------------------------------------------------


def test_granting_a_role_twice_keeps_one_grant(make_user, muong_khuong):
    user = make_user()
    first = role_grant(user=user, role=PlaceRole.COMMUNE_OFFICER, unit=muong_khuong)
    second = role_grant(user=user, role=PlaceRole.COMMUNE_OFFICER, unit=muong_khuong)
    assert first.pk == second.pk
    assert RoleGrant.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (PlaceRole.COMMUNE_OFFICER, "lao_cai"),  # a province is not a commune
        (PlaceRole.PROVINCE_OFFICER, "muong_khuong"),  # a commune is not a province
        (PlaceRole.VILLAGE_TEAM_LEADER, "muong_khuong"),  # a team leads a village
    ],
)
def test_a_role_on_the_wrong_kind_of_place_is_refused(make_user, request, role, place):
    user = make_user()
    with pytest.raises(ValidationError):
        role_grant(user=user, role=role, unit=request.getfixturevalue(place))
    assert not RoleGrant.objects.exists()


def test_a_role_on_a_retired_commune_is_refused(make_user, places):
    from banso.places.models import AdministrativeUnit

    retired = AdministrativeUnit.objects.filter(is_current=False, level="commune").first()
    with pytest.raises(ValidationError):
        role_grant(user=make_user(), role=PlaceRole.COMMUNE_OFFICER, unit=retired)
    assert not RoleGrant.objects.exists()


def test_a_village_team_leader_is_appointed_to_a_village(make_user, village):
    grant = role_grant(user=make_user(), role=PlaceRole.VILLAGE_TEAM_LEADER, village=village)
    assert RoleGrant.objects.get(pk=grant.pk).place == village


# API tokens --------------------------------------------------------------------------------


def test_an_api_token_keeps_only_the_hash_of_its_key(make_user):
    token, key = api_token_create(user=make_user(), name="máy đọc")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key.startswith("bs_") and len(key) > 40
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(stored.prefix) and len(stored.prefix) < len(key) // 3
    assert key not in {str(value) for value in ApiToken.objects.values().get(pk=token.pk).values()}


def test_every_api_token_is_different(make_user):
    user = make_user()
    keys = {api_token_create(user=user)[1] for _ in range(5)}
    assert len(keys) == 5
    assert ApiToken.objects.filter(user=user).count() == 5

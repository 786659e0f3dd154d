"""API tokens: made by ``manage.py api_token``, stored hashed, accepted as Bearer keys."""

import io

import pytest
from django.core.management import CommandError, call_command

from banso.accounts.models import ApiToken, PlaceRole
from banso.accounts.services import api_token_create, role_grant

ME = "/api/accounts/me"


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def officer(make_user, muong_khuong):
    user = make_user("Lù Văn Dũng", phone="0981000123", email="dung@example.vn")
    role_grant(user=user, role=PlaceRole.COMMUNE_OFFICER, unit=muong_khuong)
    return user


def _api_token(login: str, *args: str) -> str:
    output = io.StringIO()
    call_command("api_token", login, *args, stdout=output)
    return output.getvalue().strip()


# The command -------------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["0981 000 123", "+84981000123", "DUNG@example.vn"])
def test_the_command_prints_a_key_and_stores_only_its_hash(officer, login):
    key = _api_token(login, "--name", "loa phát thanh")
    token = ApiToken.objects.get(user=officer)
    assert key.startswith("bs_") and "\n" not in key
    assert token.key_hash == ApiToken.hash_key(key)
    assert token.name == "loa phát thanh"
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(key not in str(value) for value in row.values())
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_the_command_refuses_an_unknown_person(officer):
    with pytest.raises(CommandError):
        _api_token("0981999999")
    with pytest.raises(CommandError):
        _api_token("nobody@example.vn")
    assert not ApiToken.objects.exists()


# /api/accounts/me --------------------------------------------------------------------------


def test_a_bearer_key_from_the_command_works(client, officer, muong_khuong):
    key = _api_token("0981000123")
    response = client.get(ME, headers=_bearer(key))
    assert response.status_code == 200
    assert response.json() == {
        "id": officer.pk,
        "full_name": "Lù Văn Dũng",
        "phone": "+84981000123",
        "email": "dung@example.vn",
        "roles": [{"role": "commune_officer", "place": str(muong_khuong)}],
    }


def test_a_used_token_notes_when(client, officer):
    token, key = api_token_create(user=officer)
    assert token.last_used_at is None
    client.get(ME, headers=_bearer(key))
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer bs_not-a-real-key"},
        {"Authorization": "Bearer "},
        {"Authorization": "Token bs_not-a-real-key"},
    ],
)
def test_anonymous_or_a_wrong_key_is_401(client, officer, headers):
    api_token_create(user=officer)
    assert client.get(ME, headers=headers).status_code == 401


def test_the_stored_hash_is_not_a_key(client, officer):
    token, _key = api_token_create(user=officer)
    assert client.get(ME, headers=_bearer(token.key_hash)).status_code == 401


def test_a_switched_off_token_is_401(client, officer):
    token, key = api_token_create(user=officer)
    ApiToken.objects.filter(pk=token.pk).update(is_active=False)
    assert client.get(ME, headers=_bearer(key)).status_code == 401


def test_the_token_of_a_switched_off_person_is_401(client, officer):
    _token, key = api_token_create(user=officer)
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(ME, headers=_bearer(key)).status_code == 401


def test_the_signed_in_session_works(client, officer):
    client.force_login(officer)
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json()["id"] == officer.pk
    assert [r["role"] for r in response.json()["roles"]] == ["commune_officer"]


def test_a_person_without_roles_has_an_empty_list(client, make_user):
    user = make_user("Người dân", email="dan@example.vn")
    _token, key = api_token_create(user=user)
    body = client.get(ME, headers=_bearer(key)).json()
    assert body["roles"] == [] and body["phone"] is None and body["email"] == "dan@example.vn"

"""Signing in by phone or email, and the account page."""

import pytest
from django.urls import reverse

from banso.accounts.models import PlaceRole, User
from banso.accounts.services import role_grant
from banso.conftest import PASSWORD
from banso.orgs.models import MembershipRole
from banso.orgs.services import membership_set, organisation_create

SIGN_IN = reverse("accounts:login")


def _sign_in(client, login: str, password: str = PASSWORD):
    return client.post(SIGN_IN, {"username": login, "password": password})


def _signed_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


@pytest.fixture
def farmer(make_user):
    return make_user("Tẩn Văn Sử", phone="+84981000123", email="Su.Tan@Example.vn")


@pytest.mark.parametrize("login", ["0981 000 123", "+84981000123", "0981000123", " 0981.000.123 "])
def test_sign_in_with_any_spelling_of_the_phone_number(client, farmer, login):
    assert farmer.phone == "+84981000123"
    response = _sign_in(client, login)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert _signed_in_as(client) == farmer.pk


@pytest.mark.parametrize("login", ["su.tan@example.vn", "SU.TAN@EXAMPLE.VN", "Su.Tan@example.VN"])
def test_sign_in_with_the_email_in_any_case(client, farmer, login):
    response = _sign_in(client, login)
    assert response.status_code == 302
    assert _signed_in_as(client) == farmer.pk


def test_sign_in_goes_on_to_next(client, farmer):
    response = client.post(
        SIGN_IN, {"username": "0981000123", "password": PASSWORD, "next": "/orgs/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/orgs/"


def _assert_refused(response, client):
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["__all__"]] == ["invalid_login"]
    assert 'role="alert"' in response.content.decode()
    assert _signed_in_as(client) is None


def test_a_wrong_password_is_refused(client, farmer):
    _assert_refused(_sign_in(client, "0981000123", "wrong-password"), client)


@pytest.mark.parametrize("login", ["0981000999", "nobody@example.vn", "not a login"])
def test_an_unknown_login_is_refused(client, farmer, login):
    _assert_refused(_sign_in(client, login), client)


def test_an_inactive_person_is_refused(client, farmer):
    User.objects.filter(pk=farmer.pk).update(is_active=False)
    _assert_refused(_sign_in(client, "0981000123"), client)
    _assert_refused(_sign_in(client, "su.tan@example.vn"), client)


def test_the_sign_in_page_shows_a_form(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_a_signed_in_person_is_sent_on_from_the_sign_in_page(client, farmer):
    client.force_login(farmer)
    response = client.get(SIGN_IN)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_sign_out(client, farmer):
    client.force_login(farmer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert _signed_in_as(client) is None
    # The browser is told to forget what the site kept in it (a shared phone).
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_signing_out_of_the_admin_empties_the_browser_too(client, superuser):
    admin_client = client
    admin_client.force_login(superuser)
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert f'action="{reverse("admin:logout")}"' in page
    response = admin_client.post(reverse("admin:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:login")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert admin_client.get(reverse("admin:index")).status_code == 302


def test_the_account_page_warns_before_signing_out_what_the_phone_keeps(client, farmer):
    client.force_login(farmer)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="sign-out-form"' in page and "accounts/sign-out.js" in page
    assert 'id="sign-out-pending"' in page and "chưa gửi" in page


# The account page --------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={reverse('accounts:profile')}"


def test_the_account_page_lists_role_grants_and_memberships(
    client, make_user, farmer, muong_khuong, bac_ha, village
):
    admin = make_user("Quản trị", is_superuser=True, is_staff=True)
    role_grant(user=farmer, role=PlaceRole.COMMUNE_OFFICER, unit=bac_ha)
    role_grant(user=farmer, role=PlaceRole.VILLAGE_TEAM_LEADER, village=village)
    organisation = organisation_create(
        actor=admin, name="Hợp tác xã Quýt Mường Khương", kind="cooperative", unit=muong_khuong
    )
    membership_set(actor=admin, organisation=organisation, user=farmer, role=MembershipRole.OWNER)
    client.force_login(farmer)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    grants = {(g.role, g.place) for g in response.context["grants"]}
    assert grants == {
        (PlaceRole.COMMUNE_OFFICER, bac_ha),
        (PlaceRole.VILLAGE_TEAM_LEADER, village),
    }
    assert [(m.organisation, m.role) for m in response.context["memberships"]] == [
        (organisation, MembershipRole.OWNER)
    ]
    content = response.content.decode()
    assert 'id="roles"' in content
    assert bac_ha.name in content
    assert str(village) in content
    assert organisation.name in content
    assert reverse("orgs:organisation-detail", args=[organisation.slug]) in content
    assert "0981 000 123" in content  # the phone number as people write it


def test_the_account_page_of_someone_without_roles(client, farmer):
    client.force_login(farmer)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert response.context["grants"] == [] and response.context["memberships"] == []
    assert 'id="roles"' not in response.content.decode()

"""The admin obeys the same rules as the pages: phone numbers normalised, writes permitted."""

import pytest

from banso.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("Quản trị", is_staff=True, is_superuser=True))
    return client


def _add_user(admin_client, **fields):
    data = {
        "phone": "",
        "email": "",
        "full_name": "Người mới",
        "password1": "Xk9-long-pass-22",
        "password2": "Xk9-long-pass-22",
        "usable_password": "true",
        "role_grants-TOTAL_FORMS": "0",
        "role_grants-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return admin_client.post("/admin/accounts/user/add/", data)


def test_a_person_added_in_the_admin_has_their_phone_stored_in_e164(admin_client):
    response = _add_user(admin_client, phone="0912 345 678")
    assert response.status_code == 302
    assert User.objects.filter(phone="+84912345678", full_name="Người mới").exists()


def test_the_admin_refuses_a_bad_phone_number_and_stores_nothing(admin_client):
    before = User.objects.count()
    response = _add_user(admin_client, phone="12")
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert User.objects.count() == before


def test_the_admin_refuses_a_person_with_neither_phone_nor_email(admin_client):
    before = User.objects.count()
    response = _add_user(admin_client)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert User.objects.count() == before


def test_emails_are_stored_in_lower_case(admin_client):
    response = _add_user(admin_client, email="Lan@Example.VN")
    assert response.status_code == 302
    assert User.objects.filter(email="lan@example.vn").exists()

"""Sign-in throttling on the site's form and the admin's: wrong passwords lock the account for
a short, growing time and the address after many, the right password is refused meanwhile with
a message in the person's language, and the owner's usual address is not locked out."""

import time

import pytest
from django.urls import reverse
from django.utils import translation

from banso.accounts import signin_throttle
from banso.common.ratelimit import limit_locked_seconds
from banso.conftest import PASSWORD

SIGN_IN = reverse("accounts:login")
ADMIN_SIGN_IN = reverse("admin:login")
HOME = "203.0.113.10"
ATTACKER = "198.51.100.66"
MESSAGE = {
    "en": "Too many wrong passwords for this account or from this connection.",
    "vi": "Đã nhập sai mật khẩu quá nhiều lần cho tài khoản này hoặc từ kết nối này.",
    "zh-hans": "此账户或此连接输错密码的次数过多。",
}


@pytest.fixture
def farmer(make_user):
    return make_user("Tẩn Văn Sử", phone="+84981000123")


@pytest.fixture
def short_locks(settings):
    settings.SIGNIN_LOCKOUT_SECONDS = 1
    settings.SIGNIN_LOCKOUT_MAX_SECONDS = 4


def _sign_in(client, password: str, *, login="0981000123", address=ATTACKER, language="en"):
    with translation.override(language):
        sign_in = reverse("accounts:login")  # the sign-in page's address in that language
    return client.post(sign_in, {"username": login, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return bool(client.session.get("_auth_user_id"))


def _codes(response) -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data().get("__all__", [])]


@pytest.mark.parametrize("language", ["en", "vi", "zh-hans"])
def test_a_hundred_wrong_passwords_then_the_right_one_is_refused(client, farmer, language):
    for guess in range(100):
        _sign_in(client, f"guess-{guess}", language=language)
    response = _sign_in(client, PASSWORD, language=language)
    assert not _signed_in(client)
    assert response.status_code == 429
    assert _codes(response) == ["throttled"]
    assert MESSAGE[language] in response.content.decode()


def test_the_first_wrong_passwords_are_only_told_wrong(client, farmer):
    for guess in range(signin_throttle.SIGNIN_ACCOUNT.count - 1):
        assert _codes(_sign_in(client, f"guess-{guess}")) == ["invalid_login"]
    _sign_in(client, PASSWORD)
    assert _signed_in(client)


def test_the_lock_ends_and_each_next_one_lasts_longer(client, farmer, short_locks):
    account = f"user-{farmer.pk}"
    for guess in range(signin_throttle.SIGNIN_ACCOUNT.count):
        _sign_in(client, f"guess-{guess}")
    assert 0 < limit_locked_seconds(signin_throttle.SIGNIN_ACCOUNT, account) <= 1
    assert _codes(_sign_in(client, PASSWORD)) == ["throttled"]
    time.sleep(1.1)
    # Still within the window: one more wrong password locks again, twice as long.
    assert _codes(_sign_in(client, "guess-again")) == ["invalid_login"]
    assert 1 < limit_locked_seconds(signin_throttle.SIGNIN_ACCOUNT, account) <= 2
    assert _codes(_sign_in(client, PASSWORD)) == ["throttled"]
    time.sleep(2.1)
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_an_unknown_login_is_locked_like_an_account(client, db):
    for guess in range(signin_throttle.SIGNIN_ACCOUNT.count):
        _sign_in(client, f"guess-{guess}", login="0981999999")
    assert _codes(_sign_in(client, "anything", login="0981999999")) == ["throttled"]


def test_the_owner_signs_in_from_a_known_address_while_an_attacker_locks_the_account(
    client, farmer
):
    _sign_in(client, PASSWORD, address=HOME)
    assert _signed_in(client)
    client.logout()
    for guess in range(20):
        _sign_in(client, f"guess-{guess}", address=ATTACKER)
    assert _codes(_sign_in(client, PASSWORD, address=ATTACKER)) == ["throttled"]
    # A new phone elsewhere waits like the attacker…
    assert _codes(_sign_in(client, PASSWORD, address="192.0.2.200")) == ["throttled"]
    # …the owner at home does not.
    response = _sign_in(client, PASSWORD, address=HOME)
    assert response.status_code == 302 and _signed_in(client)


def test_a_known_address_that_guesses_too_is_locked_out(client, farmer):
    _sign_in(client, PASSWORD, address=HOME)
    client.logout()
    for guess in range(signin_throttle.SIGNIN_ACCOUNT_ADDRESS.count):
        _sign_in(client, f"guess-{guess}", address=HOME)
    assert _codes(_sign_in(client, PASSWORD, address=HOME)) == ["throttled"]


def test_another_account_signs_in_from_the_address_that_locked_one(client, farmer, make_user):
    other = make_user("Lồ Thị Dín", phone="+84981000124")
    for guess in range(20):
        _sign_in(client, f"guess-{guess}", address=ATTACKER)
    response = _sign_in(client, PASSWORD, login="0981000124", address=ATTACKER)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == other.pk


def test_an_address_trying_many_accounts_is_locked(client, farmer):
    for number in range(signin_throttle.SIGNIN_ADDRESS.count):
        _sign_in(client, "123456", login=f"0981{number:06d}", address=ATTACKER)
    response = _sign_in(client, PASSWORD, address=ATTACKER)
    assert _codes(response) == ["throttled"]
    assert "15 minutes" in response.content.decode()
    # The account itself is not locked: its owner signs in from elsewhere.
    assert _sign_in(client, PASSWORD, address=HOME).status_code == 302


@pytest.fixture
def admin_sign_in(client, make_user):
    make_user("Quản trị", phone="+84981000777", is_staff=True, is_superuser=True)

    def sign_in(password: str):
        return client.post(
            ADMIN_SIGN_IN,
            {"username": "0981000777", "password": password, "next": "/admin/"},
            REMOTE_ADDR=ATTACKER,
            HTTP_ACCEPT_LANGUAGE="vi",
        )

    return sign_in


def test_the_admin_refuses_the_right_password_after_a_hundred_wrong_ones(client, admin_sign_in):
    for guess in range(100):
        admin_sign_in(f"guess-{guess}")
    response = admin_sign_in(PASSWORD)
    assert response.status_code == 200
    assert MESSAGE["vi"] in response.content.decode()
    assert not _signed_in(client)


def test_the_admin_signs_in_once_the_lock_ends(client, admin_sign_in, short_locks):
    for guess in range(signin_throttle.SIGNIN_ACCOUNT.count):
        admin_sign_in(f"guess-{guess}")
    assert MESSAGE["vi"] in admin_sign_in(PASSWORD).content.decode()
    assert not _signed_in(client)
    time.sleep(1.1)
    response = admin_sign_in(PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert _signed_in(client)


def test_a_right_password_refused_by_the_admin_staff_check_is_no_guess(client, farmer):
    for _ in range(signin_throttle.SIGNIN_ACCOUNT.count + 1):
        client.post(
            ADMIN_SIGN_IN, {"username": "0981000123", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
        )
    assert _sign_in(client, PASSWORD).status_code == 302

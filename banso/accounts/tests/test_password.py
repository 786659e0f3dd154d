"""Changing a password, and resetting a forgotten one with a one-time code."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from banso.accounts.models import PasswordResetCode
from banso.accounts.password_reset import CODE_ATTEMPTS, RESET_PER_IDENTIFIER
from banso.accounts.reset_senders import ResetCodeSender
from banso.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Chè-shan-tuyết-2026"
RESET = reverse("accounts:password-reset")
RESET_CODE = reverse("accounts:password-reset-code")
REFUSED_VI = "Mã không đúng, đã hết hạn hoặc đã được dùng"


@pytest.fixture(autouse=True)
def email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_RESET_CODE_SENDER = "banso.accounts.reset_senders.EmailResetCodeSender"


@pytest.fixture
def person(make_user):
    return make_user("Thào Thị Mỷ", phone="0981777001", email="my@example.vn")


def _code_from_mail() -> str:
    assert len(mail.outbox) == 1, "one message with the code"
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match
    return match.group(1)


def _ask(client, identifier: str):
    return client.post(RESET, {"identifier": identifier})


def _confirm(client, code: str, password: str = NEW):
    return client.post(
        RESET_CODE, {"code": code, "new_password1": password, "new_password2": password}
    )


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# Change ------------------------------------------------------------------------------------


def test_a_signed_in_person_changes_their_password(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:password-change"))
    assert page.status_code == 200 and "common/base.html" in [t.name for t in page.templates]
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_a_wrong_old_password_changes_nothing(client, person):
    client.force_login(person)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "sai-mat-khau", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_change_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# Reset -------------------------------------------------------------------------------------


def test_reset_by_phone_end_to_end(client, person):
    response = _ask(client, "0981 777 001")
    assert response.status_code == 302 and response["Location"] == RESET_CODE
    code = _code_from_mail()
    assert mail.outbox[0].to == ["my@example.vn"]
    stored = PasswordResetCode.objects.get(user=person)
    assert code not in stored.code_hash  # only a hash is stored

    response = _confirm(client, code)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    person.refresh_from_db()
    assert person.check_password(NEW)
    # Signs in with the new password through the real sign-in page.
    signed_in = client.post(reverse("accounts:login"), {"username": "0981777001", "password": NEW})
    assert signed_in.status_code == 302


def test_reset_by_email(client, person):
    _ask(client, "My@Example.vn")
    assert _confirm(client, _code_from_mail()).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_an_unknown_account_gets_the_same_answer_and_no_message(client, person):
    known = _ask(client, "0981777001")
    mail.outbox.clear()
    unknown = _ask(client, "0981777999")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []
    page = client.get(RESET_CODE).content.decode()
    assert "Nếu" in page  # "If an account matches …"
    response = _confirm(client, "123456")
    assert REFUSED_VI in response.content.decode()


def test_a_wrong_code_is_refused_and_the_password_kept(client, person):
    _ask(client, "0981777001")
    code = _code_from_mail()
    response = _confirm(client, _wrong(code))
    assert response.status_code == 200
    assert REFUSED_VI in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    # The right code still works after one wrong try.
    assert _confirm(client, code).status_code == 302


def test_an_expired_code_is_refused(client, person):
    _ask(client, "0981777001")
    code = _code_from_mail()
    PasswordResetCode.objects.filter(user=person).update(
        expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert REFUSED_VI in _confirm(client, code).content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_code_works_once(client, person):
    _ask(client, "0981777001")
    code = _code_from_mail()
    assert _confirm(client, code).status_code == 302
    session = client.session
    session["banso_password_reset_identifier"] = "+84981777001"
    session.save()
    response = _confirm(client, code, password="Một-mật-khẩu-khác-9")
    assert REFUSED_VI in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_a_code_is_spent_after_the_attempt_limit(client, person):
    _ask(client, "0981777001")
    code = _code_from_mail()
    for _ in range(CODE_ATTEMPTS):
        assert REFUSED_VI in _confirm(client, _wrong(code)).content.decode()
    # Even the right code is refused now.
    assert REFUSED_VI in _confirm(client, code).content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_new_code_replaces_the_old_one(client, person):
    _ask(client, "0981777001")
    first = _code_from_mail()
    mail.outbox.clear()
    _ask(client, "0981777001")
    second = _code_from_mail()
    if first != second:
        assert REFUSED_VI in _confirm(client, first).content.decode()
    assert _confirm(client, second).status_code == 302


def test_a_weak_new_password_is_refused_and_the_code_kept(client, person):
    _ask(client, "0981777001")
    code = _code_from_mail()
    response = _confirm(client, code, password="12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"]
    assert _confirm(client, code).status_code == 302


def test_requests_are_rate_limited_per_account(client, person):
    for _ in range(RESET_PER_IDENTIFIER.count):
        assert _ask(client, "0981777001").status_code == 302
    response = _ask(client, "0981777001")
    assert response.status_code == 429
    assert len(mail.outbox) == RESET_PER_IDENTIFIER.count


def test_the_code_page_needs_the_first_step(client):
    response = client.get(RESET_CODE)
    assert response.status_code == 302 and response["Location"] == RESET


class NotebookSmsSender(ResetCodeSender):
    """An SMS sender as an operator would plug one in, writing to a list instead of a gateway."""

    sent: list[tuple[str, str]] = []

    def send(self, *, user, code: str, minutes: int) -> bool:
        if not user.phone:
            return False
        self.sent.append((user.phone, self.message(code, minutes)))
        return True


def test_an_sms_sender_plugs_in_through_the_setting(client, settings, make_user):
    settings.PASSWORD_RESET_CODE_SENDER = f"{__name__}.NotebookSmsSender"
    NotebookSmsSender.sent.clear()
    person = make_user("Sùng A Páo", phone="0981777002")  # no email
    _ask(client, "0981777002")
    assert mail.outbox == []
    [(phone, text)] = NotebookSmsSender.sent
    assert phone == "+84981777002"
    assert "Bản Số: mã đặt lại mật khẩu" in text
    code = re.search(r"\b(\d{6})\b", text).group(1)
    assert _confirm(client, code).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)

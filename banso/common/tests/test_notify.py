"""The shared notification senders: every sender is called, one failing is logged and does not
stop the next, nothing leaves before the commit, the email sender reaches only addresses."""

import logging

import pytest
from django.db import transaction

from banso.common.notify import (
    Attachment,
    EmailNotifier,
    Notification,
    Recipient,
    notifications_send,
    notifications_send_on_commit,
)

HERE = "banso.common.tests.test_notify"


class RecordingNotifier:
    """A sender as an operator would write one (an SMS gateway): it keeps what it would send."""

    sent: list[tuple[str, list[str], str, str]] = []

    def send(self, notification: Notification) -> None:
        RecordingNotifier.sent.append(
            (notification.kind, notification.phones, notification.language, notification.body)
        )


class BrokenNotifier:
    def send(self, notification: Notification) -> None:
        raise ConnectionError("gateway down")


@pytest.fixture(autouse=True)
def _fresh_record():
    RecordingNotifier.sent = []


def _booking_new(**changes) -> Notification:
    values = {
        "kind": "booking_new",
        "subject": "Đặt phòng mới BK123",
        "body": "Khách Mai đặt 2 đêm.\n",
        "recipients": (Recipient(email="host@example.vn", phone="+84912345678"),),
        "reference": "BK123",
    }
    return Notification(**{**values, **changes})


def test_a_custom_sender_named_in_the_settings_gets_the_notification(settings, mailoutbox):
    settings.NOTIFIERS = [f"{HERE}.RecordingNotifier", "banso.common.notify.EmailNotifier"]
    notifications_send(notifiers_setting="NOTIFIERS", notification=_booking_new())
    assert RecordingNotifier.sent == [
        ("booking_new", ["+84912345678"], "vi", "Khách Mai đặt 2 đêm.\n")
    ]
    (mail,) = mailoutbox
    assert (mail.to, mail.subject) == (["host@example.vn"], "Đặt phòng mới BK123")


def test_a_failing_sender_is_logged_and_the_next_one_still_sends(settings, mailoutbox, caplog):
    settings.NOTIFIERS = [
        f"{HERE}.BrokenNotifier",
        f"{HERE}.RecordingNotifier",
        "banso.common.notify.EmailNotifier",
    ]
    with caplog.at_level(logging.ERROR, logger="banso.common.notify"):
        notifications_send(notifiers_setting="NOTIFIERS", notification=_booking_new())
    assert [kind for kind, *_ in RecordingNotifier.sent] == ["booking_new"]
    assert len(mailoutbox) == 1
    (record,) = caplog.records
    assert "BrokenNotifier" in record.getMessage() and "BK123" in record.getMessage()
    assert record.exc_info[0] is ConnectionError


def test_an_apps_own_setting_wins_and_an_unset_one_falls_back_to_notifiers(settings, mailoutbox):
    settings.NOTIFIERS = ["banso.common.notify.EmailNotifier"]
    settings.MARKET_NOTIFIERS = [f"{HERE}.RecordingNotifier"]
    notifications_send(notifiers_setting="MARKET_NOTIFIERS", notification=_booking_new())
    assert len(RecordingNotifier.sent) == 1 and mailoutbox == []
    notifications_send(notifiers_setting="NO_SUCH_APP_NOTIFIERS", notification=_booking_new())
    assert len(RecordingNotifier.sent) == 1 and len(mailoutbox) == 1


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.NOTIFIERS = [f"{HERE}.RecordingNotifier", "banso.common.notify.EmailNotifier"]
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notifications_send_on_commit(notifiers_setting="NOTIFIERS", notification=_booking_new())
        assert RecordingNotifier.sent == [], "nothing before the commit"
        raise RuntimeError("the booking failed")
    assert RecordingNotifier.sent == [] and mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notifications_send_on_commit(notifiers_setting="NOTIFIERS", notification=_booking_new())
        assert RecordingNotifier.sent == []
    assert len(RecordingNotifier.sent) == 1 and len(mailoutbox) == 1


def test_the_email_sender_skips_recipients_without_an_address(mailoutbox):
    notification = _booking_new(
        recipients=(
            Recipient(phone="+84912345678"),
            Recipient(email="not an address"),
            Recipient(email="guest@example.vn", phone="0987654321"),
        ),
        attachments=(Attachment("vietqr-BK123.png", b"\x89PNG", "image/png"),),
    )
    EmailNotifier().send(notification)
    (mail,) = mailoutbox
    assert mail.to == ["guest@example.vn"]
    assert mail.attachments == [("vietqr-BK123.png", b"\x89PNG", "image/png")]

    EmailNotifier().send(_booking_new(recipients=(Recipient(phone="+84912345678"),)))
    assert len(mailoutbox) == 1, "no address, no email"

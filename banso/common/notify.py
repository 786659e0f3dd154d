"""Telling people that something happened, through whichever senders the site plugs in.

A domain app (the marketplace's orders, tourism's bookings) renders its own message and hands it
here as a :class:`Notification`: a kind, a subject and a body already written in the reader's
language, the recipients (email addresses and/or phone numbers), attachments, and a reference
(the order's or booking's code) for the logs. Senders never see the order or booking, so a Zalo
or SMS sender is written once and serves every app.

A sender is a class with ``send(notification) -> None`` (:class:`Notifier`), named by its dotted
path in a setting: ``settings.NOTIFIERS`` (``BANSO_NOTIFIERS``) for every app, or an app's own
list when it has one and it is set (``MARKET_NOTIFIERS``, kept from before the senders moved
here). The default, :class:`EmailNotifier`, sends through Django's mail backend.

Every sender is called, in order; one that raises is logged and the next still runs, and none
can undo the write the message is about: :func:`notifications_send_on_commit` waits for the
transaction to commit, and sends nothing if it rolls back.
"""

import logging
from dataclasses import dataclass
from functools import cache, partial
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """One person or office to tell, by whichever address it has: an email address, a phone
    number (as typed, Vietnamese or E.164), or both. A sender uses the one it can reach."""

    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Notification:
    """A message ready to send: rendered by the app it is about, in ``language``.

    ``kind`` names the event (``order_new``, ``booking_new`` …) for senders that pick a template
    of their own (Zalo's approved templates); ``reference`` is the object's code, for the logs.
    """

    kind: str
    subject: str
    body: str
    recipients: tuple[Recipient, ...]
    language: str = "vi"
    reference: str = ""
    attachments: tuple[Attachment, ...] = ()

    @property
    def emails(self) -> list[str]:
        """The recipients' email addresses; blanks and values that are no address left out."""
        return [r.email for r in self.recipients if r.email and "@" in r.email]

    @property
    def phones(self) -> list[str]:
        return [r.phone for r in self.recipients if r.phone]


class Notifier(Protocol):
    """What a sender is. It raises when it fails; it must not raise for a recipient it cannot
    reach (an SMS sender and a recipient without a phone): it skips that recipient."""

    def send(self, notification: Notification) -> None: ...


class EmailNotifier:
    """Plain-text email through Django's mail backend, with the attachments."""

    def send(self, notification: Notification) -> None:
        recipients = notification.emails
        if not recipients:
            return
        message = EmailMessage(notification.subject, notification.body, None, recipients)
        for attachment in notification.attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        message.send()


@cache
def _notifier_classes(paths: tuple[str, ...]) -> list[type]:
    return [import_string(path) for path in paths]


def notifiers_load(*, notifiers_setting: str) -> list[Notifier]:
    """The senders the setting named ``notifiers_setting`` lists (dotted paths), or those of
    ``settings.NOTIFIERS`` when that setting is not defined. An empty list sends nothing."""
    paths = getattr(settings, notifiers_setting, None)
    if paths is None:
        paths = settings.NOTIFIERS
    return [cls() for cls in _notifier_classes(tuple(paths))]


def notifications_send(*, notifiers_setting: str, notification: Notification) -> None:
    """Hand ``notification`` to every configured sender; a failing one is logged, the others
    still send. Call it after the commit (:func:`notifications_send_on_commit`)."""
    if not notification.recipients:
        return
    for notifier in notifiers_load(notifiers_setting=notifiers_setting):
        try:
            notifier.send(notification)
        except Exception:
            logger.exception(
                "notifier %r failed to send %s for %s",
                notifier,
                notification.kind,
                notification.reference,
            )


def notifications_send_on_commit(*, notifiers_setting: str, notification: Notification) -> None:
    """Send ``notification`` once the current transaction commits; never if it rolls back."""
    transaction.on_commit(
        partial(notifications_send, notifiers_setting=notifiers_setting, notification=notification)
    )

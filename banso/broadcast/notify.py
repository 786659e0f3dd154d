"""Telling a commune about its speakers: that some fell silent, or that they are heard again.

Messages are rendered from ``broadcast/emails/speakers_<silent|heard>.txt`` (first line: the
subject) in each reader's language (``AlertLanguage``, Vietnamese by default), one message a
person, and handed after the commit to the platform's senders (``banso.common.notify``: email
by default, Zalo or SMS where an operator plugs one in; ``settings.BROADCAST_NOTIFIERS`` when
set, else ``settings.NOTIFIERS``). Both the phone number and the email address go with each
message, so an officer who has only a phone is reached by a phone sender.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from banso.broadcast.models import SpeakerAlert
from banso.broadcast.selectors.board import alert_readers
from banso.common.notify import Notification, Recipient, notifications_send_on_commit

NOTIFIERS_SETTING = "BROADCAST_NOTIFIERS"


def silence_notify(*, alerts: list[SpeakerAlert], heard: bool) -> None:
    """Tell the commune of ``alerts`` (all of one commune, their speakers, villages and commune
    loaded) that their speakers fell silent, or with ``heard`` that they are heard again. Sent
    once the current transaction commits."""
    commune = alerts[0].commune
    kind = "speakers_heard" if heard else "speakers_silent"
    for reader, language in alert_readers(commune.pk):
        with translation.override(language):
            board_url = settings.SITE_URL + reverse("broadcast:commune-status", args=[commune.code])
            text = render_to_string(
                f"broadcast/emails/{kind}.txt",
                {"commune": commune, "alerts": alerts, "board_url": board_url},
            )
        subject, _newline, body = text.strip().partition("\n")
        notifications_send_on_commit(
            notifiers_setting=NOTIFIERS_SETTING,
            notification=Notification(
                kind=kind,
                subject=subject.strip(),
                body=body.strip() + "\n",
                recipients=(Recipient(email=reader.email or "", phone=reader.phone or ""),),
                language=language,
                reference=commune.code,
            ),
        )

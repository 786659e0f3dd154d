"""Telling hosts and guests about bookings: the host when a booking comes in, the guest when it
is made (the receipt) and each time it moves.

Messages are rendered from ``tourism/emails/<kind>_<to>.txt`` (first line: the subject), in the
guest's language for the guest and in Vietnamese for the host, and handed after the commit to
the platform's senders (``banso.common.notify``: email by default, Zalo or SMS where an operator
plugs one in; ``settings.TOURISM_NOTIFIERS`` when set, else ``settings.NOTIFIERS``). Both the
phone number and the email address go with each message, so a phone-only host or guest is
reached by a phone sender.
"""

import logging

from django.template.loader import render_to_string
from django.utils import translation

from banso.common.notify import Notification, Recipient, notifications_send
from banso.tourism.models import Booking

logger = logging.getLogger(__name__)
NOTIFIERS_SETTING = "TOURISM_NOTIFIERS"


def _host(booking: Booking) -> Recipient:
    host = booking.room_type.lodging if booking.room_type_id else booking.tour  # type: ignore[union-attr]
    if host is None:
        return Recipient()
    return Recipient(email=host.notify_email, phone=host.phone)


def _guest(booking: Booking) -> Recipient:
    return Recipient(email=booking.guest_email, phone=booking.guest_phone)


def _notification(kind: str, template: str, booking: Booking, to: Recipient, language: str):
    with translation.override(language):
        text = render_to_string(template, {"booking": booking})
    subject, _, body = text.strip().partition("\n")
    return Notification(
        kind=kind,
        subject=subject.strip(),
        body=body.strip() + "\n",
        recipients=(to,),
        language=language,
        reference=booking.code,
    )


def booking_notify(*, kind: str, booking_pk: int) -> None:
    """``kind`` is ``booking_new`` (to the host, and the receipt to the guest) or
    ``booking_status`` (to the guest). Called after the commit; a message that cannot be
    written is logged and undoes nothing."""
    booking = Booking.objects.select_related(
        "room_type__lodging", "tour", "departure", "organisation"
    ).get(pk=booking_pk)
    if kind == "booking_new":
        messages = [
            ("booking_new", "tourism/emails/booking_new_host.txt", _host(booking), "vi"),
            (
                "booking_placed",
                "tourism/emails/booking_new_guest.txt",
                _guest(booking),
                booking.guest_language,
            ),
        ]
    else:
        messages = [
            (
                "booking_status",
                "tourism/emails/booking_status_guest.txt",
                _guest(booking),
                booking.guest_language,
            )
        ]
    for message_kind, template, to, language in messages:
        try:
            notification = _notification(message_kind, template, booking, to, language)
        except Exception:
            logger.exception("booking %s: the message %s was not written", booking.code, template)
            continue
        notifications_send(notifiers_setting=NOTIFIERS_SETTING, notification=notification)

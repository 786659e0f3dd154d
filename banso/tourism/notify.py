"""Telling hosts and guests about bookings: the host when a booking comes in, the guest when it
is made (the receipt, with the VietQR code to pay) and each time it moves.

Messages are rendered from ``tourism/emails/<kind>_<to>.txt`` (first line: the subject), in the
guest's language for the guest and in Vietnamese for the host, and sent after the booking's
transaction commits; a failing sender is logged and undoes nothing.
"""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from banso.tourism.models import Booking

logger = logging.getLogger(__name__)


def _host_address(booking: Booking) -> str:
    if booking.room_type_id:
        return booking.room_type.lodging.notify_email  # type: ignore[union-attr]
    return booking.tour.notify_email if booking.tour_id else ""  # type: ignore[union-attr]


def _send(template: str, booking: Booking, address: str, language: str) -> None:
    if not address or "@" not in address:
        return
    with translation.override(language):
        text = render_to_string(template, {"booking": booking})
    subject, _, body = text.strip().partition("\n")
    try:
        EmailMessage(subject.strip(), body.strip() + "\n", None, [address]).send()
    except Exception:
        logger.exception("booking %s: the message %s was not sent", booking.code, template)


def booking_notify(*, kind: str, booking_pk: int) -> None:
    """``kind`` is ``booking_new`` (to the host, and the receipt to the guest) or
    ``booking_status`` (to the guest)."""
    booking = Booking.objects.select_related(
        "room_type__lodging", "tour", "departure", "organisation"
    ).get(pk=booking_pk)
    if kind == "booking_new":
        _send("tourism/emails/booking_new_host.txt", booking, _host_address(booking), "vi")
        _send(
            "tourism/emails/booking_new_guest.txt",
            booking,
            booking.guest_email,
            booking.guest_language,
        )
    else:
        _send(
            "tourism/emails/booking_status_guest.txt",
            booking,
            booking.guest_email,
            booking.guest_language,
        )

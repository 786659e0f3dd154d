"""The VietQR code a guest scans to pay a held booking into the host organisation's account."""

from django.utils.translation import gettext as _

from banso.common.numbers import money_vnd_text
from banso.common.payment_codes import PaymentCode, payment_code
from banso.tourism.models import Booking


def booking_vietqr(booking: Booking) -> PaymentCode | None:
    """The code paying what is due now on ``booking`` (its deposit or its whole price), with
    the booking's code as the transfer message, which the host reads in the bank statement;
    None when nothing is due or the host's account is not usable. ``booking.organisation``
    should be selected with the booking."""
    if not booking.due_now_vnd:
        return None
    organisation = booking.organisation
    return payment_code(
        bank_bin=organisation.bank_bin,
        account_number=organisation.bank_account_number,
        account_name=organisation.bank_account_name,
        amount_vnd=booking.due_now_vnd,
        purpose=booking.code,
        label=_("VietQR code: pay %(amount)s to %(host)s for booking %(code)s")
        % {
            "amount": money_vnd_text(booking.due_now_vnd),
            "host": organisation.name,
            "code": booking.code,
        },
    )

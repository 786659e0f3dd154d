"""The rules a stay's dates keep, whether they are searched or booked: check-in today or later
and within the booking horizon, check-out after it, no longer than the longest stay, and at
least the room's minimum. The search form and the booking service both apply them, so a search
refuses the same dates, in the same words, as the booking would."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def field_error(field: str, message: str, *, code: str) -> ValidationError:
    """An error of one field of a form, with its code kept for the callers."""
    return ValidationError({field: ValidationError(message, code=code)})


def stay_dates_check(
    check_in: datetime.date, check_out: datetime.date, *, min_nights: int = 1
) -> None:
    """Raise a field's ``ValidationError`` (with a code) for the first rule the dates break."""
    today = timezone.localdate()
    if check_in < today:
        raise field_error("check_in", _("Check-in cannot be in the past."), code="past")
    if check_out <= check_in:
        raise field_error("check_out", _("Check-out must be after check-in."), code="dates_order")
    if check_in > today + datetime.timedelta(days=settings.TOURISM_BOOKING_HORIZON_DAYS):
        raise field_error(
            "check_in", _("Bookings open at most about eighteen months ahead."), code="far"
        )
    nights = (check_out - check_in).days
    if nights > settings.TOURISM_LONGEST_STAY_NIGHTS:
        raise field_error(
            "check_out",
            _("One booking holds at most %(nights)s nights.")
            % {"nights": settings.TOURISM_LONGEST_STAY_NIGHTS},
            code="too_long",
        )
    if nights < min_nights:
        raise field_error(
            "check_out",
            _("The minimum stay for these dates is %(nights)s nights.") % {"nights": min_nights},
            code="min_nights",
        )

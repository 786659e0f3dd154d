"""Guests' reviews (đánh giá) of stays and tours, and the hosts' replies.

Only a completed booking may be reviewed, once: every review comes from someone who was there,
and the booking's secret link is what lets the guest write it (no account needed). The unique
booking of ``GuestReview`` keeps the "once" true when two requests race; the loser is told the
booking is already reviewed. The text is the guest's own, in their language: lingo translates
it for the other visitors (registered in ``apps.py``).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banso.tourism.models import Booking, BookingStatus, GuestReview

TEXT_MAX_LENGTH = 2000


def review_create(*, booking: Booking, rating: int, text: str) -> GuestReview:
    """The guest's review of a completed booking."""
    if booking.status != BookingStatus.COMPLETED:
        raise ValidationError(
            _("Only a completed stay or tour can be reviewed."), code="not_completed"
        )
    text = text.strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A review is at most %(count)d characters.") % {"count": TEXT_MAX_LENGTH}}
        )
    review = GuestReview(booking=booking, rating=rating, text=text)
    review.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError(
            _("This booking has already been reviewed."), code="already_reviewed"
        ) from None
    return review


def review_reply(*, review: GuestReview, text: str) -> GuestReview:
    """The host's public answer to a review (an empty text takes it back). The caller has
    checked that the person manages the booking's organisation."""
    text = text.strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "host_reply": _("A reply is at most %(count)d characters.")
                % {"count": TEXT_MAX_LENGTH}
            }
        )
    review.host_reply = text
    review.full_clean(validate_unique=False)
    review.save(update_fields=["host_reply", "updated_at"])
    return review

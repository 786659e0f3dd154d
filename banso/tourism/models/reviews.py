from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.tourism.models.bookings import Booking


class GuestReview(TimeStampedModel):
    """A guest's review of a completed stay or tour: only a booking that was completed can be
    reviewed, once, so every review comes from someone who was there."""

    booking = models.OneToOneField(
        Booking, verbose_name=_("booking"), on_delete=models.CASCADE, related_name="review"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), blank=True)
    host_reply = models.TextField(_("reply from the host"), blank=True)
    is_published = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("guest review")
        verbose_name_plural = _("guest reviews")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.rating}"

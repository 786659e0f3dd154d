from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.tourism.models.lodgings import RoomType


class ChannelFeed(TimeStampedModel):
    """Another channel's iCalendar feed of a room type (Booking.com, Airbnb give one), fetched
    again and again in the background: the nights it holds are blocked here
    (``RoomNight.blocked``). A feed that fails to load or parse keeps the nights it blocked
    last and says why in ``last_error``, so a channel's outage neither frees nor blocks a night.
    """

    room_type = models.ForeignKey(
        RoomType, verbose_name=_("room type"), on_delete=models.CASCADE, related_name="feeds"
    )
    name = models.CharField(_("channel"), max_length=80, help_text=_("Booking.com, Airbnb …"))
    url = models.URLField(_("calendar address (iCal)"), max_length=1000)
    is_active = models.BooleanField(_("in use"), default=True)
    fetched_at = models.DateTimeField(_("last read at"), null=True, blank=True)
    last_error = models.CharField(_("last problem"), max_length=300, blank=True)
    nights_count = models.PositiveIntegerField(_("nights blocked"), default=0)

    class Meta:
        verbose_name = _("other channel's calendar")
        verbose_name_plural = _("other channels' calendars")
        constraints = [
            models.UniqueConstraint(fields=["room_type", "url"], name="tourism_feed_unique")
        ]

    def __str__(self) -> str:
        return self.name


class FeedNight(models.Model):
    """A night a channel feed holds: the feed's last good reading, one row a night."""

    feed = models.ForeignKey(ChannelFeed, on_delete=models.CASCADE, related_name="nights")
    date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feed", "date"], name="tourism_feed_night_unique")
        ]

    def __str__(self) -> str:
        return f"{self.feed_id} {self.date}"

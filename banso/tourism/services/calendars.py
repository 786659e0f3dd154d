"""Room calendars shared with other channels (Booking.com, Airbnb, the host's calendar app).

**Import.** A host adds a channel's iCalendar address to a room type (``feed_add``). The worker
reads each feed again every ``TOURISM_FEED_REFRESH_SECONDS`` (``feeds_refresh_due`` queues
``feed_refresh_task``); a reading replaces the feed's nights (``FeedNight``) and sets each
affected night's ``RoomNight.blocked`` to the number of the room type's feeds that hold it, in
one transaction. A feed that cannot be fetched or read (``FeedError``) changes no night: it
keeps blocking what its last good reading held, and says why in ``last_error`` for the host.

**Export.** ``room_type_calendar`` gives the nights other channels must not sell: those where
our bookings and the host's closures leave no room of the type free. Nights blocked by other
channels' feeds are left out, so two channels reading each other never echo a booking back and
forth.
"""

import datetime
import logging
import urllib.error
import urllib.request
from http.client import HTTPException

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.tourism.ical import MAX_FEED_BYTES, FeedError, Stay, calendar_for_nights, feed_nights
from banso.tourism.models import ChannelFeed, FeedNight, RoomNight, RoomType
from banso.tourism.services.inventory import night_rows_ensure

logger = logging.getLogger(__name__)
USER_AGENT = "BanSo-calendar/1.0"


@transaction.atomic
def feed_add(*, room_type: RoomType, name: str, url: str) -> ChannelFeed:
    """Add another channel's calendar to ``room_type``; its nights are blocked from the first
    reading on, which is queued after the commit."""
    feed = ChannelFeed(room_type=room_type, name=name.strip(), url=url.strip())
    feed.full_clean()
    feed.save()
    transaction.on_commit(lambda: _refresh_enqueue(feed.pk))
    return feed


@transaction.atomic
def feed_remove(*, feed: ChannelFeed) -> None:
    """Stop using a channel's calendar: the nights only it held are free again."""
    dates = list(feed.nights.values_list("date", flat=True))
    room_type = feed.room_type
    feed.delete()
    _blocked_recount(room_type, set(dates))


def _refresh_enqueue(feed_pk: int) -> None:
    from banso.tourism.tasks import feed_refresh_task

    feed_refresh_task.enqueue(feed_pk=feed_pk)


def feed_fetch(url: str, *, timeout: float = 20, max_bytes: int = MAX_FEED_BYTES) -> bytes:
    """The feed's bytes over HTTP(S), or ``FeedError`` saying why not (in the person's
    language): an address that answers an error, a timeout, a body past ``max_bytes``."""
    if not url.lower().startswith(("https://", "http://")):
        raise FeedError(_("The calendar address must start with https://."), code="scheme")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        raise FeedError(
            _("The channel answered with an error (HTTP %(status)s).") % {"status": error.code},
            code="http",
        ) from error
    except (urllib.error.URLError, HTTPException, OSError) as error:
        raise FeedError(
            _("The channel's calendar could not be reached: check the address."), code="network"
        ) from error
    if len(data) > max_bytes:
        raise FeedError(_("The channel's calendar is too large to read."), code="too_large")
    return data


def _blocked_recount(room_type: RoomType, dates: set[datetime.date]) -> None:
    """Set ``blocked`` on ``dates`` to how many active feeds of ``room_type`` hold each night."""
    if not dates:
        return
    ordered = sorted(dates)
    night_rows_ensure(room_type, ordered)
    counts = dict(
        FeedNight.objects.filter(feed__room_type=room_type, feed__is_active=True, date__in=ordered)
        .values_list("date")
        .annotate(feeds=Count("id"))
    )
    nights = list(
        RoomNight.objects.select_for_update()
        .filter(room_type=room_type, date__in=ordered)
        .order_by("date")
    )
    for night in nights:
        night.blocked = min(counts.get(night.date, 0), 32767)
    RoomNight.objects.bulk_update(nights, ["blocked"], batch_size=500)


@transaction.atomic
def feed_nights_store(*, feed: ChannelFeed, nights: set[datetime.date]) -> ChannelFeed:
    """Replace what ``feed`` blocks by ``nights`` (from today on; past nights are history)."""
    feed = (
        ChannelFeed.objects.select_for_update(of=("self",))
        .select_related("room_type")
        .get(pk=feed.pk)
    )
    today = timezone.localdate()
    nights = {night for night in nights if night >= today}
    before = set(feed.nights.filter(date__gte=today).values_list("date", flat=True))
    if before - nights:
        feed.nights.filter(date__in=sorted(before - nights)).delete()
    FeedNight.objects.bulk_create(
        [FeedNight(feed=feed, date=night) for night in sorted(nights - before)],
        ignore_conflicts=True,
    )
    _blocked_recount(feed.room_type, before ^ nights)
    feed.fetched_at = timezone.now()
    feed.last_error = ""
    feed.nights_count = len(nights)
    feed.save(update_fields=["fetched_at", "last_error", "nights_count", "updated_at"])
    return feed


def feed_refresh(*, feed: ChannelFeed) -> ChannelFeed:
    """Read ``feed`` again and block its nights; a feed that cannot be read blocks what it
    blocked before and keeps the reason in ``last_error``."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.TOURISM_BOOKING_HORIZON_DAYS)
    lodging = feed.room_type.lodging
    try:
        data = feed_fetch(feed.url)
        nights = feed_nights(
            data,
            start=today,
            end=horizon,
            check_in=lodging.check_in_from,
            check_out=lodging.check_out_until,
        )
    except FeedError as error:
        logger.info("calendar feed %s not read: %s", feed.pk, error)
        ChannelFeed.objects.filter(pk=feed.pk).update(
            fetched_at=timezone.now(), last_error=str(error)[:300], updated_at=timezone.now()
        )
        feed.refresh_from_db()
        return feed
    return feed_nights_store(feed=feed, nights=nights)


def feeds_refresh_due() -> int:
    """Queue a reading of every active feed last read longer ago than
    ``settings.TOURISM_FEED_REFRESH_SECONDS``; the worker calls this on its clock."""
    every = settings.TOURISM_FEED_REFRESH_SECONDS
    if every <= 0:
        return 0
    due = timezone.now() - datetime.timedelta(seconds=every)
    stale = ChannelFeed.objects.filter(is_active=True).exclude(fetched_at__gte=due)
    queued = 0
    for feed_pk in stale.values_list("pk", flat=True):
        ChannelFeed.objects.filter(pk=feed_pk).update(fetched_at=timezone.now())
        _refresh_enqueue(feed_pk)
        queued += 1
    return queued


def room_type_calendar(room_type: RoomType, *, name: str, uid_domain: str) -> bytes:
    """The room type's iCalendar export: runs of nights with no room left for other channels
    (booked or closed here), from a month ago on."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    full = list(
        RoomNight.objects.filter(
            room_type=room_type, date__gte=since, capacity__lte=F("booked") + F("closed")
        )
        .order_by("date")
        .values_list("date", flat=True)
    )
    stamp = room_type.bookings.aggregate(last=Max("updated_at"))["last"] or room_type.updated_at
    runs: list[list[datetime.date]] = []
    for night in full:
        if runs and runs[-1][-1] + datetime.timedelta(days=1) == night:
            runs[-1].append(night)
        else:
            runs.append([night])
    stays = [
        Stay(
            uid=f"room{room_type.pk}-{run[0].isoformat()}",
            check_in=run[0],
            check_out=run[-1] + datetime.timedelta(days=1),
            summary=_("Not available"),
            created_at=stamp,
            updated_at=stamp,
        )
        for run in runs
    ]
    return calendar_for_nights(
        name=name, product_id="-//Bản Số//Tourism calendar//VI", uid_domain=uid_domain, stays=stays
    )

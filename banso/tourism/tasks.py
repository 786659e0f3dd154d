"""Background work of tourism (django-tasks, run by ``manage.py db_worker``)."""

from django_tasks import task

from banso.tourism.models import ChannelFeed
from banso.tourism.services.calendars import feed_refresh


@task()
def feed_refresh_task(*, feed_pk: int) -> dict:
    """Read one channel's calendar again (``feed_refresh``); a feed removed meanwhile is done."""
    feed = ChannelFeed.objects.select_related("room_type__lodging").filter(pk=feed_pk).first()
    if feed is None or not feed.is_active:
        return {"nights": 0}
    feed = feed_refresh(feed=feed)
    return {"nights": feed.nights_count, "error": feed.last_error}

"""A regeneration asked from the feeds page, or due on the worker's clock, runs in the real task
worker and leaves the files."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from lxml import etree

from banso.jobs.models import ProgressStatus, TaskProgress
from banso.market.feeds import FORMATS
from banso.market.models import FeedFile, Listing
from banso.market.services.feeds import (
    REFRESH_LOCK_KEY,
    feeds_refresh_due,
    feeds_regenerate,
    feeds_regenerate_request,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_worker_regenerates_the_shop_feeds(run_worker, coop_member, listing):
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    progress = feeds_regenerate_request(actor=coop_member, shop=listing.shop)
    run_worker()
    progress = TaskProgress.objects.get(pk=progress.pk)
    assert progress.status == ProgressStatus.DONE and progress.percent == 100
    feeds = FeedFile.objects.filter(shop=listing.shop)
    assert sorted(feed.kind for feed in feeds) == sorted(FORMATS)
    xml = feeds.get(kind="google_xml")
    assert xml.listing_count == 2
    with xml.file.open("rb") as handle:
        items = etree.fromstring(handle.read()).findall("./channel/item")
    assert len(items) == 2
    assert not FeedFile.objects.filter(shop__isnull=True).exists()


def _queued() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path__endswith="feeds_regenerate_task").count()


def test_the_worker_s_clock_makes_the_first_feeds_once_a_shop_pushes(run_worker, settings, listing):
    settings.MARKET_FEED_REFRESH_SECONDS = 3600
    assert feeds_refresh_due() is False  # nothing pushed yet: nothing to make
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    assert feeds_refresh_due() is True
    assert feeds_refresh_due() is False  # queued once, not at every look
    assert _queued() == 1
    run_worker()
    assert sorted(f.kind for f in FeedFile.objects.filter(shop__isnull=True)) == sorted(FORMATS)
    assert FeedFile.objects.filter(shop=listing.shop).count() == len(FORMATS)


def test_old_feeds_are_made_again_and_fresh_ones_are_left(run_worker, settings, listing):
    settings.MARKET_FEED_REFRESH_SECONDS = 3600
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    feeds_regenerate()
    assert feeds_refresh_due() is False
    made = {feed.pk: feed.generated_at for feed in FeedFile.objects.all()}
    FeedFile.objects.update(generated_at=timezone.now() - datetime.timedelta(hours=2))
    assert feeds_refresh_due() is True
    run_worker()
    remade = {feed.pk: feed.generated_at for feed in FeedFile.objects.all()}
    assert remade.keys() == made.keys()
    assert all(remade[pk] >= made[pk] for pk in made)


def test_a_refresh_that_never_finished_is_queued_again_once_the_lock_lapses(settings, listing):
    settings.MARKET_FEED_REFRESH_SECONDS = 6 * 3600
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    assert feeds_refresh_due() is True
    assert feeds_refresh_due() is False  # queued, and no worker has made the files yet
    cache.delete(REFRESH_LOCK_KEY)  # the lock lapsed: the task failed or was lost
    assert feeds_refresh_due() is True
    assert _queued() == 2


def test_a_refresh_interval_of_zero_leaves_feeds_to_the_button(settings, listing):
    settings.MARKET_FEED_REFRESH_SECONDS = 0
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    assert feeds_refresh_due() is False
    assert _queued() == 0

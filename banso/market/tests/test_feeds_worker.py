"""A regeneration asked from the feeds page runs in the real task worker and leaves the files."""

import pytest
from lxml import etree

from banso.jobs.models import ProgressStatus, TaskProgress
from banso.market.feeds import FORMATS
from banso.market.models import FeedFile, Listing
from banso.market.services.feeds import feeds_regenerate_request


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

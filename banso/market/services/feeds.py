"""Writes for the feeds to national marketplaces: which listings a shop pushes, the category
mappings, and the regeneration of the feed files.

A feed file is written to a temporary file first, then stored under a new name, and only then
does its ``FeedFile`` row point at it (the old file is deleted once that commits). Marketplaces
fetching the public URL during a regeneration get the old file, whole; a run that fails midway
leaves the old file and its row as they were.
"""

import datetime
import logging
import secrets
import tempfile
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Min
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banso.jobs.models import TaskProgress
from banso.jobs.services import (
    progress_create,
    progress_enqueue,
    progress_fail,
    progress_finish,
    progress_update,
)
from banso.market.feeds import FORMATS
from banso.market.feeds.categories import DEFAULTS
from banso.market.models import CategoryMapping, FeedFile, Listing, Marketplace, Shop
from banso.market.selectors.feeds import (
    category_mapping_table,
    feed_item_iter,
    shops_with_pushed_listings,
)
from banso.trace.models import ProductCategory

logger = logging.getLogger(__name__)


# --- which listings a shop pushes -----------------------------------------------------------


def listing_feed_choose(*, actor, shop: Shop, listing_ids: set[int]) -> int:
    """Push exactly ``listing_ids`` of ``shop`` to the feeds and stop pushing its others.

    Only ``push_to_feeds`` changes, in two bulk updates; the summary and search text of a
    listing do not depend on it. Every listing whose choice changes is checked against the
    actor's ``market.change_listing``. Returns how many listings changed.
    """
    listings = list(
        Listing.objects.filter(shop=shop)
        .select_related("shop__organisation")
        .only("pk", "push_to_feeds", "shop__organisation")
    )
    unknown = set(listing_ids) - {listing.pk for listing in listings}
    if unknown:
        raise ValidationError(
            _("These products are not in the shop: %(ids)s")
            % {"ids": ", ".join(str(pk) for pk in sorted(unknown))},
            code="unknown_listing",
        )
    changing = [
        listing for listing in listings if listing.push_to_feeds != (listing.pk in listing_ids)
    ]
    for listing in changing:
        if not actor.has_perm("market.change_listing", listing):
            raise PermissionDenied
    to_push = [listing.pk for listing in changing if listing.pk in listing_ids]
    to_stop = [listing.pk for listing in changing if listing.pk not in listing_ids]
    with transaction.atomic():
        if to_push:
            Listing.objects.filter(pk__in=to_push).update(push_to_feeds=True)
        if to_stop:
            Listing.objects.filter(pk__in=to_stop).update(push_to_feeds=False)
    return len(changing)


# --- category mappings ----------------------------------------------------------------------


def feed_categories_default(*, replace: bool = False) -> int:
    """Create the default mappings (see ``feeds.categories``). Officers' edits are kept unless
    ``replace``. Returns how many mappings were created or replaced."""
    written = 0
    for marketplace, table in DEFAULTS.items():
        for category, (external_id, external_name) in table.items():
            values = {"external_id": external_id, "external_name": external_name}
            if replace:
                _mapping, created = CategoryMapping.objects.update_or_create(
                    marketplace=marketplace, category=category, defaults=values
                )
                written += 1
            else:
                _mapping, created = CategoryMapping.objects.get_or_create(
                    marketplace=marketplace, category=category, defaults=values
                )
                written += int(created)
    return written


@transaction.atomic
def category_mappings_save(*, actor, rows: Iterable[dict]) -> int:
    """Save the officers' mapping table: each row names a marketplace, our category, and their
    category id and name; a row without an id removes that mapping. Returns the rows changed."""
    if not actor.has_perm("market.change_categorymapping"):
        raise PermissionDenied
    changed = 0
    existing = {(m.marketplace, m.category): m for m in CategoryMapping.objects.all()}
    for row in rows:
        key = (row["marketplace"], row["category"])
        if row["marketplace"] not in Marketplace.values or row["category"] not in (
            ProductCategory.values
        ):
            raise ValidationError(_("Unknown marketplace or category."), code="unknown")
        external_id = (row.get("external_id") or "").strip()
        external_name = (row.get("external_name") or "").strip()
        mapping = existing.get(key)
        if not external_id:
            if mapping is not None:
                mapping.delete()
                changed += 1
            continue
        if mapping is None:
            mapping = CategoryMapping(marketplace=key[0], category=key[1])
        elif (mapping.external_id, mapping.external_name) == (external_id, external_name):
            continue
        mapping.external_id = external_id
        mapping.external_name = external_name
        mapping.full_clean()
        mapping.save()
        changed += 1
    return changed


# --- feed files -----------------------------------------------------------------------------


def _site_link() -> str:
    try:
        return f"{settings.SITE_URL}{reverse('market:home')}"
    except NoReverseMatch:
        return f"{settings.SITE_URL}/market/"


def feed_file_url(feed: FeedFile) -> str:
    """The stable public address of a feed, which marketplaces are given once."""
    filename = FORMATS[feed.kind].filename
    if feed.shop is None:
        return reverse("market:feed-file", kwargs={"filename": filename})
    return reverse("market:shop-feed-file", kwargs={"slug": feed.shop.slug, "filename": filename})


def feed_generate(*, kind: str, shop: Shop | None = None) -> FeedFile:
    """Write one feed (the province's, or ``shop``'s) and make it the current file."""
    feed_format = FORMATS[kind]
    categories = category_mapping_table(feed_format.marketplace)
    storage = FeedFile._meta.get_field("file").storage
    scope = f"s/{shop.slug}" if shop else "province"
    stem, extension = feed_format.filename.rsplit(".", 1)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = f"market/feeds/{scope}/{stem}-{stamp}-{secrets.token_hex(4)}.{extension}"
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Provincial marketplace")
        if shop:
            title = f"{shop.name} · {title}"
        with tempfile.TemporaryFile() as scratch:
            count = feed_format.write(
                feed_item_iter(shop=shop),
                scratch,
                categories=categories,
                title=title,
                link=_site_link(),
            )
            scratch.seek(0)
            saved = storage.save(name, File(scratch, name=name))
    try:
        with transaction.atomic():
            feed, _created = FeedFile.objects.select_for_update().get_or_create(
                kind=kind, shop=shop
            )
            old = feed.file.name
            feed.file.name = saved
            feed.listing_count = count
            feed.generated_at = timezone.now()
            feed.full_clean()
            feed.save()
            if old and old != saved:
                transaction.on_commit(lambda: storage.delete(old))
    except Exception:
        storage.delete(saved)
        raise
    return feed


def _targets(shop_id: int | None) -> list[Shop | None]:
    if shop_id is not None:
        return [Shop.objects.get(pk=shop_id)]
    shops = {shop.pk: shop for shop in shops_with_pushed_listings()}
    for shop in Shop.objects.filter(feeds__isnull=False).distinct():
        shops.setdefault(shop.pk, shop)
    return [None, *sorted(shops.values(), key=lambda shop: shop.name_sort)]


def feeds_regenerate(*, shop_id: int | None = None, progress_id: int | None = None) -> int:
    """Regenerate every feed: the province's and each pushing shop's, or only ``shop_id``'s.

    Safe to run again: each file is replaced whole. Returns the number of files written.
    """
    targets = _targets(shop_id)
    total = len(targets) * len(FORMATS)
    done = 0
    try:
        for shop in targets:
            for kind in FORMATS:
                feed_generate(kind=kind, shop=shop)
                done += 1
                if progress_id:
                    progress_update(
                        progress_id=progress_id,
                        percent=done * 100 // total,
                        message=_("%(done)s of %(total)s files") % {"done": done, "total": total},
                    )
    except Exception as error:
        logger.exception("feed regeneration failed")
        if progress_id:
            progress_fail(
                progress_id=progress_id,
                message=_("The feeds could not be made: %(error)s") % {"error": error},
            )
        raise
    if progress_id:
        progress_finish(
            progress_id=progress_id,
            message=_("%(count)s feed files are up to date.") % {"count": done},
            result_url=reverse("market:feeds"),
        )
    return done


def feeds_regenerate_request(*, actor, shop: Shop | None = None) -> TaskProgress:
    """Queue a regeneration: the province's feeds by its officers, a shop's by whoever manages
    the shop. The task is enqueued once the transaction commits."""
    if shop is None:
        allowed = actor.has_perm("market.change_categorymapping")
    else:
        allowed = actor.has_perm("market.change_shop", shop)
    if not allowed:
        raise PermissionDenied
    from banso.market.tasks import feeds_regenerate_task

    title = _("Feeds to national marketplaces")
    if shop is not None:
        title = f"{title} · {shop.name}"
    progress = progress_create(title=title[:200], owner=actor)
    progress_enqueue(
        progress=progress, task=feeds_regenerate_task, shop_id=shop.pk if shop else None
    )
    return progress


# The lock that keeps several workers from queuing the same refresh while one runs (across
# servers when the cache is shared, i.e. Redis). It lapses after an hour at most, so a refresh
# that failed or was lost with its worker is queued again.
REFRESH_LOCK_KEY = "market:feeds:refresh"
REFRESH_LOCK_SECONDS = 3600


def feeds_refresh_due() -> bool:
    """Queue a regeneration of every feed when the province's files are older than
    ``settings.MARKET_FEED_REFRESH_SECONDS`` (or missing while some shop pushes listings), so
    that prices and stock in the national marketplaces follow ours without anyone pressing
    "Regenerate". The worker calls this on its clock (``MarketConfig.ready()``); returns whether
    a regeneration was queued."""
    every = settings.MARKET_FEED_REFRESH_SECONDS
    if every <= 0:
        return False
    generated = FeedFile.objects.filter(shop__isnull=True).aggregate(oldest=Min("generated_at"))
    oldest = generated["oldest"]
    if oldest is None:
        if not Listing.objects.filter(push_to_feeds=True).exists():
            return False
    elif timezone.now() - oldest < datetime.timedelta(seconds=every):
        return False
    if not cache.add(REFRESH_LOCK_KEY, True, timeout=min(every, REFRESH_LOCK_SECONDS)):
        return False
    from banso.market.tasks import feeds_regenerate_task

    try:
        feeds_regenerate_task.enqueue()
    except Exception:
        cache.delete(REFRESH_LOCK_KEY)  # nothing was queued: the next look may try again
        raise
    return True

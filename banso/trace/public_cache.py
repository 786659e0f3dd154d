"""The public trace pages' cache: one rendered page per (lot, language) for anonymous visitors.

A scan is the most frequent request of the platform, and a lot's page changes only when an event
or a photo arrives for it, so the rendered page is kept for a short while and forgotten after
the transaction that adds an event, an identifier or a photo of the lot commits. Events stored
in bulk (``bulk_create`` sends no signal) show within ``PAGE_CACHE_SECONDS``; code that stores
them in bulk may call :func:`lot_pages_forget` itself.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from banso.common.page_cache import PAGE_CACHE_SECONDS as FLOOR_PAGE_CACHE_SECONDS
from banso.trace.models import EventEpc, EventEvidence, Lot, Product, TraceEvent

# As long as the floor keeps any shared page.
PAGE_CACHE_SECONDS = FLOOR_PAGE_CACHE_SECONDS


def page_cache_key(*, gtin: str, code: str | None, language: str) -> str:
    return f"trace:page:{gtin}:{code or ''}:{language}"


def lot_pages_forget(lot_ids: Iterable[int | None]) -> None:
    """Forget the cached pages of these lots and of their products, in every language."""
    ids = {lot_id for lot_id in lot_ids if lot_id is not None}
    if not ids:
        return
    keys = []
    for gtin, code in Lot.objects.filter(pk__in=ids).values_list("product__gtin", "code"):
        for language, _name in settings.LANGUAGES:
            keys.append(page_cache_key(gtin=gtin, code=code, language=language))
            keys.append(page_cache_key(gtin=gtin, code=None, language=language))
    cache.delete_many(keys)


def product_pages_forget(product_id: int) -> None:
    """Forget the cached pages of a product and of all its lots, in every language (its name
    or description shows on each of them)."""
    gtin = Product.objects.filter(pk=product_id).values_list("gtin", flat=True).first()
    if gtin is None:
        return
    keys = [
        page_cache_key(gtin=gtin, code=code, language=language)
        for code in [
            None,
            *Lot.objects.filter(product_id=product_id).values_list("code", flat=True),
        ]
        for language, _name in settings.LANGUAGES
    ]
    cache.delete_many(keys)


def _forget_after_commit(*lot_ids: int | None) -> None:
    transaction.on_commit(lambda: lot_pages_forget(lot_ids))


@receiver(post_save, sender=TraceEvent, dispatch_uid="trace_page_cache_event")
def _event_saved(sender, instance: TraceEvent, created: bool, **kwargs) -> None:
    if created and instance.lot_id:
        _forget_after_commit(instance.lot_id)


@receiver(post_save, sender=EventEpc, dispatch_uid="trace_page_cache_epc")
def _event_epc_saved(sender, instance: EventEpc, created: bool, **kwargs) -> None:
    if created and instance.lot_id:
        _forget_after_commit(instance.lot_id)


@receiver(post_save, sender=EventEvidence, dispatch_uid="trace_page_cache_evidence")
def _evidence_saved(sender, instance: EventEvidence, created: bool, **kwargs) -> None:
    if created:
        lot_id = TraceEvent.objects.filter(pk=instance.event_id).values_list("lot_id", flat=True)
        _forget_after_commit(lot_id.first())

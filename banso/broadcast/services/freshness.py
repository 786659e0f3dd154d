"""Raising the communes' schedule numbers (see ``selectors.freshness``): called by every
service whose write changes what a commune's speakers play, inside its transaction."""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from banso.broadcast.models import ScheduleVersion
from banso.broadcast.selectors.freshness import (
    BULLETIN_MOMENTS_KEY,
    EMERGENCY_MOMENTS_KEY,
    emergency_version_key,
    schedule_version_key,
)
from banso.broadcast.services.mqtt import mqtt_schedule_changed


def schedule_changed(*, commune_ids: Iterable[int], emergency: bool = False) -> None:
    """What the speakers of ``commune_ids`` play changed (and their emergencies, when
    ``emergency``): raise their numbers now, and forget the cached copies now (for the rest
    of this transaction) and again after commit (a poll meanwhile may have read the numbers
    of before)."""
    ids = set(commune_ids)
    if not ids:
        return
    ScheduleVersion.objects.bulk_create(
        [ScheduleVersion(commune_id=commune_id) for commune_id in ids], ignore_conflicts=True
    )
    changes = {"number": F("number") + 1}
    if emergency:
        changes["emergency_number"] = F("emergency_number") + 1
    ScheduleVersion.objects.filter(commune_id__in=ids).update(**changes)
    keys = [schedule_version_key(i) for i in ids] + [BULLETIN_MOMENTS_KEY]
    if emergency:
        keys += [emergency_version_key(i) for i in ids] + [EMERGENCY_MOMENTS_KEY]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
    mqtt_schedule_changed(commune_ids=ids, emergency=emergency)

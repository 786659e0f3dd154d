"""The emergencies that reach each of some communes, read at once for all of them (a province
bulletin reaches every commune of the province: one read, not one per commune)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    BulletinVersion,
    Priority,
    VersionStatus,
)
from banso.places.models import AdministrativeUnit


@dataclass(frozen=True)
class CommuneEmergency:
    id: int
    title: str
    priority: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def emergencies_by_commune(
    commune_ids: Iterable[int], *, now: datetime.datetime
) -> dict[int, list[CommuneEmergency]]:
    """For each commune, the approved emergencies with audio to play that reach any part of it
    and have not ended at ``now`` (those whose validity starts later too), earliest first. A
    commune that none reaches maps to an empty list."""
    ids = set(commune_ids)
    found: dict[int, list[CommuneEmergency]] = {commune_id: [] for commune_id in ids}
    playable = BulletinVersion.objects.filter(
        bulletin=OuterRef("pk"),
        status=VersionStatus.READY,
        approved_at__isnull=False,
        removed_at__isnull=True,
    )
    rows = list(
        Bulletin.objects.filter(
            Exists(playable),
            state=BulletinState.APPROVED,
            priority=Priority.EMERGENCY,
            valid_until__gt=now,
        ).values_list(
            "pk",
            "title",
            "priority",
            "valid_from",
            "valid_until",
            "decided_at",
            "is_province_wide",
            "province_id",
        )
    )
    if not rows or not ids:
        return found
    bulletin_ids = [row[0] for row in rows]
    reached: dict[int, set[int]] = {pk: set() for pk in bulletin_ids}
    for bulletin_id, commune_id in Bulletin.target_communes.through.objects.filter(
        bulletin_id__in=bulletin_ids, administrativeunit_id__in=ids
    ).values_list("bulletin_id", "administrativeunit_id"):
        reached[bulletin_id].add(commune_id)
    for bulletin_id, commune_id in Bulletin.target_villages.through.objects.filter(
        bulletin_id__in=bulletin_ids, village__commune_id__in=ids
    ).values_list("bulletin_id", "village__commune_id"):
        reached[bulletin_id].add(commune_id)
    for bulletin_id, commune_id in Bulletin.target_groups.through.objects.filter(
        bulletin_id__in=bulletin_ids, speakergroup__commune_id__in=ids
    ).values_list("bulletin_id", "speakergroup__commune_id"):
        reached[bulletin_id].add(commune_id)
    provinces = dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
    for pk, title, priority, valid_from, valid_until, decided_at, wide, province_id in rows:
        communes = reached[pk]
        if wide:
            communes |= {c for c, parent in provinces.items() if parent == province_id}
        emergency = CommuneEmergency(
            id=pk,
            title=title,
            priority=priority,
            starts_at=max(decided_at or valid_from, valid_from),
            ends_at=valid_until,
        )
        for commune_id in communes:
            found[commune_id].append(emergency)
    for emergencies in found.values():
        emergencies.sort(key=lambda emergency: (emergency.starts_at, emergency.id))
    return found

"""Reads of bulletins, scoped to the person: one selector decides who sees which bulletin.

A person sees the bulletins written by the units their broadcast or officer roles cover, and
those that target a commune they cover (the province's bulletins reach the communes, whose
people place them in their programmes and record them in their languages).
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from banso.broadcast.models import (
    Bulletin,
    BulletinChange,
    BulletinVersion,
    Speaker,
    SpeakerGroup,
)
from banso.broadcast.selectors.roles import broadcast_scope_for_user, province_path_of
from banso.places.models import AdministrativeUnit, Village


def _reach_q(*, unit_paths: tuple[str, ...]) -> Q:
    """Bulletins that target something under one of ``unit_paths``: the whole province of
    one of them, a commune, a village or a group under one of them."""
    if not unit_paths:
        return Q(pk__in=[])
    provinces = {province_path_of(path) for path in unit_paths}
    under = Q(pk__in=[])
    for prefix in unit_paths:
        under |= Q(path__startswith=prefix)
    communes = AdministrativeUnit.objects.filter(under).values("pk")
    through_communes = Bulletin.target_communes.through.objects.filter(
        administrativeunit__in=communes
    ).values("bulletin_id")
    through_villages = Bulletin.target_villages.through.objects.filter(
        village__commune__in=communes
    ).values("bulletin_id")
    through_groups = Bulletin.target_groups.through.objects.filter(
        speakergroup__commune__in=communes
    ).values("bulletin_id")
    return (
        Q(is_province_wide=True, province__path__in=provinces)
        | Q(pk__in=through_communes)
        | Q(pk__in=through_villages)
        | Q(pk__in=through_groups)
    )


def bulletins_for_user(user) -> QuerySet[Bulletin]:
    """Every bulletin ``user`` may read."""
    bulletins = Bulletin.objects.select_related("source_unit", "province", "created_by")
    if getattr(user, "is_superuser", False):
        return bulletins
    scope = broadcast_scope_for_user(user)
    if scope.is_empty:
        return bulletins.none()
    return bulletins.filter(
        scope.unit_q("source_unit__path") | _reach_q(unit_paths=scope.unit_paths)
    )


def bulletin_for_user(user, pk: int) -> Bulletin | None:
    return (
        bulletins_for_user(user)
        .prefetch_related("target_communes", "target_villages__commune", "target_groups")
        .filter(pk=pk)
        .first()
    )


def bulletin_versions(bulletin: Bulletin, *, removed: bool = False) -> list[BulletinVersion]:
    """The bulletin's audio versions in play order (with the removed ones when asked)."""
    versions = BulletinVersion.objects.filter(bulletin=bulletin).select_related("progress")
    if not removed:
        versions = versions.filter(removed_at__isnull=True)
    return list(versions.order_by("position", "pk"))


def bulletin_history(bulletin: Bulletin) -> list[BulletinChange]:
    return list(
        BulletinChange.objects.filter(bulletin=bulletin)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def bulletin_commune_ids(bulletin: Bulletin) -> set[int]:
    """The communes whose speakers a bulletin may reach: those it targets, those of its
    villages and groups, and for the whole province every commune of the province that has
    speakers."""
    ids = set(bulletin.target_communes.values_list("pk", flat=True))
    ids |= set(bulletin.target_villages.values_list("commune_id", flat=True))
    ids |= set(bulletin.target_groups.values_list("commune_id", flat=True))
    if bulletin.is_province_wide:
        ids |= set(
            Speaker.objects.filter(commune__parent_id=bulletin.province_id)
            .values_list("commune_id", flat=True)
            .distinct()
        )
    return ids


def bulletin_targets_text(bulletin: Bulletin) -> list[str]:
    """The bulletin's targets as people read them (prefetched by :func:`bulletin_for_user`)."""
    names: list[str] = []
    if bulletin.is_province_wide:
        names.append(bulletin.province.name)
    names += [unit.name for unit in bulletin.target_communes.all()]
    names += [f"{village} ({village.commune.name})" for village in bulletin.target_villages.all()]
    names += [group.name for group in bulletin.target_groups.all()]
    return names


def target_choices(unit: AdministrativeUnit) -> dict[str, QuerySet]:
    """What a bulletin written by ``unit`` may target: for a commune, the commune itself, its
    villages and speaker groups; for the province, its communes, their villages and groups."""
    if unit.level == "province":
        communes = AdministrativeUnit.objects.filter(
            parent=unit, is_current=True, level="commune"
        ).order_by("name_sort")
    else:
        communes = AdministrativeUnit.objects.filter(pk=unit.pk)
    return {
        "communes": communes,
        "villages": Village.objects.filter(commune__in=communes)
        .select_related("commune")
        .order_by("commune__name_sort", "name_sort"),
        "groups": SpeakerGroup.objects.filter(commune__in=communes)
        .select_related("commune")
        .order_by("commune__name_sort", "name"),
    }


def bulletins_to_place(commune: AdministrativeUnit) -> QuerySet[Bulletin]:
    """Approved normal bulletins that reach ``commune`` and are still valid: what the commune
    may place in its slots."""
    return (
        Bulletin.objects.filter(_reach_q(unit_paths=(commune.path,)))
        .filter(state="approved", priority="normal", valid_until__gt=timezone.now())
        .order_by("valid_from", "pk")
    )


def bulletin_with_versions(pk: int) -> Bulletin | None:
    """A bulletin with its live versions prefetched (for the tasks and services)."""
    return (
        Bulletin.objects.select_related("source_unit", "province")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=BulletinVersion.objects.filter(removed_at__isnull=True).order_by(
                    "position", "pk"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def bulletin_ids_reaching(speaker: Speaker, bulletin_ids: set[int]) -> set[int]:
    """Those of ``bulletin_ids`` whose targets reach ``speaker`` (its commune, village and
    groups; ``speaker.group_ids`` when the caller read them, else its groups)."""
    if not bulletin_ids:
        return set()
    group_ids = getattr(speaker, "group_ids", None)
    if group_ids is None:
        group_ids = set(speaker.groups.values_list("pk", flat=True))
    through = Bulletin.target_communes.through.objects.filter(
        administrativeunit_id=speaker.commune_id
    )
    reach = Q(is_province_wide=True, province_id=speaker.commune.parent_id) | Q(
        pk__in=through.values("bulletin_id")
    )
    if speaker.village_id:
        villages = Bulletin.target_villages.through.objects.filter(village_id=speaker.village_id)
        reach |= Q(pk__in=villages.values("bulletin_id"))
    if group_ids:
        groups = Bulletin.target_groups.through.objects.filter(speakergroup_id__in=group_ids)
        reach |= Q(pk__in=groups.values("bulletin_id"))
    return set(Bulletin.objects.filter(reach, pk__in=bulletin_ids).values_list("pk", flat=True))

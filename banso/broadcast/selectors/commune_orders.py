"""The order of a bulletin's versions on one commune's speakers (``CommuneVersionOrder``), and
the communes whose order a person may set for a bulletin."""

from banso.broadcast.models import Bulletin, BulletinVersion, CommuneVersionOrder
from banso.broadcast.selectors.bulletins import bulletin_commune_ids, bulletin_versions
from banso.broadcast.selectors.roles import editor_unit_ids
from banso.places.models import AdministrativeUnit


def version_ids_in_order(version_ids: list[int], order: list[int] | None) -> list[int]:
    """``version_ids`` (in the bulletin's order) rearranged by a commune's ``order``: those it
    names first, in its order, then the others in the bulletin's."""
    if not order:
        return list(version_ids)
    rank = {pk: index for index, pk in enumerate(order)}
    return sorted(version_ids, key=lambda pk: rank.get(pk, len(rank)))


def commune_versions_order(bulletin: Bulletin, commune: AdministrativeUnit) -> list[int] | None:
    """The commune's order of the bulletin's versions (version ids), or None when it set
    none."""
    row = CommuneVersionOrder.objects.filter(bulletin=bulletin, commune=commune).first()
    return list(row.version_ids) if row else None


def commune_bulletin_versions(
    bulletin: Bulletin, commune: AdministrativeUnit
) -> list[BulletinVersion]:
    """The bulletin's live versions in the order they play on the commune's speakers."""
    versions = {version.pk: version for version in bulletin_versions(bulletin)}
    order = commune_versions_order(bulletin, commune)
    return [versions[pk] for pk in version_ids_in_order(list(versions), order)]


def bulletin_reaches_commune(bulletin: Bulletin, commune: AdministrativeUnit) -> bool:
    if bulletin.is_province_wide and commune.parent_id == bulletin.province_id:
        return True
    return commune.pk in bulletin_commune_ids(bulletin)


def version_order_communes(user, bulletin: Bulletin) -> list[AdministrativeUnit]:
    """The communes, other than the bulletin's own, that it reaches and whose editor ``user``
    is: where the person may set the order its versions play in."""
    if bulletin.source_unit.level != "province":
        return []
    units = AdministrativeUnit.objects.filter(
        pk__in=editor_unit_ids(user), level="commune", parent_id=bulletin.province_id
    ).order_by("name_sort")
    return [unit for unit in units if bulletin_reaches_commune(bulletin, unit)]

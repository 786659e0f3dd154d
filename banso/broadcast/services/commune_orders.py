"""A commune's own order for the versions of a province bulletin that reaches it.

The province records a bulletin in Vietnamese and in the languages of the province; which one
a village hears first is the commune's to say (H'Mông first in Mường Khương). The commune's
editor lists the bulletin's live versions in the order they should play on the commune's
speakers; the playlist follows it there, and the bulletin's order everywhere else. The change
is kept in the bulletin's history and raises the commune's schedule number, so its speakers
fetch the new playlist at their next poll.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    BulletinVersion,
    ChangeAction,
    CommuneVersionOrder,
)
from banso.broadcast.selectors.commune_orders import (
    bulletin_reaches_commune,
    commune_versions_order,
    version_ids_in_order,
)
from banso.broadcast.services.freshness import schedule_changed
from banso.broadcast.services.history import bulletin_change_log
from banso.places.models import AdministrativeUnit


@transaction.atomic
def commune_versions_order_set(
    *, actor, bulletin: Bulletin, commune: AdministrativeUnit, version_ids: list[int]
) -> CommuneVersionOrder:
    """Set the order in which ``bulletin``'s versions play on ``commune``'s speakers:
    ``version_ids`` lists every live version once. Only for a bulletin of the province that
    reaches the commune (a commune's own bulletin has one order, the bulletin's)."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if not actor.has_perm("broadcast.order_commune_versions", commune):
        raise PermissionDenied(_("Only an editor of the commune orders what its speakers play."))
    if bulletin.source_unit_id == commune.pk or not bulletin_reaches_commune(bulletin, commune):
        raise ValidationError(
            _("A commune orders only the versions of a province bulletin that reaches it.")
        )
    live = list(
        BulletinVersion.objects.filter(bulletin=bulletin, removed_at__isnull=True)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    if sorted(version_ids) != sorted(live) or len(set(version_ids)) != len(version_ids):
        raise ValidationError(_("List each version of the bulletin once."))
    before = version_ids_in_order(live, commune_versions_order(bulletin, commune))
    order, _created = CommuneVersionOrder.objects.update_or_create(
        bulletin=bulletin,
        commune=commune,
        defaults={"version_ids": list(version_ids), "set_by": actor},
    )
    if before != list(version_ids):
        bulletin_change_log(
            bulletin=bulletin,
            actor=actor,
            action=ChangeAction.COMMUNE_ORDERED,
            state_before=bulletin.state,
            changes={"commune": commune.pk, "order": [before, list(version_ids)]},
            note=commune.name,
        )
        if bulletin.state == BulletinState.APPROVED:
            schedule_changed(commune_ids=[commune.pk], emergency=bulletin.is_emergency)
    return order

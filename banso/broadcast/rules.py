"""Who may do what with bulletins, speakers and programmes.

- A bulletin is written and changed by an editor of its source unit (the commune or province
  it speaks for): ``broadcast.add_bulletin`` (obj: the unit), ``broadcast.change_bulletin``.
- It is approved or sent back by an approver of that same unit who did not write it (four
  eyes); an emergency may also be approved by a duty approver of the unit alone, even one who
  wrote it: the services record that it was approved on duty.
- A recording in another language is added by an editor of the source unit or of a commune the
  bulletin targets (the commune that speaks H'Mông records it).
- A commune's speakers, groups and programme, and which normal bulletins play in its slots,
  are run by the broadcast people and officers whose grants cover the commune.
"""

import rules

from banso.accounts.models import PlaceRole
from banso.broadcast.models import Bulletin, Priority
from banso.broadcast.selectors.bulletins import bulletin_commune_ids
from banso.broadcast.selectors.roles import (
    broadcast_scope_for_user,
    editor_unit_ids,
    holds_role_on,
)


@rules.predicate
def is_unit_editor(user, unit) -> bool:
    return unit is not None and holds_role_on(user, PlaceRole.BROADCAST_EDITOR, unit.pk)


@rules.predicate
def is_source_editor(user, bulletin: Bulletin) -> bool:
    return bulletin is not None and holds_role_on(
        user, PlaceRole.BROADCAST_EDITOR, bulletin.source_unit_id
    )


@rules.predicate
def is_author(user, bulletin: Bulletin) -> bool:
    return bulletin is not None and bulletin.created_by_id == getattr(user, "pk", None)


@rules.predicate
def is_source_approver(user, bulletin: Bulletin) -> bool:
    return bulletin is not None and holds_role_on(
        user, PlaceRole.BROADCAST_APPROVER, bulletin.source_unit_id
    )


@rules.predicate
def is_duty_approver_of_emergency(user, bulletin: Bulletin) -> bool:
    return (
        bulletin is not None
        and bulletin.priority == Priority.EMERGENCY
        and holds_role_on(user, PlaceRole.BROADCAST_DUTY_APPROVER, bulletin.source_unit_id)
    )


@rules.predicate
def is_target_commune_editor(user, bulletin: Bulletin) -> bool:
    """An editor of a commune the bulletin reaches."""
    if bulletin is None:
        return False
    units = editor_unit_ids(user)
    return bool(units) and bool(units & bulletin_commune_ids(bulletin))


@rules.predicate
def covers_commune(user, commune) -> bool:
    return commune is not None and broadcast_scope_for_user(user).covers_unit(commune.path)


rules.add_perm("broadcast.add_bulletin", rules.is_superuser | is_unit_editor)
rules.add_perm("broadcast.change_bulletin", rules.is_superuser | is_source_editor)
rules.add_perm("broadcast.approve_bulletin", (rules.is_superuser | is_source_approver) & ~is_author)
rules.add_perm("broadcast.approve_bulletin_on_duty", is_duty_approver_of_emergency)
rules.add_perm(
    "broadcast.add_bulletinversion",
    rules.is_superuser | is_source_editor | is_target_commune_editor,
)
# The speakers, groups, programme and placements of a commune (obj: the commune).
rules.add_perm("broadcast.change_commune", rules.is_superuser | covers_commune)
# The order a province bulletin's versions play in on a commune's speakers (obj: the commune):
# the commune's own editors.
rules.add_perm("broadcast.order_commune_versions", rules.is_superuser | is_unit_editor)

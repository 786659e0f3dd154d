"""Bulletins from the first draft to the end of their life.

    draft ──submit──▶ submitted ──approve──▶ approved ──(valid_until passes)──▶ expired
      ▲                  │   └─send back──▶ rejected
      └──────edit────────┴──────────────────────┘         any state but expired ──▶ withdrawn

- An editor of the source unit writes and changes a bulletin (``rules``). A change of an
  approved or submitted bulletin sends it back to draft: it stops playing until it is
  approved again. A change of the text voices it again (``services.versions.voice_start``).
- Targets stay inside the source unit: a commune's bulletin reaches only its commune, its
  villages and its speaker groups; the province's, its communes and theirs (or the whole
  province).
- An approver of the source unit who did not write it approves a submitted bulletin that has
  at least one ready audio version; its ready versions are approved with it. A duty approver
  of the unit approves an emergency alone (from draft, too): the history and the log say so.
- Every change writes a ``BulletinChange`` and, when what speakers play changes, raises the
  schedule numbers of the communes it reaches (``services.freshness``), in one transaction.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    BulletinVersion,
    ChangeAction,
    SpeakerGroup,
    VersionStatus,
)
from banso.broadcast.selectors.bulletins import bulletin_commune_ids
from banso.broadcast.services.freshness import schedule_changed
from banso.broadcast.services.history import bulletin_change_log, changes_between
from banso.broadcast.services.versions import voice_start
from banso.places.models import AdministrativeUnit, Village

logger = logging.getLogger(__name__)

EDITABLE_STATES = (
    BulletinState.DRAFT,
    BulletinState.SUBMITTED,
    BulletinState.REJECTED,
    BulletinState.APPROVED,
)


@dataclass(frozen=True)
class BulletinData:
    """What an editor writes of a bulletin (every field, on creation and on change)."""

    title: str
    text: str
    category: str
    priority: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    department: str = ""
    is_province_wide: bool = False
    target_communes: tuple[AdministrativeUnit, ...] = field(default=())
    target_villages: tuple[Village, ...] = field(default=())
    target_groups: tuple[SpeakerGroup, ...] = field(default=())


def _require(actor, perm: str, obj, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    if unit.level == "province":
        return unit
    assert unit.parent is not None  # a current commune is part of a province
    return unit.parent


def _targets_check(source: AdministrativeUnit, data: BulletinData) -> None:
    """Targets inside the source unit, and at least one."""
    if not (
        data.is_province_wide or data.target_communes or data.target_villages or data.target_groups
    ):
        raise ValidationError(
            _("Choose where the bulletin plays: communes, villages or speaker groups."),
            code="no_target",
        )
    if source.level == "province":
        allowed = {
            unit.pk
            for unit in AdministrativeUnit.objects.filter(
                parent=source, is_current=True, level="commune"
            )
        }
        outside = _("The province's bulletin reaches only the communes of the province.")
    else:
        if data.is_province_wide:
            raise ValidationError(
                {"is_province_wide": _("Only the province's bulletins reach the whole province.")}
            )
        allowed = {source.pk}
        outside = _(
            "A commune's bulletin reaches only its own commune, its villages and its speaker "
            "groups."
        )
    chosen = {
        "target_communes": {unit.pk for unit in data.target_communes},
        "target_villages": {village.commune_id for village in data.target_villages},
        "target_groups": {group.commune_id for group in data.target_groups},
    }
    errors = {name: outside for name, communes in chosen.items() if not communes <= allowed}
    if errors:
        raise ValidationError(errors, code="outside")


def _values(bulletin: Bulletin) -> dict:
    """The fields an editor writes, as the history records them."""
    return {
        "title": bulletin.title,
        "text": bulletin.text,
        "category": bulletin.category,
        "priority": bulletin.priority,
        "department": bulletin.department,
        "valid_from": bulletin.valid_from,
        "valid_until": bulletin.valid_until,
        "is_province_wide": bulletin.is_province_wide,
        "target_communes": sorted(bulletin.target_communes.values_list("pk", flat=True)),
        "target_villages": sorted(bulletin.target_villages.values_list("pk", flat=True)),
        "target_groups": sorted(bulletin.target_groups.values_list("pk", flat=True)),
    }


def _write(bulletin: Bulletin, data: BulletinData) -> None:
    bulletin.title = " ".join(data.title.split())
    bulletin.text = data.text.strip()
    bulletin.category = data.category
    bulletin.priority = data.priority
    bulletin.department = " ".join(data.department.split())
    bulletin.valid_from = data.valid_from
    bulletin.valid_until = data.valid_until
    bulletin.is_province_wide = data.is_province_wide
    bulletin.full_clean()
    bulletin.save()
    bulletin.target_communes.set(data.target_communes)
    bulletin.target_villages.set(data.target_villages)
    bulletin.target_groups.set(data.target_groups)


@transaction.atomic
def bulletin_create(*, actor, source_unit: AdministrativeUnit, data: BulletinData) -> Bulletin:
    """A new draft written by an editor of ``source_unit``, voiced in the background."""
    _require(
        actor,
        "broadcast.add_bulletin",
        source_unit,
        _("Only an editor of this commune or province writes its bulletins."),
    )
    if not source_unit.is_current or source_unit.level not in ("province", "commune"):
        raise ValidationError(_("Bulletins are written by a current province or commune."))
    _targets_check(source_unit, data)
    bulletin = Bulletin(
        source_unit=source_unit,
        province=_province_of(source_unit),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _write(bulletin, data)
    bulletin_change_log(
        bulletin=bulletin, actor=actor, action=ChangeAction.CREATED, changes=_values(bulletin)
    )
    voice_start(actor=actor, bulletin=bulletin)
    return bulletin


def _locked(bulletin: Bulletin) -> Bulletin:
    return (
        Bulletin.objects.select_for_update(of=("self",))
        .select_related("source_unit")
        .get(pk=bulletin.pk)
    )


@transaction.atomic
def bulletin_update(*, actor, bulletin: Bulletin, data: BulletinData) -> Bulletin:
    """Change what the bulletin says, when or where it plays. A bulletin waiting for approval
    or approved goes back to draft (it plays no more until it is approved again)."""
    bulletin = _locked(bulletin)
    _require(
        actor,
        "broadcast.change_bulletin",
        bulletin,
        _("Only an editor of the bulletin's commune or province changes it."),
    )
    if bulletin.state not in EDITABLE_STATES:
        raise ValidationError(_("A withdrawn or expired bulletin is not changed any more."))
    _targets_check(bulletin.source_unit, data)
    before = _values(bulletin)
    reached_before = bulletin_commune_ids(bulletin)
    was_playing = bulletin.state == BulletinState.APPROVED
    state_before = bulletin.state
    _write(bulletin, data)
    changes = changes_between(before, _values(bulletin))
    if not changes:
        return bulletin
    bulletin.revision += 1
    bulletin.state = BulletinState.DRAFT
    bulletin.save(update_fields=["revision", "state", "updated_at"])
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.EDITED,
        state_before=state_before,
        changes=changes,
    )
    if "text" in changes or "title" in changes:
        voice_start(actor=actor, bulletin=bulletin)
    if was_playing:
        schedule_changed(
            commune_ids=reached_before | bulletin_commune_ids(bulletin),
            emergency=bulletin.is_emergency or before["priority"] == "emergency",
        )
    return bulletin


@transaction.atomic
def bulletin_submit(*, actor, bulletin: Bulletin) -> Bulletin:
    """The editor asks the approvers of the unit to approve it."""
    bulletin = _locked(bulletin)
    _require(
        actor,
        "broadcast.change_bulletin",
        bulletin,
        _("Only an editor of the bulletin's commune or province submits it."),
    )
    if bulletin.state not in (BulletinState.DRAFT, BulletinState.REJECTED):
        raise ValidationError(_("Only a draft or a bulletin sent back is submitted."))
    if bulletin.valid_until <= timezone.now():
        raise ValidationError(_("The bulletin's validity has ended: change its dates first."))
    state_before = bulletin.state
    bulletin.state = BulletinState.SUBMITTED
    bulletin.submitted_at = timezone.now()
    bulletin.save(update_fields=["state", "submitted_at", "updated_at"])
    bulletin_change_log(
        bulletin=bulletin, actor=actor, action=ChangeAction.SUBMITTED, state_before=state_before
    )
    return bulletin


def _approval_path(actor, bulletin: Bulletin) -> bool:
    """Whether ``actor`` approves ``bulletin`` on duty (alone) rather than as its approver;
    refuses anyone who may do neither now."""
    if bulletin.state == BulletinState.SUBMITTED and actor.has_perm(
        "broadcast.approve_bulletin", bulletin
    ):
        return False
    if actor.has_perm("broadcast.approve_bulletin_on_duty", bulletin):
        if bulletin.state not in (
            BulletinState.DRAFT,
            BulletinState.SUBMITTED,
            BulletinState.REJECTED,
        ):
            raise ValidationError(_("This bulletin is not waiting for approval."))
        return True
    if actor.has_perm("broadcast.approve_bulletin", bulletin):
        raise ValidationError(_("This bulletin is not waiting for approval."))
    raise PermissionDenied(
        _(
            "Only an approver of the bulletin's commune or province who did not write it "
            "approves it (an emergency, also its duty approver)."
        )
    )


@transaction.atomic
def bulletin_approve(*, actor, bulletin: Bulletin, note: str = "") -> Bulletin:
    """Approve the bulletin and its ready audio versions: from now on it plays."""
    bulletin = _locked(bulletin)
    on_duty = _approval_path(actor, bulletin)
    now = timezone.now()
    if bulletin.valid_until <= now:
        raise ValidationError(_("The bulletin's validity has ended: change its dates first."))
    ready = BulletinVersion.objects.filter(
        bulletin=bulletin, status=VersionStatus.READY, removed_at__isnull=True
    )
    if not ready.exists():
        raise ValidationError(
            _(
                "A bulletin is approved with at least one audio version ready to play: wait "
                "for its voice, or add a recording."
            ),
            code="no_audio",
        )
    ready.filter(approved_at__isnull=True).update(approved_at=now, approved_by=actor)
    state_before = bulletin.state
    bulletin.state = BulletinState.APPROVED
    bulletin.decided_at = now
    bulletin.decided_by = actor
    bulletin.approved_on_duty = on_duty
    bulletin.save(
        update_fields=["state", "decided_at", "decided_by", "approved_on_duty", "updated_at"]
    )
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.APPROVED_ON_DUTY if on_duty else ChangeAction.APPROVED,
        state_before=state_before,
        note=note,
    )
    if on_duty:
        logger.warning(
            "emergency bulletin approved on duty",
            extra={
                "event": "broadcast_emergency_approved_on_duty",
                "bulletin": bulletin.pk,
                "approver": actor.pk,
                "source_unit": bulletin.source_unit_id,
            },
        )
    schedule_changed(commune_ids=bulletin_commune_ids(bulletin), emergency=bulletin.is_emergency)
    return bulletin


@transaction.atomic
def bulletin_reject(*, actor, bulletin: Bulletin, note: str) -> Bulletin:
    """Send a submitted bulletin back to its editors, saying why."""
    bulletin = _locked(bulletin)
    may = actor.has_perm("broadcast.approve_bulletin", bulletin) or actor.has_perm(
        "broadcast.approve_bulletin_on_duty", bulletin
    )
    if not may:
        raise PermissionDenied(_("Only an approver of the bulletin's unit sends it back."))
    if bulletin.state != BulletinState.SUBMITTED:
        raise ValidationError(_("This bulletin is not waiting for approval."))
    if not note.strip():
        raise ValidationError({"note": _("Say why, so the editor can put it right.")})
    bulletin.state = BulletinState.REJECTED
    bulletin.decided_at = timezone.now()
    bulletin.decided_by = actor
    bulletin.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.REJECTED,
        state_before=BulletinState.SUBMITTED,
        note=note.strip(),
    )
    return bulletin


@transaction.atomic
def bulletin_withdraw(*, actor, bulletin: Bulletin, note: str = "") -> Bulletin:
    """Stop a bulletin for good (an editor or an approver of its unit): it plays no more."""
    bulletin = _locked(bulletin)
    may = (
        actor.has_perm("broadcast.change_bulletin", bulletin)
        or actor.has_perm("broadcast.approve_bulletin", bulletin)
        or actor.has_perm("broadcast.approve_bulletin_on_duty", bulletin)
    )
    if not may:
        raise PermissionDenied(_("Only the bulletin's editors and approvers withdraw it."))
    if bulletin.state in (BulletinState.WITHDRAWN, BulletinState.EXPIRED):
        raise ValidationError(_("This bulletin has already ended."))
    state_before = bulletin.state
    bulletin.state = BulletinState.WITHDRAWN
    bulletin.save(update_fields=["state", "updated_at"])
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.WITHDRAWN,
        state_before=state_before,
        note=note.strip(),
    )
    if state_before == BulletinState.APPROVED:
        schedule_changed(
            commune_ids=bulletin_commune_ids(bulletin), emergency=bulletin.is_emergency
        )
    return bulletin


def bulletins_expire(*, now: datetime.datetime | None = None) -> int:
    """Mark the approved bulletins whose validity has ended as expired (the worker runs this
    every minute; the playlists already leave them out by their dates). Returns how many."""
    now = now or timezone.now()
    expired = 0
    for pk in Bulletin.objects.filter(
        state=BulletinState.APPROVED, valid_until__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            bulletin = Bulletin.objects.select_for_update().get(pk=pk)
            if bulletin.state != BulletinState.APPROVED:
                continue
            bulletin.state = BulletinState.EXPIRED
            bulletin.save(update_fields=["state", "updated_at"])
            bulletin_change_log(
                bulletin=bulletin,
                actor=None,
                action=ChangeAction.EXPIRED,
                state_before=BulletinState.APPROVED,
            )
            schedule_changed(
                commune_ids=bulletin_commune_ids(bulletin), emergency=bulletin.is_emergency
            )
            expired += 1
    return expired

"""A commune's programme: its daily slots, and the normal bulletins it places in them.

- Slots of a programme never overlap on a day they both run, and none runs past midnight.
- A normal bulletin is placed in a slot only when it is approved, still valid and reaches the
  commune, and when it fits: at every occurrence of the slot in its validity (the first
  ``CHECKED_OCCURRENCES``), every group of the commune's speakers it reaches must hear it end
  within the slot, after the emergency and priority bulletins and the normal ones placed
  before it (``selectors.playlist``). A priority bulletin approved later may still push a
  normal one out of an occurrence: the calendar shows it.
- Priority and emergency bulletins are never placed: they head every slot while valid.
"""

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banso.broadcast.models import (
    EVERY_DAY,
    Bulletin,
    BulletinState,
    ChangeAction,
    Priority,
    Programme,
    ProgrammeSlot,
    SlotPlacement,
)
from banso.broadcast.selectors.bulletins import bulletins_to_place
from banso.broadcast.selectors.playlist import (
    LOCAL,
    Audience,
    PlanSlot,
    commune_audiences,
    commune_plan_load,
    occurrence_layout,
    slot_starts,
)
from banso.broadcast.services.freshness import schedule_changed
from banso.broadcast.services.history import bulletin_change_log
from banso.places.models import AdministrativeUnit

CHECKED_OCCURRENCES = 62
MINUTES_A_DAY = 24 * 60


def _require_commune(actor, commune: AdministrativeUnit) -> None:
    if not actor.has_perm("broadcast.change_commune", commune):
        raise PermissionDenied(
            _("Only the broadcast people and officers of this commune run its programme.")
        )


@transaction.atomic
def programme_set(
    *, actor, commune: AdministrativeUnit, name: str = "", is_active: bool = True
) -> Programme:
    """The commune's programme, made on first use; its name and whether it runs."""
    _require_commune(actor, commune)
    if not commune.is_current or commune.level != "commune":
        raise ValidationError(_("A programme belongs to a current commune or ward."))
    programme = Programme.objects.select_for_update().filter(commune=commune).first()
    if programme is None:
        programme = Programme(commune=commune)
    programme.name = " ".join(name.split()) or _("Programme of %(commune)s") % {
        "commune": commune.name
    }
    programme.is_active = is_active
    programme.full_clean()
    programme.save()
    schedule_changed(commune_ids=[commune.pk])
    return programme


def _overlap_check(slot: ProgrammeSlot) -> None:
    if slot.end_minute > MINUTES_A_DAY:
        raise ValidationError(
            {"length_minutes": _("A slot ends by midnight: make it shorter or start earlier.")}
        )
    others = ProgrammeSlot.objects.filter(programme=slot.programme).exclude(pk=slot.pk)
    for other in others:
        if not other.weekdays & slot.weekdays:
            continue
        if slot.start_minute < other.end_minute and other.start_minute < slot.end_minute:
            raise ValidationError(
                _("This slot overlaps the slot at %(time)s (%(minutes)s minutes).")
                % {"time": other.starts_at.strftime("%H:%M"), "minutes": other.length_minutes},
                code="slot_overlap",
            )


def _slot_write(
    slot: ProgrammeSlot,
    *,
    starts_at: datetime.time,
    length_minutes: int,
    weekdays: int,
    name: str,
) -> ProgrammeSlot:
    slot.starts_at = starts_at.replace(second=0, microsecond=0)
    slot.length_minutes = length_minutes
    slot.weekdays = weekdays
    slot.name = " ".join(name.split())
    slot.full_clean()
    _overlap_check(slot)
    slot.save()
    schedule_changed(commune_ids=[slot.programme.commune_id])
    return slot


@transaction.atomic
def slot_add(
    *,
    actor,
    commune: AdministrativeUnit,
    starts_at: datetime.time,
    length_minutes: int,
    weekdays: int = EVERY_DAY,
    name: str = "",
) -> ProgrammeSlot:
    _require_commune(actor, commune)
    programme = Programme.objects.filter(commune=commune).first() or programme_set(
        actor=actor, commune=commune
    )
    return _slot_write(
        ProgrammeSlot(programme=programme),
        starts_at=starts_at,
        length_minutes=length_minutes,
        weekdays=weekdays,
        name=name,
    )


@transaction.atomic
def slot_update(
    *,
    actor,
    slot: ProgrammeSlot,
    starts_at: datetime.time,
    length_minutes: int,
    weekdays: int,
    name: str = "",
) -> ProgrammeSlot:
    slot = (
        ProgrammeSlot.objects.select_for_update(of=("self", "programme"))
        .select_related("programme__commune")
        .get(pk=slot.pk)
    )
    _require_commune(actor, slot.programme.commune)
    return _slot_write(
        slot, starts_at=starts_at, length_minutes=length_minutes, weekdays=weekdays, name=name
    )


@transaction.atomic
def slot_remove(*, actor, slot: ProgrammeSlot) -> None:
    """Remove a slot and the placements in it (each bulletin's history says so)."""
    slot = ProgrammeSlot.objects.select_related("programme__commune").get(pk=slot.pk)
    _require_commune(actor, slot.programme.commune)
    for placement in SlotPlacement.objects.filter(slot=slot).select_related("bulletin"):
        _placement_log(actor, placement, ChangeAction.UNPLACED)
    SlotPlacement.objects.filter(slot=slot).delete()
    slot.delete()
    schedule_changed(commune_ids=[slot.programme.commune_id])


def _placement_log(actor, placement: SlotPlacement, action: str) -> None:
    bulletin = placement.bulletin
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=action,
        state_before=bulletin.state,
        changes={
            "slot": placement.slot_id,
            "commune": placement.slot.programme.commune_id,
            "starts_at": placement.slot.starts_at,
        },
    )


def _as_plan_slot(slot: ProgrammeSlot) -> PlanSlot:
    return PlanSlot(
        id=slot.pk,
        name=slot.name,
        start_minute=slot.start_minute,
        length_minutes=slot.length_minutes,
        weekdays=slot.weekdays,
    )


def placement_fit_check(slot: ProgrammeSlot, bulletin: Bulletin) -> None:
    """Refuse ``bulletin`` in ``slot`` where it would not end within the slot for some of the
    commune's speakers it reaches (see the module's rules)."""
    commune = slot.programme.commune
    now = timezone.now()
    start = max(now, bulletin.valid_from)
    end = bulletin.valid_until
    if end <= start:
        return
    plan = commune_plan_load(commune, start, end)
    if bulletin.pk not in plan.bulletins:
        return
    plan_slot = _as_plan_slot(slot)
    audiences: Counter[Audience] = commune_audiences(commune) or Counter(
        {Audience(commune.pk, everyone=True): 0}
    )
    reached = [a for a in audiences if plan.bulletins[bulletin.pk].reaches(a)]
    for moment in slot_starts(plan_slot, start, end)[:CHECKED_OCCURRENCES]:
        for audience in reached:
            occurrence = occurrence_layout(
                plan, plan_slot, moment, audience, also_placed=(bulletin.pk,)
            )
            if any(left.id == bulletin.pk for left in occurrence.left_out):
                raise ValidationError(
                    ngettext(
                        "The bulletin does not fit in this slot on %(when)s: %(count)s "
                        "speaker would still be playing when the slot ends. Choose another "
                        "slot, or a longer one.",
                        "The bulletin does not fit in this slot on %(when)s: %(count)s "
                        "speakers would still be playing when the slot ends. Choose another "
                        "slot, or a longer one.",
                        audiences[audience] or 1,
                    )
                    % {
                        "when": formats.date_format(
                            moment.astimezone(LOCAL), "SHORT_DATETIME_FORMAT"
                        ),
                        "count": audiences[audience] or 1,
                    },
                    code="no_room",
                )


@transaction.atomic
def placement_add(*, actor, slot: ProgrammeSlot, bulletin: Bulletin) -> SlotPlacement:
    """Play an approved normal bulletin in one of the commune's slots, after those placed
    there before it, every day it is valid."""
    slot = (
        ProgrammeSlot.objects.select_for_update(of=("self", "programme"))
        .select_related("programme__commune")
        .get(pk=slot.pk)
    )
    commune = slot.programme.commune
    _require_commune(actor, commune)
    bulletin = Bulletin.objects.get(pk=bulletin.pk)
    if bulletin.state != BulletinState.APPROVED:
        raise ValidationError(_("Only an approved bulletin is placed in the programme."))
    if bulletin.priority != Priority.NORMAL:
        raise ValidationError(_("Priority and emergency bulletins head every slot by themselves."))
    if bulletin.valid_until <= timezone.now():
        raise ValidationError(_("This bulletin's validity has ended."))
    if not bulletins_to_place(commune).filter(pk=bulletin.pk).exists():
        raise ValidationError(_("This bulletin does not reach the commune."))
    if SlotPlacement.objects.filter(slot=slot, bulletin=bulletin).exists():
        raise ValidationError(_("The bulletin is already in this slot."))
    placement_fit_check(slot, bulletin)
    top = SlotPlacement.objects.filter(slot=slot).aggregate(top=Max("position"))["top"]
    placement = SlotPlacement(
        slot=slot,
        bulletin=bulletin,
        position=0 if top is None else top + 1,
        placed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    placement.full_clean()
    placement.save()
    _placement_log(actor, placement, ChangeAction.PLACED)
    schedule_changed(commune_ids=[commune.pk])
    return placement


@transaction.atomic
def placement_remove(*, actor, placement: SlotPlacement) -> None:
    placement = SlotPlacement.objects.select_related("slot__programme__commune", "bulletin").get(
        pk=placement.pk
    )
    commune = placement.slot.programme.commune
    _require_commune(actor, commune)
    _placement_log(actor, placement, ChangeAction.UNPLACED)
    placement.delete()
    schedule_changed(commune_ids=[commune.pk])


@transaction.atomic
def placements_order(*, actor, slot: ProgrammeSlot, bulletin_ids: list[int]) -> None:
    """The order the slot's normal bulletins play in: ``bulletin_ids`` lists each once."""
    slot = (
        ProgrammeSlot.objects.select_for_update(of=("self", "programme"))
        .select_related("programme__commune")
        .get(pk=slot.pk)
    )
    _require_commune(actor, slot.programme.commune)
    placements = {p.bulletin_id: p for p in SlotPlacement.objects.filter(slot=slot)}
    if sorted(bulletin_ids) != sorted(placements) or len(set(bulletin_ids)) != len(bulletin_ids):
        raise ValidationError(_("List each bulletin of the slot once."))
    for position, pk in enumerate(bulletin_ids):
        placements[pk].position = position
    SlotPlacement.objects.bulk_update(list(placements.values()), ["position"])
    schedule_changed(commune_ids=[slot.programme.commune_id])

"""Requests for help people send through the public page "ask the village team for help";
the team or an officer naming who calls back, and marking them answered."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.phone import phone_normalize
from banso.places.models import Village
from banso.teams.models import HelpKind, HelpRequest, TeamMember

NAME_LENGTH = 120
NOTE_LENGTH = 500


@transaction.atomic
def help_request_submit(
    *,
    village: Village,
    kinds: Sequence[HelpKind],
    phone: str,
    name: str = "",
    note: str = "",
) -> HelpRequest:
    """Store a request sent by anyone (no account): the public page has checked the form and
    the rate limit. The phone number is kept as +84…, so the team calls back the number the
    person wrote whichever way they wrote it. Only active kinds are asked for."""
    errors: dict[str, list[str]] = {}
    kinds = list(kinds)
    if not kinds or any(not kind.is_active for kind in kinds):
        errors["kinds"] = [_("Choose what you need help with.")]
    try:
        phone = phone_normalize(phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    if errors:
        raise ValidationError(errors)
    request = HelpRequest(
        village=village,
        unit_id=village.commune_id,
        phone=phone,
        name=" ".join(name.split())[:NAME_LENGTH],
        note=note.strip()[:NOTE_LENGTH],
    )
    request.full_clean()
    request.save()
    request.kinds.set(kinds)
    return request


def help_request_answer(
    *, actor, help_request: HelpRequest, on: datetime.date | None = None
) -> HelpRequest:
    """Mark a request answered (the team called back or visited): it leaves the to-do list.
    The village's team and the officers over it may; answering again keeps the first day."""
    if not actor.has_perm("teams.change_helprequest", help_request):
        raise PermissionDenied(_("You cannot answer this request."))
    if help_request.answered_on is None:
        help_request.answered_on = on or timezone.localdate()
        help_request.answered_by = actor
        help_request.save(update_fields=["answered_on", "answered_by", "updated_at"])
    return help_request


def help_request_assign(
    *, actor, help_request: HelpRequest, member: TeamMember | None
) -> HelpRequest:
    """Name the member of the village's team who is to call back (``None``: nobody yet). The
    village's team and the officers over it may; the member serves now on the village's
    active team, the one that reads the request."""
    if not actor.has_perm("teams.change_helprequest", help_request):
        raise PermissionDenied(_("You cannot change this request."))
    if member is not None and not (
        member.left_on is None
        and member.team.dissolved_on is None
        and member.team.village_id == help_request.village_id
    ):
        raise ValidationError(
            {"member": _("Choose a serving member of the village's team.")}, code="member"
        )
    help_request.assigned_to = member
    help_request.save(update_fields=["assigned_to", "updated_at"])
    return help_request

"""The device registry: speakers registered in a commune with their own token, changed,
made inactive; speaker groups.

A speaker's token (``bsd_`` and 43 random characters) is made here and returned once: only
its SHA-256 is stored. Replacing it, or making the speaker inactive, shuts the old token out
(see ``selectors.speakers.device_identity``). Every change that decides which bulletins
reach a speaker (its village, groups, whether it is active) raises its commune's schedule
number, so the device fetches its playlist again.
"""

import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banso.broadcast.models import Speaker, SpeakerGroup
from banso.broadcast.selectors.speakers import device_identity_key
from banso.broadcast.services.freshness import schedule_changed
from banso.places.models import AdministrativeUnit, Village

DEVICE_TOKEN_PREFIX = "bsd_"  # noqa: S105 (a visible prefix, not a secret)


@dataclass(frozen=True)
class SpeakerData:
    name: str
    village: Village | None = None
    latitude: float | None = None
    longitude: float | None = None
    model: str = ""
    power_watts: int | None = None
    link: str = "4g"
    firmware: str = ""
    groups: tuple[SpeakerGroup, ...] = field(default=())


def _require_commune(actor, commune: AdministrativeUnit) -> None:
    if not actor.has_perm("broadcast.change_commune", commune):
        raise PermissionDenied(
            _("Only the broadcast people and officers of this commune run its loudspeakers.")
        )


def _token() -> str:
    return DEVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)


def _token_set(speaker: Speaker) -> str:
    token = _token()
    speaker.token_prefix = token[: len(DEVICE_TOKEN_PREFIX) + 6]
    speaker.token_hash = Speaker.hash_token(token)
    return token


def _forget_identity(token_hash: str) -> None:
    """Forget who the token is now, and again after commit (a poll meanwhile may have read
    the row of before)."""
    key = device_identity_key(token_hash)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _write(speaker: Speaker, data: SpeakerData) -> None:
    if data.village is not None and data.village.commune_id != speaker.commune_id:
        raise ValidationError({"village": _("Choose a village of the speaker's commune.")})
    if any(group.commune_id != speaker.commune_id for group in data.groups):
        raise ValidationError({"groups": _("Choose groups of the speaker's commune.")})
    speaker.name = " ".join(data.name.split())
    speaker.village = data.village
    speaker.latitude = data.latitude
    speaker.longitude = data.longitude
    speaker.model = data.model.strip()
    speaker.power_watts = data.power_watts
    speaker.link = data.link
    speaker.firmware = data.firmware.strip()
    speaker.full_clean()
    speaker.save()
    speaker.groups.set(data.groups)


@transaction.atomic
def speaker_register(
    *, actor, commune: AdministrativeUnit, data: SpeakerData
) -> tuple[Speaker, str]:
    """Register a speaker in ``commune``; returns it and its token (shown once)."""
    _require_commune(actor, commune)
    if not commune.is_current or commune.level != "commune":
        raise ValidationError(_("Speakers belong to a current commune or ward."))
    speaker = Speaker(
        commune=commune, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    token = _token_set(speaker)
    _write(speaker, data)
    schedule_changed(commune_ids=[commune.pk])
    return speaker, token


@transaction.atomic
def speaker_update(*, actor, speaker: Speaker, data: SpeakerData) -> Speaker:
    speaker = (
        Speaker.objects.select_for_update(of=("self",)).select_related("commune").get(pk=speaker.pk)
    )
    _require_commune(actor, speaker.commune)
    _write(speaker, data)
    # Its village may have changed, and with it the emergencies that reach it.
    schedule_changed(commune_ids=[speaker.commune_id], emergency=True)
    return speaker


@transaction.atomic
def speaker_token_replace(*, actor, speaker: Speaker) -> str:
    """A new token for the speaker (the old one stops working); returned once."""
    speaker = (
        Speaker.objects.select_for_update(of=("self",)).select_related("commune").get(pk=speaker.pk)
    )
    _require_commune(actor, speaker.commune)
    _forget_identity(speaker.token_hash)
    token = _token_set(speaker)
    speaker.save(update_fields=["token_prefix", "token_hash", "updated_at"])
    return token


@transaction.atomic
def speaker_active_set(*, actor, speaker: Speaker, is_active: bool) -> Speaker:
    """Take a speaker out of service (its token is refused) or back into it."""
    speaker = (
        Speaker.objects.select_for_update(of=("self",)).select_related("commune").get(pk=speaker.pk)
    )
    _require_commune(actor, speaker.commune)
    if speaker.is_active == is_active:
        return speaker
    speaker.is_active = is_active
    speaker.save(update_fields=["is_active", "updated_at"])
    _forget_identity(speaker.token_hash)
    schedule_changed(commune_ids=[speaker.commune_id], emergency=True)
    return speaker


def _group_write(group: SpeakerGroup, name: str, speakers: tuple[Speaker, ...]) -> SpeakerGroup:
    if any(speaker.commune_id != group.commune_id for speaker in speakers):
        raise ValidationError({"speakers": _("Choose speakers of the group's commune.")})
    group.name = " ".join(name.split())
    group.full_clean()
    group.save()
    group.speakers.set(speakers)
    # The group's speakers hear what is sent to it, emergencies included.
    schedule_changed(commune_ids=[group.commune_id], emergency=True)
    return group


@transaction.atomic
def group_create(
    *, actor, commune: AdministrativeUnit, name: str, speakers: tuple[Speaker, ...] = ()
) -> SpeakerGroup:
    _require_commune(actor, commune)
    return _group_write(SpeakerGroup(commune=commune), name, speakers)


@transaction.atomic
def group_update(
    *, actor, group: SpeakerGroup, name: str, speakers: tuple[Speaker, ...]
) -> SpeakerGroup:
    group = (
        SpeakerGroup.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=group.pk)
    )
    _require_commune(actor, group.commune)
    return _group_write(group, name, speakers)

"""Reads of the device registry: the speakers and groups a person may see, and who a device's
token says it is (kept in the cache, so a device's poll asks the database nothing)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Prefetch, QuerySet

from banso.broadcast.models import Speaker, SpeakerGroup
from banso.broadcast.selectors.roles import broadcast_scope_for_user
from banso.places.models import AdministrativeUnit

IDENTITY_SECONDS = 60


def speakers_for_user(user) -> QuerySet[Speaker]:
    """The speakers of the communes the person's broadcast or officer roles cover."""
    speakers = Speaker.objects.select_related("commune", "village", "status").prefetch_related(
        Prefetch("groups", queryset=SpeakerGroup.objects.order_by("name"))
    )
    if getattr(user, "is_superuser", False):
        return speakers
    scope = broadcast_scope_for_user(user)
    return speakers.filter(scope.unit_q("commune__path"))


def speaker_for_user(user, pk: int) -> Speaker | None:
    return speakers_for_user(user).filter(pk=pk).first()


def groups_for_user(user) -> QuerySet[SpeakerGroup]:
    groups = SpeakerGroup.objects.select_related("commune")
    if getattr(user, "is_superuser", False):
        return groups
    return groups.filter(broadcast_scope_for_user(user).unit_q("commune__path"))


def communes_for_broadcast(user) -> QuerySet[AdministrativeUnit]:
    """The current communes whose loudspeakers the person runs (a province's grant: all of
    the province's)."""
    communes = AdministrativeUnit.objects.filter(is_current=True, level="commune")
    if getattr(user, "is_superuser", False):
        return communes.filter(parent__isnull=False)
    return communes.filter(broadcast_scope_for_user(user).unit_q("path"))


@dataclass(frozen=True)
class DeviceIdentity:
    """Who a device's token says it is."""

    speaker_id: int
    commune_id: int


def device_identity_key(token_hash: str) -> str:
    return f"broadcast:device:{token_hash}"


def device_identity(token: str) -> DeviceIdentity | None:
    """The active speaker whose token this is, or None. Kept in the cache ``IDENTITY_SECONDS``:
    a token replaced or a speaker made inactive is forgotten at once in the process that made
    the change, and within that time in the others (see ``selectors.freshness``)."""
    token_hash = Speaker.hash_token(token)
    key = device_identity_key(token_hash)
    identity = cache.get(key)
    if identity is None:
        row = (
            Speaker.objects.filter(token_hash=token_hash, is_active=True)
            .values_list("pk", "commune_id")
            .first()
        )
        if row is None:
            return None
        identity = DeviceIdentity(speaker_id=row[0], commune_id=row[1])
        cache.set(key, identity, IDENTITY_SECONDS)
    return identity


# A commune's speakers in service, with what reaches each, kept under its emergency number.
COMMUNE_SPEAKERS_SECONDS = 300
_SPEAKER_FIELDS = ("id", "commune_id", "village_id", "is_active")


@dataclass(frozen=True)
class CommuneSpeakers:
    commune: AdministrativeUnit
    # speaker id → (village id, group ids)
    audiences: dict[int, tuple[int | None, frozenset[int]]]


def commune_speakers_key(commune_id: int, number: int) -> str:
    return f"broadcast:speakers:{commune_id}:{number}"


def commune_speakers(commune_id: int, number: int) -> CommuneSpeakers | None:
    """The commune's speakers in service and what reaches each (village, groups), read once
    for all of them and kept in the cache under the commune's emergency ``number``
    (``selectors.freshness.emergency_version``), which every write to its speakers and groups
    raises. None when there is no such commune."""
    key = commune_speakers_key(commune_id, number)
    found = cache.get(key)
    if found is None:
        commune = AdministrativeUnit.objects.filter(pk=commune_id).first()
        if commune is None:
            return None
        groups: dict[int, set[int]] = {}
        for speaker_id, group_id in Speaker.groups.through.objects.filter(
            speaker__commune_id=commune_id, speaker__is_active=True
        ).values_list("speaker_id", "speakergroup_id"):
            groups.setdefault(speaker_id, set()).add(group_id)
        found = CommuneSpeakers(
            commune=commune,
            audiences={
                speaker_id: (village_id, frozenset(groups.get(speaker_id, ())))
                for speaker_id, village_id in Speaker.objects.filter(
                    commune_id=commune_id, is_active=True
                ).values_list("pk", "village_id")
            },
        )
        cache.set(key, found, COMMUNE_SPEAKERS_SECONDS)
    return found


def device_speaker(identity: DeviceIdentity, number: int) -> Speaker | None:
    """The speaker a device's token named, if still in service, with what reaches it (as
    :func:`speaker_audience`), from its commune's speakers kept in the cache: a device's calls
    after an emergency ask the database nothing for it. Its other fields are deferred (read
    from the database if asked for). ``number``: the commune's emergency number."""
    found = commune_speakers(identity.commune_id, number)
    entry = found.audiences.get(identity.speaker_id) if found is not None else None
    if found is None or entry is None:
        # Not among the speakers kept: taken out of service, or kept before it was (a copy
        # that outlived its number, as after a restore of the database). The database says.
        speaker = speaker_audience(identity.speaker_id)
        if speaker is not None:
            cache.delete(commune_speakers_key(identity.commune_id, number))
        return speaker
    village_id, group_ids = entry
    speaker = Speaker.from_db(
        DEFAULT_DB_ALIAS,
        list(_SPEAKER_FIELDS),
        [identity.speaker_id, identity.commune_id, village_id, True],
    )
    speaker.commune = found.commune
    speaker.group_ids = group_ids  # type: ignore[attr-defined]  # read by the playlist
    return speaker


def speaker_audience(speaker_id: int) -> Speaker | None:
    """The speaker with what decides what reaches it: its commune (and province), village and
    groups (``group_ids``)."""
    speaker = (
        Speaker.objects.select_related("commune").filter(pk=speaker_id, is_active=True).first()
    )
    if speaker is not None:
        speaker.group_ids = frozenset(  # type: ignore[attr-defined]  # read by the playlist
            speaker.groups.values_list("pk", flat=True)
        )
    return speaker

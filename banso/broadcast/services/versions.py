"""The audio versions of a bulletin: the Vietnamese voiced in the background, recordings in the
people's languages uploaded by editors, their approval, removal and order.

- Voicing: a change of the text removes the voice of the old text and queues a new one
  (:func:`voice_start`, a ``jobs`` progress bar); the worker runs :func:`voice_run`, which
  asks ``voicing.voice_bulletin`` (lingo's text-to-speech) for the MP3 and stores it.
  Running it again for a version that is no longer waiting does nothing, so a task lost with
  its worker is run again safely.
- Recordings are MP3 files (what the small receivers play), checked frame by frame
  (``common.mp3``), or WAV files (16-bit PCM, what the recording page makes in the browser),
  checked strictly (``common.wav``) and encoded by lingo's MP3 encoder as the voices are (mono,
  48 kbit/s): the duration and SHA-256 are measured from the MP3's bytes, never taken from
  the uploader. H'Mông is tagged with the script of its transcript: Vietnam's Hmông script or
  RPA.
- A version plays once approved. Approving the bulletin approves its ready versions; one
  recorded after that is approved on its own by an approver of the bulletin's unit.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.broadcast.models import (
    LANGUAGE_SCRIPTS,
    Bulletin,
    BulletinState,
    BulletinVersion,
    ChangeAction,
    Language,
    VersionKind,
    VersionStatus,
)
from banso.broadcast.selectors.bulletins import bulletin_commune_ids
from banso.broadcast.services.freshness import schedule_changed
from banso.broadcast.services.history import bulletin_change_log
from banso.common.mp3 import Mp3Info, mp3_inspect
from banso.common.uploads import stored_name, validate_upload_size
from banso.common.wav import wav_is, wav_read
from banso.jobs.services import (
    progress_create,
    progress_enqueue,
    progress_fail,
    progress_finish,
    progress_update,
)
from banso.lingo.speech import mp3_from_pcm

logger = logging.getLogger(__name__)

# The longest recording taken as WAV (the upload limit keeps it shorter still: 10 MB is about
# 5 minutes of mono at 16 kHz, what the recording page makes).
RECORDING_LONGEST_SECONDS = 15 * 60


def _audio_store(version: BulletinVersion, data: bytes, info: Mp3Info) -> None:
    version.audio.save(stored_name("mp3"), ContentFile(data), save=False)
    version.sha256 = info.sha256
    version.size_bytes = info.size_bytes
    version.duration_ms = info.duration_ms


def recording_read(upload) -> tuple[bytes, Mp3Info]:
    """The MP3 of an uploaded recording and what it holds: an MP3 as it came, a WAV encoded
    to the loudspeakers' MP3 by lingo. ``ValidationError`` for a file too large, a WAV that is
    not well-formed 16-bit PCM, or a file that is neither."""
    validate_upload_size(upload)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read()
    if wav_is(data):
        wav = wav_read(data, longest_seconds=RECORDING_LONGEST_SECONDS)
        data = mp3_from_pcm(wav.pcm, sample_rate=wav.sample_rate, channels=wav.channels)
    try:
        return data, mp3_inspect(data)
    except ValidationError as error:
        raise ValidationError(
            _("This file is neither an MP3 nor a WAV recording. Please upload an MP3 or WAV file."),
            code="not_audio",
        ) from error


def _next_position(bulletin: Bulletin) -> int:
    top = BulletinVersion.objects.filter(bulletin=bulletin, removed_at__isnull=True).aggregate(
        top=Max("position")
    )["top"]
    return 0 if top is None else top + 1


def _playing_changed(bulletin: Bulletin) -> None:
    if bulletin.state == BulletinState.APPROVED:
        schedule_changed(
            commune_ids=bulletin_commune_ids(bulletin), emergency=bulletin.is_emergency
        )


def voice_start(*, actor, bulletin: Bulletin) -> BulletinVersion:
    """Queue the Vietnamese voice of the bulletin's current text (the services that write the
    text call this in their transaction; the task is queued after commit). The voice of an
    older text is removed, and the new one takes its place in the order."""
    from banso.broadcast.tasks import bulletin_voice_task

    now = timezone.now()
    old = list(
        BulletinVersion.objects.filter(
            bulletin=bulletin, kind=VersionKind.VOICED, removed_at__isnull=True
        )
    )
    position = min((v.position for v in old), default=None)
    if old:
        BulletinVersion.objects.filter(pk__in=[v.pk for v in old]).update(removed_at=now)
    version = BulletinVersion(
        bulletin=bulletin,
        kind=VersionKind.VOICED,
        language=Language.VIETNAMESE,
        status=VersionStatus.PENDING,
        position=_next_position(bulletin) if position is None else position,
        made_for_revision=bulletin.revision,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.progress = progress_create(
        title=_("Voicing the bulletin “%(title)s”") % {"title": bulletin.title[:150]},
        owner=version.created_by,
    )
    version.full_clean(exclude=["audio"])
    version.save()
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.VOICING,
        state_before=bulletin.state,
        changes={"version": version.pk, "removed": [v.pk for v in old]},
    )
    progress_enqueue(progress=version.progress, task=bulletin_voice_task, version_id=version.pk)
    return version


def _bulletin_url(bulletin: Bulletin) -> str:
    return reverse("broadcast:bulletin-detail", args=[bulletin.pk])


def voice_run(*, version_id: int, progress_id: int | None = None) -> BulletinVersion | None:
    """Voice a waiting version (the worker's task): store the MP3, or record why it failed."""
    from banso.broadcast.voicing import voice_bulletin

    version = BulletinVersion.objects.select_related("bulletin").filter(pk=version_id).first()
    if version is None or version.status != VersionStatus.PENDING or version.removed_at:
        if progress_id:
            progress_finish(progress_id=progress_id, message=_("Nothing left to voice."))
        return version

    def progress(done: int, total: int) -> None:
        if progress_id:
            percent = 5 + (90 * done) // max(total, 1)
            progress_update(progress_id=progress_id, percent=percent, message=_("Voicing…"))

    try:
        voice = voice_bulletin(version, progress=progress)
        info = mp3_inspect(voice.mp3)
    except Exception as error:
        logger.exception(
            "voicing failed", extra={"event": "broadcast_voicing_failed", "version": version_id}
        )
        return _voice_failed(version, str(error) or error.__class__.__name__, progress_id)
    with transaction.atomic():
        locked = BulletinVersion.objects.select_for_update().get(pk=version_id)
        if locked.status != VersionStatus.PENDING or locked.removed_at:
            return locked
        _audio_store(locked, voice.mp3, info)
        locked.engine = voice.engine[:60]
        locked.status = VersionStatus.READY
        locked.save()
        bulletin = locked.bulletin
        bulletin_change_log(
            bulletin=bulletin,
            actor=None,
            action=ChangeAction.VOICED,
            state_before=bulletin.state,
            changes={"version": locked.pk, "duration_ms": locked.duration_ms},
        )
    if progress_id:
        progress_finish(
            progress_id=progress_id,
            message=_("The bulletin is voiced."),
            result_url=_bulletin_url(bulletin),
        )
    return locked


def _voice_failed(
    version: BulletinVersion, message: str, progress_id: int | None
) -> BulletinVersion:
    with transaction.atomic():
        updated = BulletinVersion.objects.filter(
            pk=version.pk, status=VersionStatus.PENDING
        ).update(status=VersionStatus.FAILED, error=message[:300])
        if updated:
            bulletin_change_log(
                bulletin=version.bulletin,
                actor=None,
                action=ChangeAction.VOICING_FAILED,
                state_before=version.bulletin.state,
                changes={"version": version.pk},
                note=message,
            )
    if progress_id:
        progress_fail(
            progress_id=progress_id, message=_("Voicing failed: %(error)s") % {"error": message}
        )
    version.refresh_from_db()
    return version


def voice_give_up(*, version_id: int, progress_id: int | None = None, **kwargs) -> None:
    """The voicing task was lost with its worker too many times: the version failed."""
    version = BulletinVersion.objects.select_related("bulletin").filter(pk=version_id).first()
    if version is not None:
        _voice_failed(version, _("The worker stopped while voicing."), progress_id)


def _script_check(language: str, script: str, transcript: str) -> str:
    scripts = LANGUAGE_SCRIPTS.get(language, ())
    if script and script not in scripts:
        raise ValidationError({"script": _("This language is not written in that script.")})
    if scripts and transcript.strip() and not script:
        raise ValidationError({"script": _("Say which script the transcript is written in.")})
    return script


@transaction.atomic
def recording_add(
    *,
    actor,
    bulletin: Bulletin,
    upload,
    language: str,
    script: str = "",
    transcript: str = "",
) -> BulletinVersion:
    """A person's recording of the bulletin in a language, placed last in the order. It plays
    once approved: with the bulletin, or on its own when the bulletin is approved already."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if not actor.has_perm("broadcast.add_bulletinversion", bulletin):
        raise PermissionDenied(
            _("Only an editor of the bulletin's unit or of a commune it reaches records it.")
        )
    if bulletin.state in (BulletinState.WITHDRAWN, BulletinState.EXPIRED):
        raise ValidationError(_("This bulletin has already ended."))
    try:
        data, info = recording_read(upload)
    except ValidationError as error:
        raise ValidationError({"audio": error.messages}) from error
    version = BulletinVersion(
        bulletin=bulletin,
        kind=VersionKind.RECORDED,
        language=language,
        script=_script_check(language, script, transcript),
        transcript=transcript.strip(),
        status=VersionStatus.READY,
        position=_next_position(bulletin),
        made_for_revision=bulletin.revision,
        created_by=actor,
    )
    _audio_store(version, data, info)
    version.full_clean()
    version.save()
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.VERSION_ADDED,
        state_before=bulletin.state,
        changes={
            "version": version.pk,
            "language": language,
            "script": version.script,
            "sha256": version.sha256,
            "duration_ms": version.duration_ms,
        },
    )
    return version


def _require_approver(actor, bulletin: Bulletin) -> None:
    if not (
        actor.has_perm("broadcast.approve_bulletin", bulletin)
        or actor.has_perm("broadcast.approve_bulletin_on_duty", bulletin)
    ):
        raise PermissionDenied(
            _("Only an approver of the bulletin's unit who did not write it approves it.")
        )


@transaction.atomic
def version_approve(*, actor, version: BulletinVersion) -> BulletinVersion:
    """Approve a version added after its bulletin was approved: from now on it plays too."""
    version = BulletinVersion.objects.select_for_update().get(pk=version.pk)
    bulletin = Bulletin.objects.select_for_update().get(pk=version.bulletin_id)
    _require_approver(actor, bulletin)
    if bulletin.state != BulletinState.APPROVED:
        raise ValidationError(_("Versions are approved with their bulletin."))
    if version.status != VersionStatus.READY or version.removed_at:
        raise ValidationError(_("Only a version ready to play is approved."))
    if version.approved_at:
        return version
    version.approved_at = timezone.now()
    version.approved_by = actor
    version.save(update_fields=["approved_at", "approved_by", "updated_at"])
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.VERSION_APPROVED,
        state_before=bulletin.state,
        changes={"version": version.pk},
    )
    _playing_changed(bulletin)
    return version


@transaction.atomic
def version_remove(*, actor, version: BulletinVersion) -> BulletinVersion:
    """Take a version out of the bulletin (kept, marked removed): an editor of the bulletin's
    unit, or the person who recorded it."""
    version = BulletinVersion.objects.select_for_update().get(pk=version.pk)
    bulletin = Bulletin.objects.select_for_update().get(pk=version.bulletin_id)
    own = version.created_by_id == actor.pk and version.kind == VersionKind.RECORDED
    if not (actor.has_perm("broadcast.change_bulletin", bulletin) or own):
        raise PermissionDenied(_("Only an editor of the bulletin's unit removes its versions."))
    if version.removed_at:
        return version
    was_playable = version.is_playable
    version.removed_at = timezone.now()
    version.save(update_fields=["removed_at", "updated_at"])
    bulletin_change_log(
        bulletin=bulletin,
        actor=actor,
        action=ChangeAction.VERSION_REMOVED,
        state_before=bulletin.state,
        changes={"version": version.pk, "language": version.language},
    )
    if was_playable:
        _playing_changed(bulletin)
    return version


@transaction.atomic
def versions_order(*, actor, bulletin: Bulletin, version_ids: list[int]) -> list[BulletinVersion]:
    """Set the order the versions play in: ``version_ids`` lists every live version once."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if not actor.has_perm("broadcast.change_bulletin", bulletin):
        raise PermissionDenied(_("Only an editor of the bulletin's unit orders its versions."))
    versions = {
        v.pk: v for v in BulletinVersion.objects.filter(bulletin=bulletin, removed_at__isnull=True)
    }
    if sorted(version_ids) != sorted(versions) or len(set(version_ids)) != len(version_ids):
        raise ValidationError(_("List each version of the bulletin once."))
    before = [v.pk for v in sorted(versions.values(), key=lambda v: (v.position, v.pk))]
    for position, pk in enumerate(version_ids):
        versions[pk].position = position
    BulletinVersion.objects.bulk_update(list(versions.values()), ["position"])
    if before != version_ids:
        bulletin_change_log(
            bulletin=bulletin,
            actor=actor,
            action=ChangeAction.VERSIONS_ORDERED,
            state_before=bulletin.state,
            changes={"order": [before, version_ids]},
        )
        _playing_changed(bulletin)
    return sorted(versions.values(), key=lambda v: v.position)

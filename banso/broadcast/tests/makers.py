"""Makers of bulletins, speakers and programmes for the broadcast tests, through the services."""

import datetime
from typing import Any

from django.utils import timezone

from banso.broadcast.models import Bulletin, BulletinVersion, VersionStatus
from banso.broadcast.services.bulletins import (
    BulletinData,
    bulletin_approve,
    bulletin_create,
    bulletin_submit,
)
from banso.broadcast.services.speakers import SpeakerData, speaker_register
from banso.broadcast.services.versions import recording_add, version_remove, voice_run
from banso.common.mp3 import mp3_silence

WORDS = "Thông báo của Ủy ban nhân dân xã về lịch tiêm phòng cho gia súc gia cầm "


def text_of(count: int) -> str:
    """A Vietnamese text of ``count`` words."""
    words = WORDS.split()
    return " ".join(words[i % len(words)] for i in range(count)) + "."


def data(**changes) -> BulletinData:
    now = timezone.now()
    fields: dict[str, Any] = {
        "title": "Lịch tiêm phòng",
        "text": text_of(40),
        "category": "health",
        "priority": "normal",
        "valid_from": now - datetime.timedelta(hours=1),
        "valid_until": now + datetime.timedelta(days=3),
    }
    fields.update(changes)
    return BulletinData(**fields)


def voice_now(bulletin: Bulletin) -> None:
    """Run the voicing the services queued (the worker's task) for the bulletin."""
    for version in BulletinVersion.objects.filter(
        bulletin=bulletin, status=VersionStatus.PENDING, removed_at__isnull=True
    ):
        voice_run(version_id=version.pk)


def bulletin_make(editor, unit, *, seconds: float | None = None, **changes) -> Bulletin:
    """A draft voiced by the machine (lingo's text-to-speech, as the worker would); with
    ``seconds``, read by a person instead, in a Vietnamese recording of exactly that long
    (for the rules where lengths matter)."""
    bulletin = bulletin_create(actor=editor, source_unit=unit, data=data(**changes))
    if seconds is None:
        voice_now(bulletin)
        return bulletin
    for version in BulletinVersion.objects.filter(bulletin=bulletin, removed_at__isnull=True):
        version_remove(actor=editor, version=version)
    recording_add(actor=editor, bulletin=bulletin, upload=mp3_upload(seconds), language="vi")
    return bulletin


def approved_make(editor, approver, unit, *, seconds: float | None = None, **changes):
    bulletin = bulletin_make(editor, unit, seconds=seconds, **changes)
    bulletin_submit(actor=editor, bulletin=bulletin)
    return bulletin_approve(actor=approver, bulletin=bulletin)


def speaker_make(actor, commune, name: str, **fields):
    """A speaker and its token."""
    return speaker_register(actor=actor, commune=commune, data=SpeakerData(name=name, **fields))


def mp3_upload(seconds: float = 5.0, name: str = "ghi-am.mp3"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, mp3_silence(seconds), content_type="audio/mpeg")

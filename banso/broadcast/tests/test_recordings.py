"""Recordings uploaded as WAV (what the recording page makes in the browser): encoded to the
loudspeakers' MP3 with lingo's encoder, measured from the MP3's bytes; WAVs that are not
well-formed 16-bit PCM refused with a message in the person's language."""

import hashlib
import io
import math
import struct
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banso.broadcast.models import BulletinVersion
from banso.broadcast.services.versions import recording_add
from banso.broadcast.tests.makers import bulletin_make
from banso.common.mp3 import mp3_inspect

pytestmark = pytest.mark.django_db


def wav_bytes(
    seconds: float = 2.0, *, rate: int = 16000, channels: int = 1, width: int = 2
) -> bytes:
    """A 440 Hz tone as a WAV file."""
    frames = round(seconds * rate)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        samples = bytearray()
        for index in range(frames):
            value = round(8000 * math.sin(2 * math.pi * 440 * index / rate))
            sample = struct.pack("<h", value) if width == 2 else bytes([128 + value // 256])
            samples += sample * channels
        writer.writeframes(bytes(samples))
    return buffer.getvalue()


def wav_upload(data: bytes, name: str = "ghi-am.wav") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="audio/wav")


@pytest.fixture
def draft(editor, muong_khuong):
    return bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))


@pytest.mark.parametrize(("rate", "channels"), [(16000, 1), (22050, 1), (44100, 2)])
def test_a_wav_is_stored_as_the_loudspeakers_mp3(editor, draft, rate, channels):
    version = recording_add(
        actor=editor,
        bulletin=draft,
        upload=wav_upload(wav_bytes(3, rate=rate, channels=channels)),
        language="dao",
    )
    stored = version.audio.read()
    info = mp3_inspect(stored)
    assert (info.channels, info.sample_rate, info.bitrate_kbps) == (1, 22050, 48)
    # What the version says comes from the MP3's bytes, not from the WAV.
    assert version.sha256 == hashlib.sha256(stored).hexdigest()
    assert version.size_bytes == len(stored)
    assert version.duration_ms == info.duration_ms
    assert 2_950 <= version.duration_ms <= 3_150
    assert str(version.audio.name).endswith(".mp3")


def test_a_wav_is_uploaded_on_the_recording_page(client, editor, draft):
    client.force_login(editor)
    url = reverse("broadcast:recording-create", args=[draft.pk])
    response = client.post(url, {"audio": wav_upload(wav_bytes(2)), "language": "tay"})
    assert response.status_code == 302
    recording = BulletinVersion.objects.get(bulletin=draft, kind="recorded")
    assert recording.language == "tay" and 1_950 <= recording.duration_ms <= 2_150
    audio = client.get(reverse("broadcast:version-audio", args=[draft.pk, recording.pk]))
    assert audio["Content-Type"] == "audio/mpeg"
    assert mp3_inspect(b"".join(audio.streaming_content)).sha256 == recording.sha256


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _float(data: bytes) -> bytes:
    return data[:20] + struct.pack("<H", 3) + data[22:]


def _eight_bits(data: bytes) -> bytes:
    return wav_bytes(1, width=1)


def _bad_rate(data: bytes) -> bytes:
    return data[:24] + struct.pack("<II", 12345, 12345 * 2) + data[32:]


def _odd_data(data: bytes) -> bytes:
    body = data[:40] + struct.pack("<I", 3) + data[44:47]
    return body[:4] + struct.pack("<I", len(body) - 8) + body[8:]


def _no_fmt(data: bytes) -> bytes:
    return data[:12] + b"junk" + data[16:]


def _three_channels(data: bytes) -> bytes:
    return data[:22] + struct.pack("<H", 3) + data[24:]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_cut, "Tệp WAV bị cắt cụt"),
        (_float, "không phải PCM 16 bit"),
        (_eight_bits, "không phải PCM 16 bit"),
        (_bad_rate, "12345 Hz"),
        (_odd_data, "không chứa mẫu âm thanh trọn vẹn"),
        (_no_fmt, "không có phần mô tả định dạng"),
        (_three_channels, "đơn kênh hoặc hai kênh"),
    ],
)
def test_a_bad_wav_is_refused_with_a_clear_message(client, editor, draft, spoil, message):
    client.force_login(editor)
    url = reverse("broadcast:recording-create", args=[draft.pk])
    response = client.post(url, {"audio": wav_upload(spoil(wav_bytes(1))), "language": "hmn"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BulletinVersion.objects.filter(bulletin=draft, kind="recorded").exists()


def test_a_file_neither_mp3_nor_wav_is_refused_in_english_too(client, editor, draft):
    client.force_login(editor)
    url = "/en" + reverse("broadcast:recording-create", args=[draft.pk])
    webm = SimpleUploadedFile("ghi-am.webm", b"\x1aE\xdf\xa3" + bytes(4000))
    response = client.post(url, {"audio": webm, "language": "hmn"})
    assert response.status_code == 400
    assert "neither an MP3 nor a WAV recording" in response.content.decode()


def test_a_wav_longer_than_the_limit_is_refused(client, editor, draft, settings):
    settings.MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(8000)
        writer.writeframes(bytes(16 * 60 * 8000 * 2))
    client.force_login(editor)
    url = reverse("broadcast:recording-create", args=[draft.pk])
    response = client.post(url, {"audio": wav_upload(buffer.getvalue()), "language": "hmn"})
    assert response.status_code == 400
    assert "Bản ghi dài 960 giây; giới hạn là 900 giây." in response.content.decode()
    assert not BulletinVersion.objects.filter(bulletin=draft, kind="recorded").exists()

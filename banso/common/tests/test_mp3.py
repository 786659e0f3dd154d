"""MP3 files read frame by frame: their duration, what is refused, the silent stream."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from banso.common.mp3 import (
    SILENCE_FRAME_BYTES,
    SILENCE_FRAME_SECONDS,
    mp3_inspect,
    mp3_silence,
    mp3_upload_read,
)


def test_silence_is_a_mono_48_kbps_stream_of_the_length_asked():
    data = mp3_silence(3.0)
    info = mp3_inspect(data)
    assert info.frames == 125 and len(data) == 125 * SILENCE_FRAME_BYTES
    assert info.duration_seconds == pytest.approx(3.0)
    assert (info.channels, info.sample_rate, info.bitrate_kbps) == (1, 24000, 48)
    assert info.sha256 == hashlib.sha256(data).hexdigest()


def _mpeg1_frame(bitrate_index: int = 9, padding: int = 0) -> bytes:
    """An MPEG-1 Layer III frame at 44.1 kHz, stereo (bitrate index 9: 128 kbps)."""
    header = bytes((0xFF, 0xFB, (bitrate_index << 4) | (padding << 1), 0x00))
    length = 144 * 128_000 // 44_100 + padding
    return header + bytes(length - 4)


def test_tags_are_skipped_and_the_duration_counts_every_frame():
    id3 = b"ID3" + bytes((4, 0, 0)) + bytes((0, 0, 0, 20)) + bytes(20)
    frames = (_mpeg1_frame() + _mpeg1_frame(padding=1)) * 50
    trailer = b"TAG" + bytes(125)
    info = mp3_inspect(id3 + frames + trailer)
    assert info.frames == 100
    assert info.duration_seconds == pytest.approx(100 * 1152 / 44100)
    assert info.channels == 2 and info.bitrate_kbps == 128


def test_the_information_frame_of_an_encoder_is_not_counted():
    xing = bytearray(_mpeg1_frame())
    xing[36:40] = b"Xing"
    info = mp3_inspect(bytes(xing) + _mpeg1_frame() * 10)
    assert info.frames == 10


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"RIFF\x00\x00\x00\x00WAVEfmt ",
        b"%PDF-1.4 not audio at all",
        mp3_silence(1)[: -SILENCE_FRAME_BYTES * 40] + b"<html>junk in the middle</html>" * 20,
        mp3_silence(1)[: SILENCE_FRAME_BYTES * 2],  # two frames are no recording
    ],
    ids=["empty", "wav", "pdf", "junk-inside", "too-short"],
)
def test_what_is_not_an_mp3_stream_is_refused(data):
    with pytest.raises(ValidationError) as refused:
        mp3_inspect(data)
    assert refused.value.code == "not_mp3"


def test_a_last_frame_cut_off_is_dropped():
    data = mp3_silence(1)
    info = mp3_inspect(data[:-50])
    assert info.duration_seconds == pytest.approx(mp3_inspect(data).duration_seconds - 0.024)


@given(st.floats(min_value=0.1, max_value=600))
def test_silence_lasts_what_was_asked_within_a_frame(seconds):
    info = mp3_inspect(mp3_silence(seconds))
    assert abs(info.duration_seconds - max(seconds, 3 * SILENCE_FRAME_SECONDS)) <= (
        SILENCE_FRAME_SECONDS / 2 + 1e-9
    )


@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_never_crash(data):
    try:
        info = mp3_inspect(data)
    except ValidationError:
        return
    assert info.frames >= 3 and info.duration_seconds > 0


def test_an_upload_too_large_is_refused(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        mp3_upload_read(SimpleUploadedFile("a.mp3", mp3_silence(2)))
    assert refused.value.code == "too_large"

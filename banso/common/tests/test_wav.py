"""WAV files read strictly: whatever bytes follow a RIFF/WAVE header, the reader answers the
samples or a ValidationError, never another exception; a well-formed file gives back exactly
the samples written."""

import io
import struct
import wave

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from banso.common.wav import wav_is, wav_read


def _wav(pcm: bytes, *, rate: int = 16000, channels: int = 1) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm)
    return buffer.getvalue()


@given(st.binary(max_size=400))
@settings(max_examples=300)
def test_any_bytes_after_a_wav_header_give_samples_or_a_validation_error(rest):
    data = b"RIFF" + struct.pack("<I", len(rest) + 4) + b"WAVE" + rest
    assert wav_is(data)
    try:
        audio = wav_read(data, longest_seconds=60)
    except ValidationError:
        return
    assert len(audio.pcm) % (2 * audio.channels) == 0 and audio.frames > 0


@given(st.binary(min_size=4, max_size=2000), st.sampled_from([1, 2]))
def test_a_well_formed_file_gives_back_its_samples(pcm, channels):
    pcm = pcm[: len(pcm) // (2 * channels) * (2 * channels)]
    audio = wav_read(_wav(pcm, channels=channels), longest_seconds=60)
    assert (audio.pcm, audio.sample_rate, audio.channels) == (pcm, 16000, channels)


def test_a_chunk_after_the_samples_and_an_odd_chunk_before_them_are_read_past():
    pcm = bytes(range(200))
    data = _wav(pcm)
    body = data[12:36] + b"LIST" + struct.pack("<I", 3) + b"abc\x00" + data[36:] + b"id3 "
    body += struct.pack("<I", 2) + b"xy"
    wav = b"RIFF" + struct.pack("<I", len(body) + 4) + b"WAVE" + body
    assert wav_read(wav, longest_seconds=60).pcm == pcm


def test_a_file_longer_than_the_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        wav_read(_wav(bytes(16000 * 2 * 3)), longest_seconds=2)
    assert refused.value.code == "wav_too_long"


@given(st.lists(st.tuples(st.integers(0, 299), st.integers(0, 255)), min_size=1, max_size=8))
@settings(max_examples=300)
def test_a_spoiled_file_gives_samples_or_a_validation_error(changes):
    data = bytearray(_wav(bytes(256)))
    for position, value in changes:
        data[position % len(data)] = value
    try:
        audio = wav_read(bytes(data), longest_seconds=60)
    except ValidationError:
        return
    assert audio.channels in (1, 2) and len(audio.pcm) <= len(data) - 44

"""MP3 files read from their bytes alone, no decoder: whether a file is an MPEG audio Layer III
stream, and its length in time, bitrate, sample rate and channels, counted frame by frame.

Counting every frame gives the exact duration of constant and variable bitrate files alike
(a frame holds 1,152 samples in MPEG-1, 576 in MPEG-2 and 2.5), where the file size divided by
the bitrate only guesses. Tags are skipped: ID3v2 at the start, ID3v1 and APE at the end. A file
whose frames do not follow each other (another format, a cut-off download, junk in the middle)
is refused. :func:`mp3_silence` writes a valid silent stream of a given length, what a
decoder plays as silence (every frame's side information and audio data are zero).

Small loudspeaker receivers play MPEG audio Layer III; the platform voices bulletins as mono
MP3 at 48 kbps (``SILENCE_*``: MPEG-2, 24 kHz).
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Bitrates in kbps by bitrate index, for Layer III.
_BITRATES_MPEG1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_MPEG2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
# Sample rates by the header's version bits (3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5).
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
# Frames fewer than this are no recording (a header that happens to look like a frame).
MIN_FRAMES = 3

# The stream mp3_silence writes: MPEG-2 Layer III, 48 kbps, 24 kHz, mono, no CRC: 144-byte
# frames of 576 samples (24 ms).
SILENCE_HEADER = bytes((0xFF, 0xF3, 0x64, 0xC0))
SILENCE_FRAME_BYTES = 144
SILENCE_FRAME_SECONDS = 576 / 24000


@dataclass(frozen=True)
class Mp3Info:
    duration_seconds: float
    frames: int
    sample_rate: int
    channels: int
    bitrate_kbps: int  # the average over the frames
    size_bytes: int
    sha256: str

    @property
    def duration_ms(self) -> int:
        return round(self.duration_seconds * 1000)


@dataclass(frozen=True)
class _Frame:
    length: int
    samples: int
    sample_rate: int
    channels: int
    bitrate_kbps: int


def _frame_at(data: bytes | memoryview, position: int) -> _Frame | None:
    """The Layer III frame whose header starts at ``position``, or None."""
    if position + 4 > len(data):
        return None
    b1, b2, b3 = data[position + 1], data[position + 2], data[position + 3]
    if data[position] != 0xFF or (b1 & 0xE0) != 0xE0:
        return None
    version = (b1 >> 3) & 0x03
    layer = (b1 >> 1) & 0x03
    bitrate_index = (b2 >> 4) & 0x0F
    rate_index = (b2 >> 2) & 0x03
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None  # reserved version, not Layer III, free-format or bad bitrate, bad rate
    padding = (b2 >> 1) & 0x01
    mpeg1 = version == 3
    bitrate = (_BITRATES_MPEG1 if mpeg1 else _BITRATES_MPEG2)[bitrate_index]
    sample_rate = _SAMPLE_RATES[version][rate_index]
    samples = 1152 if mpeg1 else 576
    length = (samples // 8) * bitrate * 1000 // sample_rate + padding
    channels = 1 if (b3 >> 6) == 3 else 2
    return _Frame(length, samples, sample_rate, channels, bitrate)


def _id3v2_length(data: bytes | memoryview) -> int:
    """The length of the ID3v2 tag the file starts with (0 without one)."""
    if len(data) < 10 or bytes(data[:3]) != b"ID3":
        return 0
    size = 0
    for byte in data[6:10]:
        if byte & 0x80:
            return 0  # not a syncsafe size: no tag
        size = (size << 7) | byte
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def _is_trailing_tag(rest: bytes | memoryview) -> bool:
    head = bytes(rest[:8])
    return head.startswith((b"TAG", b"APETAGEX", b"LYRICS"))


def _refusal() -> ValidationError:
    return ValidationError(
        _("This file is not an MP3 recording (MPEG audio Layer III). Please upload an MP3 file."),
        code="not_mp3",
    )


def _xing_frame(data: bytes | memoryview, position: int, frame: _Frame) -> bool:
    """Whether the frame at ``position`` is the VBR information frame an encoder writes first
    (Xing, Info or VBRI): it carries no sound, so it is not counted."""
    window = bytes(data[position : position + min(frame.length, 64)])
    return b"Xing" in window or b"Info" in window or b"VBRI" in window


def mp3_inspect(data: bytes) -> Mp3Info:
    """What ``data`` holds, or ``ValidationError`` when it is not an MP3 stream."""
    view = memoryview(data)
    position = _id3v2_length(view)
    frames = samples = bits = 0
    sample_rate = channels = 0
    first = True
    while position < len(view):
        frame = _frame_at(view, position)
        if frame is None:
            if frames and (_is_trailing_tag(view[position:]) or len(view) - position < 4):
                break
            raise _refusal()
        if position + frame.length > len(view):
            break  # the last frame is cut off: a decoder drops it, and so is it here
        if first and _xing_frame(view, position, frame):
            first = False
            position += frame.length
            continue
        first = False
        if frames and (frame.sample_rate != sample_rate):
            raise _refusal()
        frames += 1
        samples += frame.samples
        bits += frame.bitrate_kbps
        sample_rate, channels = frame.sample_rate, frame.channels
        position += frame.length
    if frames < MIN_FRAMES:
        raise _refusal()
    return Mp3Info(
        duration_seconds=samples / sample_rate,
        frames=frames,
        sample_rate=sample_rate,
        channels=channels,
        bitrate_kbps=round(bits / frames),
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def mp3_silence(seconds: float) -> bytes:
    """A silent mono MP3 of about ``seconds`` (whole 24 ms frames, at least ``MIN_FRAMES``)."""
    count = max(MIN_FRAMES, round(seconds / SILENCE_FRAME_SECONDS))
    frame = SILENCE_HEADER + bytes(SILENCE_FRAME_BYTES - len(SILENCE_HEADER))
    return frame * count


def mp3_upload_read(upload) -> tuple[bytes, Mp3Info]:
    """The bytes of an uploaded MP3 and what they hold; ``ValidationError`` for a file too
    large or not an MP3 (see :func:`banso.common.uploads.validate_upload_size`)."""
    from banso.common.uploads import validate_upload_size

    validate_upload_size(upload)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read()
    return data, mp3_inspect(data)

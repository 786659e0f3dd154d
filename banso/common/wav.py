"""WAV recordings read strictly from their bytes: RIFF/WAVE, PCM, 16 bits a sample, mono or
stereo, what a browser's recorder (Web Audio, no encoder) and most sound recorders write.

The header is checked chunk by chunk before the standard library's :mod:`wave` reads the
samples: a file that says it is longer than it is, a ``fmt`` chunk that disagrees with itself
(block alignment, bytes a second), a compressed or floating-point format, or a ``data`` chunk
that does not hold whole frames is refused with a message the uploader can act on; the caller
gives the longest duration it takes. Nothing here decodes anything but PCM: a WebM, Opus or M4A
file is not WAV.
"""

import io
import struct
import wave
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PCM_FORMAT = 1
SAMPLE_BYTES = 2
# The rates MP3 encoders take (LAME resamples any of them), from telephone to studio.
SAMPLE_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
HEADER_BYTES = 12
CHUNK_HEADER_BYTES = 8


@dataclass(frozen=True)
class WavAudio:
    """The samples of a WAV file: 16-bit little-endian PCM, ``channels`` interleaved."""

    pcm: bytes
    sample_rate: int
    channels: int

    @property
    def frames(self) -> int:
        return len(self.pcm) // (SAMPLE_BYTES * self.channels)

    @property
    def duration_seconds(self) -> float:
        return self.frames / self.sample_rate


def wav_is(data: bytes) -> bool:
    """Whether ``data`` says it is a WAV file (its first twelve bytes); :func:`wav_read`
    checks the rest."""
    return len(data) >= HEADER_BYTES and data[:4] == b"RIFF" and data[8:12] == b"WAVE"


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _chunks(data: bytes) -> dict[bytes, tuple[int, int]]:
    """The chunks of the RIFF body: identifier → (offset of its content, its length)."""
    declared = struct.unpack_from("<I", data, 4)[0] + 8
    if declared > len(data):
        raise _refused(
            _("The WAV file is cut off: it says it holds more than it does."), "wav_truncated"
        )
    chunks: dict[bytes, tuple[int, int]] = {}
    position = HEADER_BYTES
    while position + CHUNK_HEADER_BYTES <= declared:
        identifier = data[position : position + 4]
        length = struct.unpack_from("<I", data, position + 4)[0]
        start = position + CHUNK_HEADER_BYTES
        if start + length > declared:
            raise _refused(
                _("The WAV file is cut off: it says it holds more than it does."),
                "wav_truncated",
            )
        chunks.setdefault(identifier, (start, length))
        position = start + length + (length & 1)  # chunks are padded to an even length
    return chunks


def _format_check(data: bytes, start: int, length: int) -> tuple[int, int]:
    """The sample rate and channels of the ``fmt`` chunk, or a refusal."""
    if length < 16:
        raise _refused(_("The WAV file has no valid format description."), "wav_format")
    tag, channels, rate, byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", data, start)
    if tag != PCM_FORMAT or bits != SAMPLE_BYTES * 8:
        raise _refused(
            _(
                "This WAV file is not 16-bit PCM (it is compressed or in floating point). "
                "Please record as 16-bit PCM or upload an MP3 file."
            ),
            "wav_not_pcm16",
        )
    if channels not in (1, 2):
        raise _refused(_("A WAV recording must be mono or stereo."), "wav_channels")
    if rate not in SAMPLE_RATES:
        raise _refused(
            _("The WAV file's sample rate (%(rate)s Hz) is not one an MP3 takes.") % {"rate": rate},
            "wav_rate",
        )
    if block_align != channels * SAMPLE_BYTES or byte_rate != rate * block_align:
        raise _refused(_("The WAV file has no valid format description."), "wav_format")
    return rate, channels


def wav_read(data: bytes, *, longest_seconds: float) -> WavAudio:
    """The samples of a WAV file, or ``ValidationError`` (in the user's language) when it is
    not a well-formed 16-bit PCM WAV of at most ``longest_seconds``."""
    if not wav_is(data):
        raise _refused(_("This file is not a WAV recording."), "not_wav")
    chunks = _chunks(data)
    if b"fmt " not in chunks or b"data" not in chunks:
        raise _refused(_("The WAV file has no format description or no sound."), "wav_format")
    rate, channels = _format_check(data, *chunks[b"fmt "])
    data_start, data_length = chunks[b"data"]
    if data_start < chunks[b"fmt "][0]:
        raise _refused(_("The WAV file has no valid format description."), "wav_format")
    if data_length == 0 or data_length % (channels * SAMPLE_BYTES):
        raise _refused(_("The WAV file holds no whole samples."), "wav_data")
    duration = data_length / (rate * channels * SAMPLE_BYTES)
    if duration > longest_seconds:
        raise _refused(
            _("The recording is %(seconds)d seconds long; the limit is %(limit)d seconds.")
            % {"seconds": round(duration), "limit": longest_seconds},
            "wav_too_long",
        )
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            pcm = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError, struct.error) as error:
        raise _refused(_("This file is not a WAV recording."), "not_wav") from error
    if len(pcm) != data_length:
        raise _refused(
            _("The WAV file is cut off: it says it holds more than it does."), "wav_truncated"
        )
    return WavAudio(pcm=pcm, sample_rate=rate, channels=channels)

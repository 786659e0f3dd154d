"""What every speech engine offers, the errors speech raises, and the WAV the engines write.

An engine turns a short Vietnamese text (already normalised: numbers and abbreviations in
words) into mono 16-bit PCM at its own sample rate; :mod:`banso.lingo.speech.render` joins the
pieces and encodes them. Engines are programs run in a child process (espeak-ng, piper), so a
crash or a hang of theirs costs a chunk, never the worker.
"""

import struct
from dataclasses import dataclass
from typing import Protocol


class SpeechError(Exception):
    """The text cannot be voiced: nothing to say, a language no engine speaks, no engine."""


class SpeechEngineError(SpeechError):
    """The engine failed: not installed, its voice missing, it crashed, timed out or wrote
    something that is not mono 16-bit PCM."""


@dataclass(frozen=True)
class Audio:
    """Mono signed 16-bit little-endian samples at ``sample_rate`` hertz."""

    pcm: bytes
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


class SpeechEngine(Protocol):
    """A speech engine. ``voice`` raises :class:`SpeechEngineError` for any failure;
    ``chunk_characters`` is how much text it is best given at once (an engine that loads a
    model per call wants long pieces, one that starts in milliseconds short ones, which make a
    finer progress bar)."""

    name: str
    voice_name: str
    chunk_characters: int

    def voice(self, text: str) -> Audio: ...


def wav_read(data: bytes) -> Audio:
    """The samples of a PCM WAV file. The data chunk may claim more bytes than there are:
    a program writing to a pipe cannot seek back to fill in the sizes (espeak-ng --stdout)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechEngineError("the engine's output is not a WAV file")
    offset = 12
    sample_rate = 0
    while offset + 8 <= len(data):
        chunk_id = data[offset : offset + 4]
        (size,) = struct.unpack_from("<I", data, offset + 4)
        body = offset + 8
        if chunk_id == b"fmt ":
            audio_format, channels, sample_rate = struct.unpack_from("<HHI", data, body)
            (bits,) = struct.unpack_from("<H", data, body + 14)
            if audio_format != 1 or channels != 1 or bits != 16:
                raise SpeechEngineError(
                    f"the engine wrote format {audio_format}, {channels} channels, {bits} bits;"
                    " mono 16-bit PCM was expected"
                )
        elif chunk_id == b"data":
            if not sample_rate:
                raise SpeechEngineError("the engine's WAV has no format before its samples")
            pcm = data[body : body + size]
            return Audio(pcm=pcm[: len(pcm) // 2 * 2], sample_rate=sample_rate)
        offset = body + size + (size & 1)
    raise SpeechEngineError("the engine's WAV has no samples")

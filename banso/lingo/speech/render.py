"""A text made into an MP3 a loudspeaker plays: normalise, cut, voice, join, encode.

The text is normalised for the ear (:mod:`.normalise`), cut into pieces of whole sentences
that suit the engine (a few hundred characters for espeak-ng, about a thousand for Piper,
which loads its model at every call), and each piece is voiced and encoded in turn, so a
progress callback can report ``done`` of ``total`` pieces to a progress bar and a long bulletin
is never held as raw samples. Pieces are joined with a short pause; a new paragraph (a new line
of the text) gets a longer one.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from banso.common.mp3 import mp3_inspect
from banso.lingo.speech.engines import (
    EspeakEngine,
    SpeechEngine,
    SpeechEngineError,
    SpeechError,
    speech_engine,
)
from banso.lingo.speech.mp3 import Mp3Writer
from banso.lingo.speech.normalise import speech_normalise

logger = logging.getLogger(__name__)

# The languages the engines are given: Vietnamese. Bulletins in H'Mông, Dao or Tày are recorded
# by people: no engine speaks them.
SPEECH_LANGUAGES = ("vi",)
SENTENCE_PAUSE_SECONDS = 0.2
PARAGRAPH_PAUSE_SECONDS = 0.7

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SpeechResult:
    """A voiced text: the MP3 (mono, 48 kbit/s, 22.05 kHz), how long it plays, which engine
    and voice spoke it, and the words they were given (the normalised text)."""

    mp3: bytes
    duration_seconds: float
    engine: str
    voice: str
    text: str


@dataclass(frozen=True)
class Piece:
    text: str
    pause_after: float


def speech_pieces(text: str, *, characters: int) -> list[Piece]:
    """``text`` (normalised, one paragraph a line) cut into pieces of whole sentences of at
    most ``characters``; a longer sentence is cut at its commas, then between words."""
    pieces = []
    for paragraph in filter(None, (line.strip() for line in text.split("\n"))):
        parts: list[str] = []
        for sentence in re.split(r"(?<=[.!?;:])\s+", paragraph):
            parts += _cut(sentence, characters)
        grouped: list[str] = []
        for part in parts:
            if grouped and len(grouped[-1]) + 1 + len(part) <= characters:
                grouped[-1] += " " + part
            else:
                grouped.append(part)
        pieces += [Piece(piece, SENTENCE_PAUSE_SECONDS) for piece in grouped]
        pieces[-1] = Piece(pieces[-1].text, PARAGRAPH_PAUSE_SECONDS)
    return pieces


def _cut(sentence: str, characters: int) -> list[str]:
    if len(sentence) <= characters:
        return [sentence]
    parts: list[str] = []
    for separator in (", ", " "):
        parts = []
        for part in sentence.split(separator):
            joined = f"{parts[-1]}{separator}{part}" if parts else part
            if parts and len(joined) <= characters:
                parts[-1] = joined
            else:
                parts.append(part)
        if all(len(part) <= characters for part in parts):
            return [part.strip() for part in parts]
    return [part.strip() for part in parts]


def speech_render(
    text: str, *, language: str = "vi", progress: Progress | None = None
) -> SpeechResult:
    """``text`` read aloud as an MP3 for the loudspeakers.

    ``progress(done, total)`` is called with ``done = 0`` before the first piece and after
    each piece is voiced. Raises :class:`SpeechError` when there is nothing to say or the
    language is not spoken here, and :class:`SpeechEngineError` when no engine can speak
    (espeak-ng missing). A configured Piper voice that fails is logged and the whole text is
    voiced again by espeak-ng (``progress`` then starts again from 0).
    """
    if language not in SPEECH_LANGUAGES:
        raise SpeechError(f"no engine speaks {language!r} here; it speaks {SPEECH_LANGUAGES}")
    spoken = speech_normalise(text)
    if not re.search(r"\w", spoken):
        raise SpeechError("there is nothing to say")
    engine = speech_engine()
    try:
        return _render(spoken, engine, progress)
    except SpeechEngineError as error:
        if isinstance(engine, EspeakEngine):
            raise
        logger.warning("%s failed, espeak-ng speaks instead: %s", engine.name, error)
        return _render(spoken, EspeakEngine(), progress)


def _render(spoken: str, engine: SpeechEngine, progress: Progress | None) -> SpeechResult:
    pieces = speech_pieces(spoken, characters=engine.chunk_characters)
    writer = Mp3Writer()
    if progress:
        progress(0, len(pieces))
    for done, piece in enumerate(pieces, start=1):
        audio = engine.voice(piece.text)
        try:
            writer.write(audio.pcm, audio.sample_rate)
        except ValueError as error:
            raise SpeechEngineError(f"{engine.name} changed its sample rate: {error}") from error
        if done < len(pieces):
            writer.write_silence(piece.pause_after)
        if progress:
            progress(done, len(pieces))
    mp3 = writer.finish()
    return SpeechResult(
        mp3=mp3,
        # What the file plays, LAME's few milliseconds of padding included.
        duration_seconds=round(mp3_inspect(mp3).duration_seconds, 3),
        engine=engine.name,
        voice=engine.voice_name,
        text=spoken,
    )

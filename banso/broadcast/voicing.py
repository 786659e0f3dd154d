"""The one door from bulletins to speech synthesis: :func:`voice_bulletin`.

The Vietnamese version of a bulletin is voiced by ``lingo``'s text-to-speech (level 1): the
text normalised for the ear (numbers, dates, times, money, abbreviations such as UBND), read by
espeak-ng's Vietnamese voice, or by a Piper voice when the operator supplies one, and encoded
as mono MP3 at 48 kbit/s, what the small 4G receivers play. The title is read first, then the
text, a paragraph pause between them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from banso.broadcast.models import BulletinVersion
from banso.lingo.speech import speech_render

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Voice:
    mp3: bytes
    duration: float  # seconds, as the engine measured it
    engine: str


def voice_bulletin(version: BulletinVersion, *, progress: Progress | None = None) -> Voice:
    """The Vietnamese voice of ``version``'s bulletin (its title, then its text), as MP3;
    ``progress(done, total)`` follows the pieces voiced. Raises lingo's ``SpeechError`` or
    ``SpeechEngineError`` when it cannot speak (nothing to say, no engine)."""
    bulletin = version.bulletin
    result = speech_render(
        f"{bulletin.title.rstrip('.')}.\n{bulletin.text}", language="vi", progress=progress
    )
    engine = f"{result.engine} ({result.voice})" if result.voice else result.engine
    return Voice(mp3=result.mp3, duration=result.duration_seconds, engine=engine)

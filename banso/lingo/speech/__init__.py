"""Speech: Vietnamese bulletins voiced as MP3 for the village loudspeakers.

The whole surface the other apps use::

    from banso.lingo.speech import speech_render, SpeechError

    result = speech_render(bulletin.text, progress=lambda done, total: ...)
    result.mp3               # bytes: MP3, mono, 48 kbit/s, 22.05 kHz
    result.duration_seconds  # float
    result.engine, result.voice  # "espeak-ng", "vi" or "piper", "vi_VN-…"
    result.text              # what was read: the text after normalisation

``speech_render`` is slow work (seconds to minutes): call it from a background task, never in
a request. :func:`speech_normalise` shows what would be read (for a preview);
``banso.common.mp3.mp3_inspect`` checks an MP3 and gives its duration. A person's recording
in PCM (a WAV's samples) is made into the same MP3 by :func:`mp3_from_pcm`. See docs/lingo.md,
"Speech".
"""

from banso.lingo.speech.engines import SpeechEngineError, SpeechError
from banso.lingo.speech.mp3 import mp3_from_pcm
from banso.lingo.speech.normalise import speech_normalise
from banso.lingo.speech.render import SPEECH_LANGUAGES, Progress, SpeechResult, speech_render

__all__ = [
    "SPEECH_LANGUAGES",
    "Progress",
    "SpeechEngineError",
    "SpeechError",
    "SpeechResult",
    "mp3_from_pcm",
    "speech_normalise",
    "speech_render",
]

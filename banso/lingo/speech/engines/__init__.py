"""The speech engines and which one voices a text.

espeak-ng (:mod:`.espeak`) is the default and the fallback; Piper (:mod:`.piper`) voices the
bulletins when ``BANSO_SPEECH_PIPER_VOICE`` names a voice file. A Piper that is configured but
cannot work (the file or the program missing) is reported by ``manage.py check`` and, at run
time, logged, and espeak-ng speaks instead: a flood warning in a robotic voice is better than
none.
"""

import logging

from django.conf import settings

from banso.lingo.speech.engines.base import (
    Audio,
    SpeechEngine,
    SpeechEngineError,
    SpeechError,
    wav_read,
)
from banso.lingo.speech.engines.espeak import EspeakEngine
from banso.lingo.speech.engines.piper import PiperEngine

__all__ = [
    "Audio",
    "EspeakEngine",
    "PiperEngine",
    "SpeechEngine",
    "SpeechEngineError",
    "SpeechError",
    "speech_engine",
    "wav_read",
]

logger = logging.getLogger(__name__)


def speech_engine() -> SpeechEngine:
    """Piper when a voice file is configured and usable, else espeak-ng. Raises
    :class:`SpeechEngineError` when espeak-ng is missing too."""
    if settings.SPEECH_PIPER_VOICE:
        try:
            return PiperEngine()
        except SpeechEngineError as error:
            logger.warning("The Piper voice cannot be used, espeak-ng speaks instead: %s", error)
    return EspeakEngine()

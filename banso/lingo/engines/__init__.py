"""Machine translation engines behind one function.

:func:`machine_translate` is all the rest of lingo calls: it answers a list of texts in the
target language, or ``None`` when no engine is configured or the configured one cannot answer
now. It never raises, so a failing engine never breaks a page or a save: lingo then keeps what
memory and glossary gave and queues the rest for a person.

``BANSO_TRANSLATION_ENGINE`` chooses the engine: empty (the default: no machine translation),
``libretranslate`` (an HTTP server, :mod:`.libretranslate`) or ``argos`` (model files loaded in
this process, :mod:`.argos`). Calls go through a circuit breaker (:mod:`.circuit`) so that a
dead engine costs one quick ``None``, not a timeout per task.
"""

import logging

from django.conf import settings

from banso.lingo.engines.argos import ArgosEngine
from banso.lingo.engines.base import LANGUAGE_CODES, Engine, EngineError
from banso.lingo.engines.circuit import CircuitBreaker
from banso.lingo.engines.libretranslate import LibreTranslateEngine

__all__ = [
    "ENGINES",
    "LANGUAGE_CODES",
    "Engine",
    "EngineError",
    "engine_configured",
    "machine_translate",
]

logger = logging.getLogger(__name__)

# The engines an operator may name; no class is loaded from a dotted path.
ENGINES: dict[str, type[Engine]] = {
    LibreTranslateEngine.name: LibreTranslateEngine,
    ArgosEngine.name: ArgosEngine,
}


def engine_configured() -> Engine | None:
    """The engine the settings name, or ``None`` when they name none. Raises
    :class:`EngineError` when the one named cannot be built (unknown name, missing model)."""
    name = settings.TRANSLATION_ENGINE
    if not name:
        return None
    engine_class = ENGINES.get(name)
    if engine_class is None:
        raise EngineError(f"BANSO_TRANSLATION_ENGINE={name!r} is none of {sorted(ENGINES)}")
    return engine_class()


def machine_translate(texts: list[str], *, source: str, target: str) -> list[str] | None:
    """``texts`` translated from ``source`` to ``target`` (Django language codes), in order, or
    ``None`` when no engine can answer: none configured, the engine down or unusable, its
    circuit open, or the pair not offered. Never raises; failures are logged as warnings."""
    try:
        engine = engine_configured()
    except Exception as error:
        logger.warning("Machine translation is configured but unusable: %s", error)
        return None
    if engine is None:
        return None
    if not texts:
        return []
    breaker = CircuitBreaker(engine.name)
    if not breaker.allows_call():
        logger.info("Machine translation skipped: %s's circuit is open", engine.name)
        return None
    try:
        if (source, target) not in engine.languages():
            breaker.record_success()
            logger.warning("%s does not translate %s → %s", engine.name, source, target)
            return None
        translated = engine.translate(list(texts), source=source, target=target)
        if len(translated) != len(texts):
            raise EngineError(f"{len(translated)} translations for {len(texts)} texts")
    except Exception as error:
        breaker.record_failure()
        logger.warning(
            "Machine translation %s → %s by %s failed: %s", source, target, engine.name, error
        )
        return None
    breaker.record_success()
    return translated

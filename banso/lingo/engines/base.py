"""What every machine translation engine offers, and the one error they raise.

An engine speaks in Django's language codes (``vi``, ``en``, ``zh-hans``); each one maps them to
its own (LibreTranslate's ``zh-Hans`` or ``zh``, Argos' ``zh``) so that nothing above it knows
which engine answered.
"""

from typing import Protocol

# The languages content is written and read in on this platform (settings.LANGUAGES).
LANGUAGE_CODES = ("vi", "en", "zh-hans")


class EngineError(Exception):
    """The engine could not translate: it is down, too slow, refused the request, answered
    something we cannot read, or is configured but unusable (package or model missing)."""


class Engine(Protocol):
    """A machine translation engine. ``translate`` keeps the order and length of ``texts`` and
    raises :class:`EngineError` for any failure; ``languages`` answers the pairs it offers."""

    name: str

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]: ...

    def languages(self) -> set[tuple[str, str]]: ...

"""The glossary at work: which of its terms a text holds, and whether a translation kept them.

A term is found in the source by its words, case aside but diacritics kept ("SA PA" finds
"Sa Pa"; "Dao" is not "đào", a peach, nor "Tày" "tây", the west), whole words only, so "Bản" is
not found inside "Bảng". A translation keeps it when the term's
rendering in the target language appears in it as written, diacritics included, case aside:
an engine's "Sand Pa" or "Ban Pho" for "Bản Phố" is flagged.

The terms are read once per process and read again when the glossary changes (a version in the
cache, bumped after each write commits).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from banso.lingo.models import GlossaryTerm

_VERSION_KEY = "lingo:glossary:version"
_WORD = re.compile(r"[\w']+")
_loaded: dict[str, object] = {"version": None, "terms": ()}


@dataclass(frozen=True)
class GlossaryHit:
    term: str
    expected: str
    kind: str

    def as_flag(self) -> dict[str, str]:
        return {"term": self.term, "expected": self.expected}


def glossary_changed() -> None:
    """Make every process read the glossary again once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            cache.set(_VERSION_KEY, 1, timeout=None)

    transaction.on_commit(bump)


def _terms() -> tuple[GlossaryTerm, ...]:
    version = cache.get(_VERSION_KEY, 0)
    if _loaded["version"] != version:
        _loaded["terms"] = tuple(GlossaryTerm.objects.all())
        _loaded["version"] = version
    return _loaded["terms"]  # type: ignore[return-value]


def glossary_hits(source: str, *, language: str) -> list[GlossaryHit]:
    """The glossary terms ``source`` holds that have a fixed rendering in ``language``, longest
    first ("Chè Shan Tuyết" before "Shan Tuyết")."""
    words = f" {' '.join(_words(source))} "
    hits = []
    for term in _terms():
        expected = term.rendering(language)
        if expected and f" {' '.join(_words(term.term))} " in words:
            hits.append(GlossaryHit(term=term.term, expected=expected, kind=term.kind))
    return sorted(hits, key=lambda hit: -len(hit.term))


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def glossary_check(source: str, translation: str, *, language: str) -> list[GlossaryHit]:
    """The terms of ``source`` whose rendering in ``language`` is missing from
    ``translation``: each is a reason for a person to look."""
    written = _comparable(translation)
    return [
        hit
        for hit in glossary_hits(source, language=language)
        if _comparable(hit.expected) not in written
    ]

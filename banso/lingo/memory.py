"""The translation memory: reviewed sentences, found again exactly or by likeness.

An exact match (same sentence once spaces are collapsed) is looked up by its hash in one query
and reused at once. A fuzzy match is offered to the reviewer with its score: the similarity of
the two sentences (rapidfuzz's normalised Indel ratio, 0–100, case ignored), from 75 up.

Fuzzy look-ups run against an index kept in each process for each language pair: the
remembered sentences and, for each word, the sentences holding it. A sentence is scored only
against the few hundred remembered ones that share the most words with it (two sentences 75 %
alike share most of their words), so a look-up costs about the same against a memory of a
thousand sentences or of a hundred thousand. The index catches up with new units (ids above
the last one it holds) each time a matcher is made, and starts again when the table no longer
matches what it holds (units deleted, or a transaction rolled back).
"""

import hashlib
import re
import threading
from array import array
from dataclasses import dataclass, field

import numpy
from django.db import transaction
from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from banso.lingo.models import MemoryUnit
from banso.lingo.segments import segment_key

FUZZY_THRESHOLD = 75


def memory_hash(sentence: str) -> str:
    return hashlib.sha256(segment_key(sentence).encode()).hexdigest()


@dataclass(frozen=True)
class MemoryMatch:
    score: float
    source_text: str
    target_text: str
    unit_id: int


def memory_exact(sentences: list[str], *, source: str, target: str) -> dict[str, str]:
    """The remembered translation of each of ``sentences`` that has one, by sentence."""
    by_hash = {memory_hash(sentence): sentence for sentence in sentences if sentence.strip()}
    if not by_hash:
        return {}
    found = MemoryUnit.objects.filter(
        source_language=source, target_language=target, source_hash__in=list(by_hash)
    ).values_list("source_hash", "target_text")
    return {by_hash[digest]: text for digest, text in found}


@transaction.atomic
def memory_remember(*, pairs: list[tuple[str, str]], source: str, target: str, actor=None) -> int:
    """Remember reviewed (sentence, translation) pairs; a sentence remembered before takes the
    newer translation. Returns how many pairs were kept."""
    kept = 0
    for sentence, translation in pairs:
        key, text = segment_key(sentence), translation.strip()
        if not key or not text:
            continue
        MemoryUnit.objects.update_or_create(
            source_language=source,
            target_language=target,
            source_hash=memory_hash(key),
            defaults={
                "source_text": sentence.strip(),
                "source_key": key,
                "target_text": text,
                "created_by": actor,
            },
        )
        kept += 1
    return kept


_WORD = re.compile(r"\w+")
# Sentences scored with rapidfuzz for one look-up: those sharing the most words with it.
CANDIDATES = 300


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text))


@dataclass
class _Index:
    last_id: int = 0
    keys: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    # For each word, the positions (in ``keys``) of the sentences holding it.
    postings: dict[str, array] = field(default_factory=dict)
    newest: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, unit_id: int, key: str) -> None:
        folded = key.casefold()
        position = len(self.keys)
        self.keys.append(folded)
        self.ids.append(unit_id)
        for word in _words(folded):
            self.postings.setdefault(word, array("i")).append(position)

    def candidates(self, query: str) -> list[int]:
        """Positions of the sentences sharing the most words with ``query``."""
        found = [
            numpy.frombuffer(self.postings[word], dtype=numpy.int32)
            for word in _words(query)
            if word in self.postings
        ]
        if not found:
            return []
        shared = numpy.bincount(numpy.concatenate(found), minlength=len(self.keys))
        if len(shared) > CANDIDATES:
            best = numpy.argpartition(shared, -CANDIDATES)[-CANDIDATES:]
        else:
            best = numpy.arange(len(shared))
        return [int(position) for position in best if shared[position]]


_indexes: dict[tuple[str, str], _Index] = {}


class MemoryMatcher:
    """Fuzzy look-ups for one language pair, against the memory as it was when made."""

    def __init__(self, *, source: str, target: str):
        self.source, self.target = source, target
        self._index = _indexes.setdefault((source, target), _Index())
        self._catch_up()

    def _catch_up(self) -> None:
        units = MemoryUnit.objects.filter(source_language=self.source, target_language=self.target)
        with self._index.lock:
            state = units.aggregate(top=Max("pk"), count=Count("pk"), newest=Max("created_at"))
            if (state["top"] or 0) < self._index.last_id:
                self._index = _indexes[(self.source, self.target)] = _Index()
            self._load(units.filter(pk__gt=self._index.last_id))
            index = self._index
            if len(index.ids) != state["count"] or index.newest != state["newest"]:
                self._index = _indexes[(self.source, self.target)] = _Index()
                self._load(units)

    def _load(self, units) -> None:
        index = self._index
        rows = units.order_by("pk").values_list("pk", "source_key", "created_at")
        for unit_id, key, created_at in rows.iterator(chunk_size=5000):
            index.add(unit_id, key)
            index.last_id = unit_id
            if index.newest is None or created_at > index.newest:
                index.newest = created_at

    def candidates(self, sentence: str, *, limit: int = 3) -> list[tuple[float, int]]:
        """(score, unit id) of the closest remembered sentences, best first."""
        query = segment_key(sentence).casefold()
        if not query:
            return []
        index = self._index
        positions = index.candidates(query)
        found = process.extract(
            query,
            [index.keys[position] for position in positions],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD,
            limit=limit,
        )
        return [(score, index.ids[positions[at]]) for _key, score, at in found]

    def lookup(self, sentence: str, *, limit: int = 3) -> list[MemoryMatch]:
        """The closest remembered sentences with their translations, best first."""
        scored = self.candidates(sentence, limit=limit)
        if not scored:
            return []
        units = MemoryUnit.objects.in_bulk([unit_id for _score, unit_id in scored])
        return [
            MemoryMatch(
                score=round(score, 1),
                source_text=units[unit_id].source_text,
                target_text=units[unit_id].target_text,
                unit_id=unit_id,
            )
            for score, unit_id in scored
            if unit_id in units
        ]


def memory_fuzzy(sentence: str, *, source: str, target: str, limit: int = 3) -> list[MemoryMatch]:
    """The remembered sentences at least 75 % like ``sentence``, with their scores."""
    return MemoryMatcher(source=source, target=target).lookup(sentence, limit=limit)

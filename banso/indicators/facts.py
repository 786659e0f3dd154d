"""Facts, and the registry of the apps that count them.

A fact is a count: how many households (or products, scans …) match a definition, in a place,
a period and a disaggregation. Indicators are computed from facts and from nothing else, so any
app can feed them without ``indicators`` knowing it: an app above registers a
:class:`FactProvider` from its ``AppConfig.ready()``, as apps register link providers with
``trace.resolver``; ``indicators`` imports none of them. Indicators itself provides the
households' facts (``household_facts``) and the figures recorded by hand (``RecordedFact``).

A fact's place is a village (``village_id``, rolled up through its commune) or an
administrative unit (``unit_id``): a current commune, or a commune retired on 1 July 2025 whose
figures roll up to today's communes through ``places``' successions.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Disaggregation keys: "" for the total, else "<disaggregation>:<option>" (ethnicity:08).
TOTAL = ""
_EXPRESSION = re.compile(r"^\s*[a-z0-9_.]+(\s*[+-]\s*[a-z0-9_.]+)*\s*$")
_TERM = re.compile(r"([+-]?)\s*([a-z0-9_.]+)")


# A fact that counts in one hierarchy only (``Fact.hierarchy``; the values of
# ``models.Hierarchy``): "" counts in each hierarchy its place belongs to.
BOTH_HIERARCHIES = ""


@dataclass(frozen=True)
class Fact:
    code: str
    period: str
    value: int
    village_id: int | None = None
    unit_id: int | None = None
    disaggregation: str = TOTAL
    # "current" or "historic" when the provider has placed the fact in each hierarchy itself
    # (the households count a review under today's commune by its village, and under the old
    # commune that made it by another fact).
    hierarchy: str = BOTH_HIERARCHIES


class FactProvider(Protocol):
    """What an app that counts facts offers. ``codes`` names the facts it counts (code →
    label); ``facts`` counts them for the periods of ``year`` (every year when None) with
    grouped queries, never one query per row counted."""

    name: str

    def codes(self) -> dict[str, str]: ...

    def facts(self, *, year: int | None) -> Iterable[Fact]: ...


@dataclass(frozen=True)
class FactSource:
    """A row a fact was counted from, as an officer checks it: a listing, a shop, a stamp
    run's scans. ``value`` is what the row adds to the fact; ``url`` opens the row."""

    label: str
    value: int
    url: str = ""


@runtime_checkable
class FactSourceProvider(Protocol):
    """A provider that can also list the rows behind one of its facts in a commune and a year
    (the commune scorecard's drill-down)."""

    def fact_sources(self, *, code: str, unit_id: int, year: int) -> list[FactSource]: ...


_providers: list[FactProvider] = []


def fact_provider_register(provider: FactProvider) -> None:
    """Add ``provider`` (once: registering it again changes nothing)."""
    if provider not in _providers:
        _providers.append(provider)


def fact_provider_unregister(provider: FactProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def fact_providers() -> list[FactProvider]:
    return list(_providers)


def fact_codes() -> dict[str, str]:
    """Every fact code the registered providers count, with its label."""
    codes: dict[str, str] = {}
    for provider in _providers:
        codes.update(provider.codes())
    return codes


def facts_collect(*, year: int | None, codes: set[str] | None = None) -> Iterable[Fact]:
    """Every registered provider's facts; with ``codes``, only the providers that count one
    of them, and only those facts."""
    for provider in _providers:
        if codes is None:
            yield from provider.facts(year=year)
        elif codes & set(provider.codes()):
            yield from (fact for fact in provider.facts(year=year) if fact.code in codes)


def fact_sources(*, code: str, unit_id: int, year: int) -> list[FactSource] | None:
    """The rows behind fact ``code`` in a commune and a year, from the provider that counts
    it; None when no registered provider can list them."""
    for provider in _providers:
        if code in provider.codes() and isinstance(provider, FactSourceProvider):
            return provider.fact_sources(code=code, unit_id=unit_id, year=year)
    return None


def expression_is_valid(expression: str) -> bool:
    return bool(_EXPRESSION.match(expression))


def expression_terms(expression: str) -> list[tuple[int, str]]:
    """``a + b - c`` as [(1, "a"), (1, "b"), (-1, "c")]; an empty expression has no terms.
    Raises ValueError on anything else: an expression is data, never evaluated as code."""
    if not expression.strip():
        return []
    if not expression_is_valid(expression):
        raise ValueError(f"Not a fact expression: {expression!r}")
    return [(-1 if sign == "-" else 1, code) for sign, code in _TERM.findall(expression)]


def expression_value(terms: list[tuple[int, str]], counts: dict[str, int]) -> int:
    """The expression over ``counts`` (a fact not counted counts 0)."""
    return sum(sign * counts.get(code, 0) for sign, code in terms)

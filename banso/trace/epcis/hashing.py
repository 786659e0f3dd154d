"""The canonical EPCIS event hash: ``ni:///sha-256;<hex>?ver=CBV2.0`` (CBV 2.0 §8.9).

The algorithm is the one the standard points to, github.com/RalphTro/epcis-event-hash-generator:
the event becomes a *pre-hash string* (its fields in a fixed order as ``name=value``, lists
sorted, times in UTC with milliseconds, numbers without padding, CBV URNs as web URIs, GS1 keys
as canonical Digital Link URIs, user extensions last, eventID / recordTime / errorDeclaration
left out), whose SHA-256 is the hash.

We compute it here rather than by calling the reference implementation (a development
dependency and the oracle of ``tests/test_epcis_hashing.py``, which checks that both give the
same hash for every event of every official example and for generated events), because:

- speed: the reference expands the whole document with PyLD (JSON-LD) to find the full URIs of
  bare CBV words, and formats debug log messages eagerly; it hashes 500 to 800 events/s here,
  while capture must store at least 2,000 events/s, hashing included. We read the bare words'
  URIs once from the EPCIS context in ``standard/`` (the only terms of that context that expand
  to CBV or GS1 vocabulary URIs are the ``@vocab``-typed ones), cache what recurs from event to
  event (a key's JSON-LD scope, the canonical form of a value, Digital Link normalisation),
  replace bare words while building the tree instead of copying the event first, and take each
  level's fields in the canonical order by looking them up by name instead of scanning;
- thread safety: the reference keeps the join string and the namespaces it has seen in module
  globals, so a namespace declared by one document leaks into the next one's hashes;
- per-event hashes: the reference looks for bare words' expansions across the whole document,
  so an event's hash could depend on the other events sent with it. We look within the event
  only, so the same event sent alone (POST /epcis/events) or in any document hashes the same.
  The oracle test therefore hashes each event as a document of its own.

Where the reference fails on an event, we hash it as its README describes: a time that rounds
to the next second carries into the seconds (the reference drops the event), and a business
transaction, source or destination without a type is hashed as its value alone (the reference
stops with an IndexError).
"""

import datetime
import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from banso.trace.epcis.digital_link_normaliser import digital_link_normalise

CONTEXT_PATH = Path(__file__).resolve().parent / "standard" / "epcis-context.jsonld"
HASH_PREFIX = "ni:///sha-256;"
HASH_SUFFIX = "?ver=CBV2.0"

# The order in which an event's fields enter the pre-hash string (the algorithm's
# "canonical property order"): (name, order of its children or None).
_QUANTITY_ELEMENT = [("quantityElement", [("epcClass", None), ("quantity", None), ("uom", None)])]
PROPERTY_ORDER: list = [
    ("eventTime", None),
    ("eventTimeZoneOffset", None),
    ("certificationInfo", None),
    ("parentID", None),
    ("epcList", [("epc", None)]),
    ("inputEPCList", [("epc", None)]),
    ("childEPCs", [("epc", None)]),
    ("quantityList", _QUANTITY_ELEMENT),
    ("childQuantityList", _QUANTITY_ELEMENT),
    ("inputQuantityList", _QUANTITY_ELEMENT),
    ("outputEPCList", [("epc", None)]),
    ("outputQuantityList", _QUANTITY_ELEMENT),
    ("action", None),
    ("transformationID", None),
    ("bizStep", None),
    ("disposition", None),
    ("persistentDisposition", [("set", None), ("unset", None)]),
    ("readPoint", [("id", None)]),
    ("bizLocation", [("id", None)]),
    # These three orders are pairs of pairs in the reference and so never match a child: the
    # lists go, in the order the client sent each entry's fields, to the generic part.
    ("bizTransactionList", [(("type", None), ("bizTransaction", None))]),
    ("sourceList", [(("type", None), ("source", None))]),
    ("destinationList", [(("type", None), ("destination", None))]),
    (
        "sensorElementList",
        [
            (
                "sensorElement",
                [
                    (
                        "sensorMetadata",
                        [
                            (name, None)
                            for name in (
                                "time",
                                "startTime",
                                "endTime",
                                "deviceID",
                                "deviceMetadata",
                                "rawData",
                                "dataProcessingMethod",
                                "bizRules",
                            )
                        ],
                    ),
                    (
                        "sensorReport",
                        [
                            (name, None)
                            for name in (
                                "type",
                                "exception",
                                "deviceID",
                                "deviceMetadata",
                                "rawData",
                                "dataProcessingMethod",
                                "time",
                                "microorganism",
                                "chemicalSubstance",
                                "value",
                                "component",
                                "stringValue",
                                "booleanValue",
                                "hexBinaryValue",
                                "uriValue",
                                "minValue",
                                "maxValue",
                                "meanValue",
                                "sDev",
                                "percRank",
                                "percValue",
                                "uom",
                                "coordinateReferenceSystem",
                            )
                        ],
                    ),
                ],
            )
        ],
    ),
]


def _order_by_name(order: list) -> dict:
    """``order`` as {name: its children's order or None}, for lookups by name. A name that is
    not a string (the pairs of pairs above) never equals a child's name and is left out; an
    order left empty by that is {}, not None: its level's user extensions are still written."""
    return {
        name: None if child_order is None else _order_by_name(child_order)
        for name, child_order in order
        if isinstance(name, str)
    }


CANONICAL_ORDER = _order_by_name(PROPERTY_ORDER)
_KEPT_IN_ORDER = ("bizTransaction", "source", "destination")
_KEPT_IN_ORDER_SET = frozenset(_KEPT_IN_ORDER)
_PAIRED_LISTS = ("sourceList", "destinationList", "bizTransactionList")
_LEFT_OUT = ("recordTime", "eventID", "type", "errorDeclaration")
_IGNORED_KEYS = frozenset(("#text", "rdfs:comment", "comment"))
_VOCABULARY_PREFIXES = ("https://ref.gs1.org/cbv", "https://gs1.org/voc")
_CBV_URNS = (
    ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
    ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
    ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"),
    ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
    ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"),
)

Node = tuple  # (name, text, children) or, in paired lists, (node, node)

# Values and keys recur from event to event (the same bizStep, readPoint, quantity, lot), so
# what is derived from them alone is cached; the bound keeps a document of unique values from
# holding much memory.
CACHE_SIZE = 16384


class Vocabularies:
    """What JSON-LD expansion with the EPCIS context would make of bare words.

    ``positions`` maps (scope, term) to the words of an ``@vocab``-typed term (``bizStep``,
    ``disposition``, ``sourceList``'s ``type``, …) and their full URIs; ``scopes`` holds the
    terms with a property-scoped context (``sensorElementList`` → ``sensorReport``, …).
    """

    def __init__(self, context: dict):
        self.prefixes = {
            term: iri
            for term, iri in context.items()
            if isinstance(iri, str) and iri.startswith(("http://", "https://"))
        }
        self.positions: dict[tuple[tuple[str, ...], str], dict[str, str]] = {}
        self.scopes: set[tuple[str, ...]] = set()
        self._walk(context, ())
        self.step = lru_cache(maxsize=CACHE_SIZE)(self._step)

    def expand_compact(self, value: str) -> str:
        prefix, colon, rest = value.partition(":")
        if colon and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    @staticmethod
    def _merged(context: Any) -> dict:
        """A scoped context given as a list of objects, as one object."""
        if isinstance(context, dict):
            return context
        merged: dict = {}
        for item in context if isinstance(context, list) else []:
            if isinstance(item, dict):
                merged.update(item)
        return merged

    def _walk(self, definitions: dict, scope: tuple[str, ...]) -> None:
        words_here = {
            word: self.expand_compact(iri)
            for word, iri in definitions.items()
            if isinstance(iri, str) and not word.startswith("@")
        }
        for term, definition in definitions.items():
            if not isinstance(definition, dict):
                continue
            scoped = self._merged(definition.get("@context"))
            if definition.get("@type") == "@vocab":
                own = {
                    word: self.expand_compact(iri)
                    for word, iri in scoped.items()
                    if isinstance(iri, str) and not word.startswith("@")
                }
                self.positions[(scope, term)] = {**words_here, **own}
            elif scoped:
                self.scopes.add((*scope, term))
                self._walk(scoped, (*scope, term))

    def words_at(self, scope: tuple[str, ...], key: str) -> dict[str, str] | None:
        while True:
            words = self.positions.get((scope, key))
            if words is not None or not scope:
                return words
            scope = scope[:-1]

    def inner_scope(self, scope: tuple[str, ...], key: str) -> tuple[str, ...]:
        candidate = (*scope, key)
        return candidate if candidate in self.scopes else scope

    def _step(
        self, scope: tuple[str, ...], key: str
    ) -> tuple[tuple[str, ...], dict[str, str] | None]:
        """(scope inside ``key``'s value, the words ``key``'s values may use); cached as
        ``step``, since every event walks the same few keys."""
        return self.inner_scope(scope, key), self.words_at(scope, key)

    def vocabulary_uri(self, value: str, words: dict[str, str] | None) -> str | None:
        """The CBV / GS1 vocabulary URI that expanding ``value`` would produce, if any."""
        if words:
            value = words.get(value, value)
        if ":" not in value:  # neither a URI nor a compact IRI: most values
            return None
        expanded = self.expand_compact(value)
        return expanded if expanded.startswith(_VOCABULARY_PREFIXES) else None


@lru_cache(maxsize=1)
def vocabularies() -> Vocabularies:
    return Vocabularies(json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"])


# --- bare CBV words → full URIs (what the reference gets from JSON-LD expansion) ---------------


def _expanded_values(
    value: dict | list,
    scope: tuple[str, ...],
    words: dict | None,
    found: set,
    vocabulary: Vocabularies,
) -> None:
    """Collect the CBV / GS1 vocabulary URIs that expanding this object or list would produce."""
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, str):
                uri = vocabulary.vocabulary_uri(child, vocabulary.step(scope, key)[1])
                if uri is not None:
                    found.add(uri)
            elif isinstance(child, dict | list):
                inner, child_words = vocabulary.step(scope, key)
                _expanded_values(child, inner, child_words, found, vocabulary)
    elif isinstance(value, list):
        for child in value:
            if isinstance(child, str):
                uri = vocabulary.vocabulary_uri(child, words)
                if uri is not None:
                    found.add(uri)
            elif isinstance(child, dict | list):
                _expanded_values(child, scope, words, found, vocabulary)


def _bare_word_replacements(event: dict) -> dict[str, str]:
    """Each value that is the tail (after '-' or '/') of exactly one expanded vocabulary URI of
    the event is replaced by that URI: the reference's heuristic, applied to one event."""
    found: set[str] = set()
    _expanded_values(event, (), None, found, vocabularies())
    return _replacements_for(frozenset(found))


@lru_cache(maxsize=1024)
def _replacements_for(found: frozenset[str]) -> dict[str, str]:
    candidates: dict[str, set[str]] = {}
    for uri in found:
        for index, character in enumerate(uri):
            if character in "-/":
                candidates.setdefault(uri[index + 1 :], set()).add(uri)
    return {tail: next(iter(uris)) for tail, uris in candidates.items() if len(uris) == 1}


# --- JSON → (name, text, children) tree, as the XML binding would give it ---------------------
#
# The tree is built from the event as captured: every string value goes through the bare-word
# ``replacements`` on the way in, as if the event had been rewritten with them first.


def _namespace_replace(text: Any, namespaces: dict[str, str], is_value: bool = False) -> Any:
    if not isinstance(text, str):
        return text
    prefix, colon, rest = text.partition(":")
    if colon and prefix in namespaces:
        if is_value:
            return namespaces[prefix].replace("{", "").replace("}", "") + rest
        return namespaces[prefix] + rest
    return text


def _replaced(value: Any, replacements: dict[str, str]) -> Any:
    return replacements.get(value, value) if isinstance(value, str) else value


def _leaf_text(value: str, namespaces: dict[str, str], replacements: dict[str, str]) -> str:
    value = replacements.get(value, value)
    if namespaces and ":" in value:
        return _namespace_replace(value, namespaces, is_value=True)
    return value


def _qualified(key: str, namespaces: dict[str, str]) -> str:
    if namespaces and ":" in key:
        return _namespace_replace(key, namespaces)
    return key


def _names_a_kept_entry(values: list, replacements: dict[str, str]) -> bool:
    """Whether the list holds "bizTransaction", "source" or "destination" as a value: such
    lists keep the order they were sent in."""
    return any(
        isinstance(value, str) and replacements.get(value, value) in _KEPT_IN_ORDER_SET
        for value in values
    )


def _to_tree(value: Any, namespaces: dict[str, str], replacements: dict[str, str]) -> Node:
    if isinstance(value, str):
        return ("", _leaf_text(value, namespaces, replacements), [])
    if isinstance(value, list):
        children = [_to_tree(child, namespaces, replacements) for child in value]
        if not _names_a_kept_entry(value, replacements):
            children.sort()
        return ("", "", children)
    if isinstance(value, dict):
        return _object_tree(value, namespaces, replacements)
    return ("", str(value), [])


def _object_tree(value: dict, namespaces: dict[str, str], replacements: dict[str, str]) -> Node:
    name = _replaced(value["type"], replacements) if "type" in value else ""
    text = _replaced(value["#text"], replacements) if "#text" in value else ""
    children: list[Node] = []
    for key, child_value in value.items():
        if key in _IGNORED_KEYS:
            continue
        if key.startswith("@xmlns"):
            namespaces[key[7:]] = "{" + _replaced(child_value, replacements) + "}"
            name = _namespace_replace(name, namespaces)
            continue
        if isinstance(child_value, str):
            leaf = _leaf_text(child_value, namespaces, replacements)
            children.append((_qualified(key, namespaces), leaf, []))
            continue
        # The value may declare namespaces (@xmlns) that its own key uses.
        child = _to_tree(child_value, namespaces, replacements)
        key = _qualified(key, namespaces)
        if isinstance(child_value, list):
            children.extend((key, element[1], element[2]) for element in child[2])
        else:
            children.append((key, child[1], child[2]))
    if _KEPT_IN_ORDER_SET.isdisjoint(value):
        children.sort()
    return (name, text, children)


def _rename(node: Node) -> Node:
    name = node[0]
    if name in ("inputEPC", "outputEPC"):
        return ("epc", node[1], node[2])
    if name in ("inputQuantity", "outputQuantity", "childQuantity") or (
        name == "quantity" and node[2]
    ):
        return ("quantityElement", node[1], node[2])
    return node


def _pair(element: Node) -> Node:
    """A source, destination or business transaction entry as (type, value); an entry without
    a type (which the reference cannot hash: IndexError) stands as its one field."""
    children = element[2]
    if len(children) >= 2:
        return (children[0], children[1])
    return children[0] if children else ("", "", [])


def _correct(node: Node) -> Node:
    """Rename JSON's list members as XML names them (``epcList`` → ``epc`` children, …)."""
    children = node[2] if len(node) > 2 else []
    if not children:
        return _rename((node[0], node[1], []))
    lists: dict[str, list] = {}
    remaining = []
    for element in children:
        name = element[0]
        if not isinstance(name, tuple) and name.endswith("List"):
            lists.setdefault(name, []).append((name[:-4], element[1], element[2]))
        else:
            remaining.append(element)
    for list_name, elements in lists.items():
        if list_name in _PAIRED_LISTS:
            remaining.append((list_name, "", [_pair(element) for element in elements]))
        else:
            remaining.append((list_name, "", elements))
    child_epcs: list[Node] = [
        ("epc", element[1], []) for element in remaining if element[0] == "childEPCs"
    ]
    if child_epcs:
        remaining = [element for element in remaining if element[0] != "childEPCs"]
        remaining.append(("childEPCs", "", child_epcs))
    # Leaves (most elements) only need their name corrected.
    corrected = [
        element
        if element[0] in _PAIRED_LISTS
        else (_correct(element) if element[2] else _rename(element))
        for element in remaining
    ]
    return _rename((node[0], node[1], corrected))


# --- the pre-hash string ------------------------------------------------------------------------


def _utc_milliseconds(timestamp: str) -> str:
    # The schema holds times to RFC 3339, which fromisoformat reads; like the reference, a
    # value that is no time is hashed as written.
    try:
        moment = datetime.datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    moment = moment.astimezone(datetime.UTC)
    microsecond = round(moment.microsecond, -3)
    if microsecond >= 1_000_000:
        moment = moment.replace(microsecond=0) + datetime.timedelta(seconds=1)
    else:
        moment = moment.replace(microsecond=microsecond)
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


def _numeric(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        # "inf", "NaN", "1e999": no number to write more canonically; the text stays.
        return text
    if int(number) == number:
        return str(int(number))
    return str(number)


@lru_cache(maxsize=CACHE_SIZE)
def canonical_value(text: str) -> str:
    for urn, uri in _CBV_URNS:
        if urn in text:
            text = text.replace(urn, uri)
    text = _numeric(text)
    return digital_link_normalise(text) or text


@lru_cache(maxsize=CACHE_SIZE)
def _is_time(name: str) -> bool:
    """Whether a field holds a time, written in UTC with milliseconds (not an offset)."""
    lowered = name.lower()
    return "time" in lowered and "offset" not in lowered


def _child_text(child: Node, child_order: dict | None) -> str:
    if not child[2] and type(child[1]) is str:
        return _leaf_text_of(child[0], child[1])
    grandchildren = _ordered(child[2], child_order) if child_order is not None else ""
    text = _field_value(child[0], child[1])
    if text or grandchildren:
        return child[0] + text + grandchildren
    return ""


def _leaf_text_of(name: str, text: str) -> str:
    """``name=value`` of a field without children; most recur from event to event, times
    do not."""
    if _is_time(name):
        value = _field_value(name, text)
        return name + value if value else ""
    return _cached_leaf_text(name, text)


@lru_cache(maxsize=CACHE_SIZE)
def _cached_leaf_text(name: str, text: str) -> str:
    value = _field_value(name, text)
    return name + value if value else ""


def _field_value(name: str, text: Any) -> str:
    """``=value`` in canonical form, or "" for no value."""
    if not text:
        return ""
    text = text.strip()
    text = _utc_milliseconds(text) if _is_time(name) else canonical_value(text)
    return "=" + text if text else ""


def _user_extensions(children: list) -> list:
    if len(children) <= 1:
        return []
    for child in children:
        if "eventTime" in child[0] or "action" in child[0]:
            return []
    extensions = [
        child
        for child in children
        if isinstance(child, tuple) and "{" in child[0] and "/}" in child[0]
    ]
    for extension in extensions:
        children.remove(extension)
    return extensions


def _ordered(children: list, order: dict) -> str:
    """The children named in ``order``, in that order; those that are fully written here (no
    children of their own left) are taken out of ``children``."""
    extensions = _user_extensions(children)
    by_name: dict[str, list] = {}
    for child in children:
        if isinstance(child[0], str):
            by_name.setdefault(child[0], []).append(child)
    pre_hash = ""
    for child_name in [name for name in order if name in by_name]:
        child_order = order[child_name]
        texts = []
        for child in by_name[child_name]:
            text = _child_text(child, child_order)
            if text:
                texts.append(text)
        texts.sort()
        pre_hash += "".join(texts)
    children[:] = [
        child
        for child in children
        if not (isinstance(child[0], str) and child[0] in order and not child[2])
    ]
    if extensions:
        pre_hash += _generic(extensions)
    return pre_hash


def _generic(children: list | Node) -> str:
    texts = []
    for child in children:
        if isinstance(child, tuple) and len(child) == 2 and isinstance(child[0], tuple):
            texts.append(_generic(child))
        else:
            text = child[1].strip()
            if text:
                text = "=" + canonical_value(text)
            texts.append(child[0] + text + _generic(child[2]))
    if len(children) > 1 and not any(child[0] in _KEPT_IN_ORDER for child in children):
        texts.sort()
    return "".join(texts)


def context_namespaces(context: Any) -> dict[str, str]:
    """Prefixes a document declares in its ``@context`` (``{"example": "http://…/"}``): keys
    and values using them are written with the full namespace in the pre-hash string."""
    namespaces: dict[str, str] = {}
    if isinstance(context, list):
        for item in context:
            if isinstance(item, dict):
                for prefix, iri in item.items():
                    if isinstance(iri, str):
                        namespaces[prefix] = "{" + iri + "}"
    return namespaces


def event_prehash(event: dict, namespaces: dict[str, str] | None = None) -> str:
    """The pre-hash string of one event (JSON-LD as captured, without ``@context``)."""
    replacements = _bare_word_replacements(event)
    tree = _correct(_to_tree(event, dict(namespaces or {}), replacements))
    children = list(tree[2])
    ordered = _ordered(children, CANONICAL_ORDER)
    remaining = [child for child in children if child[0] not in _LEFT_OUT]
    return "eventType=" + tree[0] + ordered + (_generic(remaining) if remaining else "")


def event_hash(event: dict, namespaces: dict[str, str] | None = None) -> str:
    """The event's canonical hash, ``ni:///sha-256;<hex>?ver=CBV2.0``.

    ``namespaces`` is ``context_namespaces(document["@context"])``, computed once per document.
    Raises ValueError for an event the algorithm cannot hash (a number too large to be one).
    """
    try:
        pre_hash = event_prehash(event, namespaces)
    except (OverflowError, TypeError, IndexError, AttributeError) as error:
        raise ValueError(str(error)) from error
    return HASH_PREFIX + hashlib.sha256(pre_hash.encode("utf-8")).hexdigest() + HASH_SUFFIX

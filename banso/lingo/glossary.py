"""The glossary at work: which of its terms a text holds, and whether a translation kept them.

A term is found in the source by its words, case aside but diacritics kept ("SA PA" finds
"Sa Pa"; "Dao" is not "đào", a peach, nor "Tày" "tây", the west), whole words only, so "Bản" is
not found inside "Bảng". A translation keeps it when the term's
rendering in the target language appears in it as written, diacritics included, case aside:
an engine's "Sand Pa" or "Ban Pho" for "Bản Phố" is flagged.

The terms are read once per process and read again when the glossary changes (a version in the
cache, bumped after each write commits).

The glossary is one for the site, kept by the province's officers and translators (and a
superuser): the pages, the admin and the workbook import all write through
:func:`glossary_term_create`, :func:`glossary_term_update` and :func:`glossary_term_delete`.
"""

import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.common.text import fold_words
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
        # A new token, not a counter: a counter would start again at 1 after the cache is
        # emptied (or evicts it), and a process holding version 1 would keep an old glossary.
        cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)

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
    return glossary_missing(glossary_hits(source, language=language), translation)


def glossary_missing(hits: list[GlossaryHit], translation: str) -> list[GlossaryHit]:
    """Those of ``hits`` whose rendering ``translation`` does not hold."""
    written = _comparable(translation)
    return [hit for hit in hits if _comparable(hit.expected) not in written]


# Who keeps the glossary, and its reads for the officers' pages --------------------------------

GLOSSARY_EDITOR_ROLES = (PlaceRole.PROVINCE_OFFICER, PlaceRole.TRANSLATOR)


def glossary_may_edit(user) -> bool:
    """Whether ``user`` keeps the glossary: a superuser, or a province officer or translator
    (roles granted on a province). The glossary is one for the whole site, so a commune
    officer, whose work is one commune, does not change it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return not place_scope_for_user(user, roles=GLOSSARY_EDITOR_ROLES).is_empty


def target_language_names() -> list[tuple[str, str]]:
    """The languages a term may have a rendering in, with their own names ("English",
    "简体中文"): every language of the site but the source."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def glossary_terms_search(*, query: str = "", kind: str = "") -> QuerySet[GlossaryTerm]:
    """Terms whose folded words hold ``query`` ("sa pa" and "SAPA" find "Sa Pa", "hmong"
    finds "H'Mông"), or whose rendering holds it as typed; of ``kind`` when given."""
    terms = GlossaryTerm.objects.all()
    if kind:
        terms = terms.filter(kind=kind)
    words = " ".join(fold_words(query))
    if words:
        terms = terms.annotate(term_compact=Replace("term_folded", Value(" "), Value(""))).filter(
            Q(term_folded__contains=words)
            | Q(term_compact__contains=words.replace(" ", ""))
            | Q(renderings__icontains=query.strip())
        )
    return terms.order_by("term_folded")


# Writes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryTermData:
    """What a person writes of a term, on the page, in the admin or in a workbook row.
    ``renderings`` maps a language of ``settings.LANGUAGES`` to how the term reads in it."""

    term: str
    kind: str
    do_not_translate: bool = False
    renderings: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


def glossary_term_folded(term: str) -> str:
    """The form two spellings of one term share: "Sa Pa", "sa pa" and "SA-PA" are one term."""
    return " ".join(fold_words(term))


def _renderings_clean(renderings: Mapping[str, str]) -> dict[str, str]:
    languages = dict(target_language_names())
    if not isinstance(renderings, Mapping):
        raise ValidationError(
            {"renderings": _("Renderings are written per language.")}, code="invalid"
        )
    cleaned = {}
    for language, text in renderings.items():
        if language not in languages:
            raise ValidationError(
                {
                    "renderings": _(
                        "“%(language)s” is not a language of the site: a rendering may be "
                        "given in %(languages)s."
                    )
                    % {"language": language, "languages": ", ".join(languages.values())}
                },
                code="unknown_language",
            )
        text = " ".join(str(text or "").split())
        if text:
            cleaned[language] = text
    return cleaned


def glossary_term_fill(term: GlossaryTerm, data: GlossaryTermData) -> GlossaryTerm:
    """Put ``data`` on ``term``, tidied and checked as every door must, without saving: the
    workbook import checks all its rows this way before it writes any. Raises
    ``ValidationError``; uniqueness is left to the caller, which knows the other rows."""
    term.term = " ".join(data.term.split())
    term.term_folded = glossary_term_folded(term.term)
    if not term.term_folded:
        raise ValidationError(
            {"term": _("Write the term, in Vietnamese as it is written here.")}, code="required"
        )
    term.kind = data.kind
    term.do_not_translate = data.do_not_translate
    term.renderings = _renderings_clean(data.renderings)
    term.note = data.note.strip()
    term.full_clean(exclude=["term_folded"], validate_unique=False)
    return term


def _duplicate(term: GlossaryTerm) -> ValidationError:
    return ValidationError(
        {"term": _("The glossary already has “%(term)s”.") % {"term": term.term}},
        code="duplicate",
    )


def _require_editor(actor) -> None:
    if not glossary_may_edit(actor):
        raise PermissionDenied(_("Only province officers and translators change the glossary."))


def _save(term: GlossaryTerm) -> GlossaryTerm:
    others = GlossaryTerm.objects.filter(term_folded=term.term_folded).exclude(pk=term.pk)
    if others.exists():
        raise _duplicate(term)
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as error:  # the same term written at the same moment
        raise _duplicate(term) from error
    glossary_changed()
    return term


def glossary_term_create(*, actor, data: GlossaryTermData) -> GlossaryTerm:
    """Add a term. Two spellings of one term are one term (compared folded), so the check of
    machine translations never meets two renderings for "Sa Pa"."""
    _require_editor(actor)
    return _save(glossary_term_fill(GlossaryTerm(), data))


def glossary_term_update(*, actor, term: GlossaryTerm, data: GlossaryTermData) -> GlossaryTerm:
    """Change a term. Translations already checked are not checked again: the new rendering
    holds for what machines translate from now on."""
    _require_editor(actor)
    return _save(glossary_term_fill(term, data))


def glossary_term_delete(*, actor, term: GlossaryTerm) -> None:
    _require_editor(actor)
    term.delete()
    glossary_changed()

"""Reads of lingo: a field in the visitor's language for pages, and the translations a person
may review, scoped once here.

Pages ask :func:`translated` for a field (the template tag ``{% translated obj "field" as x %}``
does), after :func:`translations_prefetch` has read the translations of a whole list in one
query, so a list of twenty products costs one query, not twenty.

Who reviews what: a translator of the province (role ``translator`` on the province, in
accounts) reviews everything of the places under it; an organisation's own people review its
texts. Organisations sit above lingo, so orgs tells which organisations a person reviews for,
from its ``AppConfig.ready()`` (:func:`reviewer_organisations_provider_set`).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q
from django.utils import translation as django_translation

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.common.text import fold
from banso.lingo.models import Translation, TranslationState
from banso.lingo.registry import translatable_for

_CACHE_ATTRIBUTE = "_lingo_translations"


@dataclass(frozen=True)
class Translated:
    """A field as a page shows it in one language.

    ``status`` is "source" (the text as written, in its own language: no mark), "reviewed",
    "machine", "stale", or "missing" (no translation yet: the source is shown, marked).
    ``language`` is the language ``text`` is in, for the ``lang`` attribute.
    """

    text: str
    language: str
    status: str

    @property
    def is_fallback(self) -> bool:
        return self.status == "missing"

    def __str__(self) -> str:
        return self.text


def _language(language: str | None) -> str:
    return language or django_translation.get_language() or settings.LANGUAGE_CODE


def translations_prefetch(objects: Iterable[models.Model], *, language: str | None = None) -> None:
    """Read the translations of ``objects`` in ``language`` (the active one by default) in one
    query a model, for :func:`translated` to find."""
    language = _language(language)
    by_model: dict[type[models.Model], dict[int, models.Model]] = defaultdict(dict)
    for instance in objects:
        if instance is not None and translatable_for(type(instance)) is not None:
            by_model[type(instance)][instance.pk] = instance
    for model, instances in by_model.items():
        found: dict[int, dict[str, Translation]] = defaultdict(dict)
        if language != settings.LANGUAGE_CODE:
            content_type = ContentType.objects.get_for_model(model)
            rows = Translation.objects.filter(
                content_type=content_type, object_id__in=list(instances), language=language
            ).only("object_id", "field", "state", "text", "source_hash", "text_source_hash")
            for row in rows:
                found[row.object_id][row.field] = row
        for pk, instance in instances.items():
            cached = getattr(instance, _CACHE_ATTRIBUTE, {})
            cached[language] = found.get(pk, {})
            setattr(instance, _CACHE_ATTRIBUTE, cached)


def translated(instance: models.Model, field: str, *, language: str | None = None) -> Translated:
    """``instance.field`` in ``language`` (the active one by default): its translation when
    there is one, else the source text marked as not yet translated; never blank when the
    source is not."""
    language = _language(language)
    source = getattr(instance, field) or ""
    source_language = settings.LANGUAGE_CODE
    entry = translatable_for(type(instance))
    if language == source_language or entry is None or not source.strip():
        return Translated(text=source, language=source_language, status="source")
    cached = getattr(instance, _CACHE_ATTRIBUTE, {})
    if language not in cached:
        translations_prefetch([instance], language=language)
        cached = getattr(instance, _CACHE_ATTRIBUTE)
    row = cached[language].get(field)
    if row is None or not row.text:
        return Translated(text=source, language=source_language, status="missing")
    status = row.state if row.state != TranslationState.WAITING else "missing"
    return Translated(text=row.text, language=language, status=status)


# Who reviews what ---------------------------------------------------------------------------

_reviewer_organisations: Callable[[object], set[int]] | None = None


def reviewer_organisations_provider_set(provider: Callable[[object], set[int]]) -> None:
    """Set the function that tells for which organisations a person reviews translations."""
    global _reviewer_organisations
    _reviewer_organisations = provider


def _organisations_of(user) -> set[int]:
    if _reviewer_organisations is None:
        return set()
    return _reviewer_organisations(user)


def translations_for_reviewer(user) -> models.QuerySet[Translation]:
    """The translations ``user`` may review: all for a superuser, the province's for its
    translators, their organisations' for an organisation's people, none for anyone else."""
    rows = Translation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    if user.is_superuser:
        return rows
    scope = place_scope_for_user(user, roles=(PlaceRole.TRANSLATOR,))
    allowed = scope.unit_q("unit_path") if scope.unit_paths else Q(pk__in=[])
    organisations = _organisations_of(user)
    if organisations:
        allowed |= Q(organisation_id__in=organisations)
    return rows.filter(allowed)


def translation_may_review(user, translation: Translation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if translation.organisation_id and translation.organisation_id in _organisations_of(user):
        return True
    scope = place_scope_for_user(user, roles=(PlaceRole.TRANSLATOR,))
    return bool(translation.unit_path) and scope.covers_unit(translation.unit_path)


def is_translator(user) -> bool:
    """Whether ``user`` reviews translations anywhere (shows the review queue's link)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    scope = place_scope_for_user(user, roles=(PlaceRole.TRANSLATOR,))
    return bool(scope.unit_paths) or bool(_organisations_of(user))


def translations_to_review(user) -> models.QuerySet[Translation]:
    """What waits for ``user``'s review, oldest first: every translation not reviewed yet."""
    return (
        translations_for_reviewer(user)
        .exclude(state=TranslationState.REVIEWED)
        .select_related("content_type")
        .order_by("created_at", "pk")
    )


def translation_counts(rows: models.QuerySet[Translation]) -> dict[str, dict[str, int]]:
    """How many of ``rows`` are in each state, per language: {"en": {"reviewed": 3, …}}."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for entry in rows.order_by().values("language", "state").annotate(count=Count("pk")):
        counts[entry["language"]][entry["state"]] = entry["count"]
    return dict(counts)


def translation_matching_ids(
    model: type[models.Model], *, fields: Iterable[str], language: str, query: str
) -> models.QuerySet:
    """Ids of ``model``'s rows whose translation of one of ``fields`` into ``language`` holds
    ``query`` (folded, so "tra" finds "Trà" and Chinese matches as typed): for searches in a
    visitor's language."""
    folded = fold(query)
    content_type = ContentType.objects.get_for_model(model)
    return Translation.objects.filter(
        content_type=content_type,
        field__in=list(fields),
        language=language,
        text_folded__contains=folded,
    ).values("object_id")


# The review pages ---------------------------------------------------------------------------


def reviewer_organisation_ids(user) -> set[int]:
    """The organisations whose texts ``user`` reviews as one of their own people (owner or
    translator): the scope of the "my texts' translations" page."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_organisations_of(user))


@dataclass(frozen=True)
class ReviewSubject:
    """What a translation translates, for people: the kind of row ("Organisation"), the row
    as its own ``str`` says, and its public page when its app registered one."""

    kind: str
    title: str
    url: str


def translation_subjects(rows: Iterable[Translation]) -> dict[int, ReviewSubject]:
    """The subject of each of ``rows`` by translation id, reading the rows of each model in one
    query (``rows`` with their ``content_type`` selected), so a page of the queue costs one query
    a model, not one a line."""
    rows = list(rows)
    wanted: dict[int, set[int]] = defaultdict(set)
    content_types = {}
    for row in rows:
        wanted[row.content_type_id].add(row.object_id)
        content_types[row.content_type_id] = row.content_type
    objects: dict[tuple[int, int], models.Model] = {}
    for type_id, ids in wanted.items():
        model = content_types[type_id].model_class()
        if model is None:
            continue
        for pk, found in model._default_manager.in_bulk(list(ids)).items():
            objects[(type_id, pk)] = found
    subjects: dict[int, ReviewSubject] = {}
    for row in rows:
        instance = objects.get((row.content_type_id, row.object_id))
        model_class = row.content_type.model_class()
        kind = (
            str(model_class._meta.verbose_name)
            if model_class is not None
            else row.content_type.model
        )
        if instance is None:
            subjects[row.pk] = ReviewSubject(kind=kind, title=f"#{row.object_id}", url="")
            continue
        entry = translatable_for(type(instance))
        url = entry.url(instance) if entry is not None and entry.url is not None else ""
        subjects[row.pk] = ReviewSubject(kind=kind, title=str(instance), url=url or "")
    return subjects


def translations_to_review_filtered(
    user, *, language: str = "", state: str = ""
) -> models.QuerySet[Translation]:
    """The review queue of ``user`` narrowed to one language and one state when given (values
    outside the site's languages and the states are ignored)."""
    rows = translations_to_review(user)
    if language in dict(settings.LANGUAGES):
        rows = rows.filter(language=language)
    if state in TranslationState.values:
        rows = rows.filter(state=state)
    return rows


def translation_next_to_review(
    user, *, after: Translation, language: str = "", state: str = ""
) -> Translation | None:
    """The item of the queue that comes after ``after`` (the one just reviewed or rejected),
    else the first one other than it: where a reviewer goes next."""
    rows = translations_to_review_filtered(user, language=language, state=state).exclude(
        pk=after.pk
    )
    later = rows.filter(
        Q(created_at__gt=after.created_at) | Q(created_at=after.created_at, pk__gt=after.pk)
    ).first()
    return later or rows.first()


def translations_of_own_texts(user) -> models.QuerySet[Translation]:
    """The translations of the texts of the organisations ``user`` belongs to as owner or
    translator that nobody reviewed yet, grouped by text (the content owner's page)."""
    organisations = reviewer_organisation_ids(user)
    if not organisations:
        return Translation.objects.none()
    return (
        Translation.objects.filter(organisation_id__in=organisations)
        .exclude(state=TranslationState.REVIEWED)
        .select_related("content_type")
        .order_by("content_type_id", "object_id", "field", "language")
    )


@dataclass(frozen=True)
class SentenceMatches:
    """One sentence of a source with what the memory remembers like it (score 100 for the same
    sentence, else 75 up)."""

    sentence: str
    matches: list


@dataclass(frozen=True)
class GlossaryCheck:
    """A glossary term of the source, its expected rendering, and whether the proposal kept it."""

    term: str
    expected: str
    kind: str
    is_missing: bool


def translation_review_aids(
    translation: Translation, *, proposal: str
) -> tuple[list[SentenceMatches], list[GlossaryCheck]]:
    """What helps a reviewer decide on ``translation``: for each sentence of its source the
    memory's close matches with their scores, and the glossary terms of the source with their
    expected rendering, each marked when ``proposal`` dropped it."""
    from banso.lingo.glossary import glossary_hits, glossary_missing
    from banso.lingo.memory import MemoryMatcher
    from banso.lingo.segments import segments_split

    matcher = MemoryMatcher(source=translation.source_language, target=translation.language)
    sentences = []
    for sentence, _separator in segments_split(translation.source):
        matches = matcher.lookup(sentence)
        if matches:
            sentences.append(SentenceMatches(sentence=sentence, matches=matches))
    hits = glossary_hits(translation.source, language=translation.language)
    missing = {hit.term for hit in glossary_missing(hits, proposal)} if proposal.strip() else set()
    checks = [
        GlossaryCheck(
            term=hit.term, expected=hit.expected, kind=hit.kind, is_missing=hit.term in missing
        )
        for hit in hits
    ]
    return sentences, checks

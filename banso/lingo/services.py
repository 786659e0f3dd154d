"""Every write of lingo: translations follow their source, get filled from the memory and an
engine, and are reviewed by people; the glossary is kept by officers.

The rules:

- A translatable field's translations follow its text (:func:`translation_sources_sync`, run
  whenever a registered row is saved, by whatever door): a new text gets a row *waiting* in
  every other language; a changed text makes a shown translation *stale* (it stays on the page,
  marked out of date, until a person reviews the new proposal); an emptied text loses its
  translations. Then, once the save commits, a background task fills them.
- Filling (:func:`translations_fill`) cuts the source into sentences. When the memory knows
  every sentence, the translation is put together from it and is *reviewed* at once: people
  reviewed each of those sentences. Otherwise the sentences it does not know go to the machine
  engine, if one is configured and answers; its output is checked against the glossary. An
  output that keeps every glossary term is shown at once, marked as machine translation,
  unless a reviewed translation is on the page (it stays, stale, and the output waits as its
  proposal); an output that drops a term waits for a person. Without an engine, what the
  memory cannot do waits for a person.
- Reviewing (:func:`translation_review`) accepts the proposal, or the reviewer's own text,
  and remembers its sentences; rejecting takes the proposal (and an unreviewed machine text)
  away.
"""

import datetime
import hashlib
import logging
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.common.page_cache import page_versions_bump
from banso.common.text import fold
from banso.lingo.engines import machine_translate
from banso.lingo.glossary import glossary_check
from banso.lingo.memory import memory_exact, memory_remember
from banso.lingo.models import Translation, TranslationOrigin, TranslationState
from banso.lingo.registry import Translatable, target_languages, translatable_for
from banso.lingo.segments import segments_join, segments_split
from banso.lingo.selectors import translation_may_review

logger = logging.getLogger(__name__)


def source_hash(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text.strip()).encode()).hexdigest()


def _owner(entry: Translatable, instance: models.Model) -> dict[str, object]:
    lookups = {
        f"lingo_{name}": F(path)
        for name, path in (("organisation_id", entry.organisation), ("unit_path", entry.unit_path))
        if path
    }
    found: dict[str, object] = {"organisation_id": None, "unit_path": ""}
    if lookups:
        row = entry.model._default_manager.filter(pk=instance.pk).values(**lookups).first()
        for alias, value in (row or {}).items():
            if value is not None:
                found[alias.removeprefix("lingo_")] = value
    return found


def _bump_pages(entry: Translatable | None, object_id: int) -> None:
    """Forget the cached pages that show the row, once the change commits."""
    if entry is None:
        return
    if entry.page_versions:
        page_versions_bump(*entry.page_versions)
    if entry.forget is not None:
        forget = entry.forget
        transaction.on_commit(lambda: forget(object_id))


@transaction.atomic
def translation_sources_sync(*, instance: models.Model) -> list[int]:
    """Make the translations of ``instance``'s translatable fields follow their texts; returns
    the ids of the translations that now need filling (filled after the commit)."""
    entry = translatable_for(type(instance))
    if entry is None or instance.pk is None:
        return []
    content_type = ContentType.objects.get_for_model(entry.model)
    source_language = settings.LANGUAGE_CODE
    languages = target_languages(source_language)
    existing = {
        (row.field, row.language): row
        for row in Translation.objects.select_for_update().filter(
            content_type=content_type, object_id=instance.pk
        )
    }
    owner: dict[str, object] | None = None
    to_fill: list[int] = []
    removed: list[int] = []
    for name in entry.fields:
        source = (getattr(instance, name) or "").strip()
        digest = source_hash(source)
        for language in languages:
            row = existing.get((name, language))
            if not source:
                if row is not None:
                    removed.append(row.pk)
                continue
            if row is not None and row.source_hash == digest:
                continue
            if owner is None:
                owner = _owner(entry, instance)
            if row is None:
                row = Translation(
                    content_type=content_type,
                    object_id=instance.pk,
                    field=name,
                    language=language,
                    source_language=source_language,
                    state=TranslationState.WAITING,
                )
            row.source, row.source_hash = source, digest
            row.organisation_id = owner["organisation_id"]  # type: ignore[assignment]
            row.unit_path = str(owner["unit_path"])
            if row.text:
                row.state = (
                    TranslationState.REVIEWED
                    if row.text_source_hash == digest
                    else TranslationState.STALE
                )
            else:
                row.state = TranslationState.WAITING
            if row.suggestion_hash != digest:
                row.suggestion, row.suggestion_origin, row.suggestion_hash = "", "", ""
                row.flags = []
            row.save()
            to_fill.append(row.pk)
    if removed:
        Translation.objects.filter(pk__in=removed).delete()
    if to_fill or removed:
        _bump_pages(entry, instance.pk)
    if to_fill:
        from banso.lingo.tasks import translations_fill_task

        transaction.on_commit(lambda: translations_fill_task.enqueue(ids=to_fill))
    return to_fill


def _entry_of(row: Translation) -> Translatable | None:
    model = row.content_type.model_class()
    return translatable_for(model) if model is not None else None


def translation_sources_forget(*, instance: models.Model) -> int:
    """Drop the translations of a deleted row; returns how many there were."""
    entry = translatable_for(type(instance))
    if entry is None:
        return 0
    content_type = ContentType.objects.get_for_model(entry.model)
    deleted, _by_model = Translation.objects.filter(
        content_type=content_type, object_id=instance.pk
    ).delete()
    return deleted


def _compose(source: str, *, language: str, known: dict[str, str]) -> tuple[str, bool] | None:
    """The source put together in ``language`` from ``known`` sentences, and whether every
    sentence came from the memory; None when a sentence has no translation."""
    pairs = []
    for sentence, separator in segments_split(source):
        if sentence not in known:
            return None
        pairs.append((known[sentence], separator))
    return segments_join(pairs, language=language), True


def translations_fill(*, ids: Iterable[int]) -> int:
    """Fill the translations ``ids`` for their current source from the memory, then the
    engine; returns how many got a text or a proposal. Safe to run twice: a translation
    already filled for its source is left alone."""
    rows = list(Translation.objects.filter(pk__in=list(ids)))
    groups: dict[tuple[str, str], list[Translation]] = defaultdict(list)
    for row in rows:
        if row.filled_hash != row.source_hash:
            groups[(row.source_language, row.language)].append(row)
    filled = 0
    for (source_language, language), group in groups.items():
        sentences = sorted(
            {sentence for row in group for sentence, _sep in segments_split(row.source)}
        )
        remembered = memory_exact(sentences, source=source_language, target=language)
        unknown = [sentence for sentence in sentences if sentence not in remembered]
        machine: dict[str, str] = {}
        engine_failed = False
        if unknown:
            answered = machine_translate(unknown, source=source_language, target=language)
            if answered is not None and len(answered) == len(unknown):
                machine = {
                    sentence: text.strip()
                    for sentence, text in zip(unknown, answered, strict=True)
                    if text.strip()
                }
            else:
                engine_failed = bool(settings.TRANSLATION_ENGINE)
        for row in group:
            filled += _fill_one(
                row, remembered=remembered, machine=machine, engine_failed=engine_failed
            )
    return filled


# Translations whose engine could not answer are tried again this long after their last try.
FILL_RETRY_SECONDS = 300
FILL_RETRY_BATCH = 500


def translations_unfilled_enqueue() -> int:
    """Queue the fill of translations left unfilled (their engine was down, or its circuit
    open), tried last over five minutes ago; returns how many. The worker runs it on a clock."""
    from banso.lingo.tasks import translations_fill_task

    before = timezone.now() - datetime.timedelta(seconds=FILL_RETRY_SECONDS)
    ids = list(
        Translation.objects.exclude(filled_hash=F("source_hash"))
        .filter(updated_at__lt=before)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:FILL_RETRY_BATCH]
    )
    if ids:
        Translation.objects.filter(pk__in=ids).update(updated_at=timezone.now())
        translations_fill_task.enqueue(ids=ids)
    return len(ids)


def translations_refill(*, states: Iterable[str]) -> int:
    """Ask the memory and the engine again for the translations in ``states`` that have no
    proposal (after an engine is configured, or the memory has grown); returns how many were
    queued."""
    from banso.lingo.tasks import translations_fill_task

    rows = Translation.objects.filter(state__in=list(states), suggestion="")
    ids = list(rows.values_list("pk", flat=True))
    rows.update(filled_hash="")
    for start in range(0, len(ids), FILL_RETRY_BATCH):
        batch = ids[start : start + FILL_RETRY_BATCH]
        transaction.on_commit(partial(translations_fill_task.enqueue, ids=batch))
    return len(ids)


@transaction.atomic
def _fill_one(
    row: Translation, *, remembered: dict[str, str], machine: dict[str, str], engine_failed: bool
) -> int:
    current = Translation.objects.select_for_update().filter(pk=row.pk).first()
    if current is None or current.source_hash != row.source_hash:
        return 0  # deleted, or its source changed again: the next fill answers
    row = current
    if row.filled_hash == row.source_hash:
        return 0  # filled already, by another run of the task
    from_memory = _compose(row.source, language=row.language, known=remembered)
    composed = from_memory or _compose(
        row.source, language=row.language, known={**machine, **remembered}
    )
    if composed is None and engine_failed:
        return 0  # asked again later (translations_unfilled_enqueue)
    row.filled_hash = row.source_hash
    shown = (row.text, row.state)
    if from_memory is not None:
        _publish(row, text=from_memory[0], origin=TranslationOrigin.MEMORY, reviewed=True)
    elif composed is not None:
        text = composed[0]
        problems = glossary_check(row.source, text, language=row.language)
        row.suggestion, row.suggestion_hash = text, row.source_hash
        row.suggestion_origin = TranslationOrigin.MACHINE
        row.flags = [hit.as_flag() for hit in problems]
        shows_reviewed = row.origin in (TranslationOrigin.PERSON, TranslationOrigin.MEMORY)
        if not problems and not (row.text and shows_reviewed) and settings.LINGO_PUBLISH_MACHINE:
            _publish(row, text=text, origin=TranslationOrigin.MACHINE, reviewed=False)
    row.save()
    if (row.text, row.state) != shown:  # a proposal alone changes no page
        _bump_pages(_entry_of(row), row.object_id)
    return int(composed is not None)


def _publish(row: Translation, *, text: str, origin: str, reviewed: bool, actor=None) -> None:
    row.text, row.text_folded = text, fold(text)
    row.text_source, row.text_source_hash = row.source, row.source_hash
    row.origin = origin
    row.engine = settings.TRANSLATION_ENGINE if origin == TranslationOrigin.MACHINE else ""
    row.state = TranslationState.REVIEWED if reviewed else TranslationState.MACHINE
    if reviewed:
        row.suggestion, row.suggestion_origin, row.suggestion_hash = "", "", ""
        row.flags = []
        row.reviewed_by, row.reviewed_at = actor, timezone.now()
    if origin == TranslationOrigin.PERSON:
        row.made_by = actor


def _sentence_pairs(source: str, translation: str) -> list[tuple[str, str]]:
    """The sentences of a reviewed translation against its source's: one by one when they
    have as many, else the whole text as one unit."""
    source_sentences = [sentence for sentence, _sep in segments_split(source)]
    target_sentences = [sentence for sentence, _sep in segments_split(translation)]
    if len(source_sentences) == len(target_sentences):
        return list(zip(source_sentences, target_sentences, strict=True))
    return [(source, translation)]


class ReviewAction(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")


@transaction.atomic
def translation_review(
    *, actor, translation: Translation, action: str, text: str | None = None
) -> Translation:
    """A person's decision on a translation: accept the proposal (or ``text``, the reviewer's
    own or edited wording), or reject the proposal. An accepted translation is remembered
    sentence by sentence for the next texts."""
    if not translation_may_review(actor, translation):
        raise PermissionDenied(_("You may not review this translation."))
    row = Translation.objects.select_for_update().get(pk=translation.pk)
    if action == ReviewAction.ACCEPT:
        proposal = row.suggestion or row.text
        final = (text if text is not None else proposal).strip()
        if not final:
            raise ValidationError({"text": _("Write the translation before accepting it.")})
        edited = text is not None and final != proposal.strip()
        origin = (
            TranslationOrigin.PERSON
            if edited or not (row.suggestion_origin or row.origin)
            else (row.suggestion_origin or row.origin)
        )
        _publish(row, text=final, origin=origin, reviewed=True, actor=actor)
        memory_remember(
            pairs=_sentence_pairs(row.source, final),
            source=row.source_language,
            target=row.language,
            actor=actor,
        )
    elif action == ReviewAction.REJECT:
        row.suggestion, row.suggestion_origin, row.suggestion_hash = "", "", ""
        row.flags = []
        if row.state == TranslationState.MACHINE:
            row.text = row.text_folded = row.text_source = row.text_source_hash = ""
            row.origin = row.engine = ""
            row.state = TranslationState.WAITING
    else:
        raise ValidationError({"action": _("Choose to accept or reject the translation.")})
    row.full_clean()
    row.save()
    _bump_pages(_entry_of(row), row.object_id)
    return row


@transaction.atomic
def translation_write(
    *, actor, instance: models.Model, field: str, language: str, text: str
) -> Translation | None:
    """A person's own translation of ``instance.field`` (a co-op writing its product's
    English name beside the Vietnamese): reviewed at once, remembered. An empty ``text`` leaves
    the translation to the memory, the engine and the reviewers. Returns the translation, or
    None when the field has no source text to translate."""
    entry = translatable_for(type(instance))
    if entry is None or field not in entry.fields:
        raise ValueError(f"{type(instance).__name__}.{field} is not translatable")
    translation_sources_sync(instance=instance)
    row = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(entry.model),
        object_id=instance.pk,
        field=field,
        language=language,
    ).first()
    if row is None or not text.strip():
        return row
    if row.state == TranslationState.REVIEWED and row.text == text.strip():
        return row
    return translation_review(actor=actor, translation=row, action=ReviewAction.ACCEPT, text=text)


# Translations returned in a file (XLIFF or Excel) ------------------------------------------


@dataclass(frozen=True)
class ReturnedUnit:
    """One translation as a reviewed file brings it back: the translation's id, the source
    text the file was made from, its language, and the reviewer's text."""

    translation_id: int
    source: str
    language: str
    target: str


@dataclass
class ReturnedResult:
    """What an import of a reviewed file did: how many targets became reviewed
    translations, and how many were left because their source changed since the export, because
    the person may not review them (or they no longer exist), or because they were empty."""

    accepted: int = 0
    stale: int = 0
    not_allowed: int = 0
    empty: int = 0


def _comparable_source(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@transaction.atomic
def translations_returned_accept(*, actor, units: list[ReturnedUnit]) -> ReturnedResult:
    """Accept the targets of a reviewed file (XLIFF or Excel) as ``actor``'s reviewed
    translations, all in one transaction.

    A unit is left alone when its source differs from the current source (the text changed
    after the export: the translation answers an old text), when ``actor`` may not review it,
    when it asks for another language than its translation's, or when its target is empty;
    each case is counted, so the person learns what the file did.
    """
    from banso.lingo.selectors import translations_for_reviewer

    result = ReturnedResult()
    ids = {unit.translation_id for unit in units}
    rows = translations_for_reviewer(actor).select_related("content_type").in_bulk(list(ids))
    for unit in units:
        row = rows.get(unit.translation_id)
        if not unit.target.strip():
            result.empty += 1
        elif row is None or row.language != unit.language:
            result.not_allowed += 1
        elif _comparable_source(row.source) != _comparable_source(unit.source):
            result.stale += 1
        else:
            rows[unit.translation_id] = translation_review(
                actor=actor, translation=row, action=ReviewAction.ACCEPT, text=unit.target
            )
            result.accepted += 1
    return result

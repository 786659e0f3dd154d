"""Content in every language: translations of free-text fields, the memory of reviewed
sentences, and the glossary of local names.

A translation belongs to one field of one row of any app (``content_type``, ``object_id``,
``field``) in one language. It keeps the source text it answers, so it knows when it went
stale, and apart from what visitors see (``text``) it holds the proposal waiting for a
person (``suggestion``): a reviewed text stays on the page, marked out of date, while the new
proposal for the changed source waits for review.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel


class TranslationState(models.TextChoices):
    WAITING = "waiting", _("Waiting for a translator")
    MACHINE = "machine", _("Machine translation")
    REVIEWED = "reviewed", _("Reviewed")
    STALE = "stale", _("Out of date")


class TranslationOrigin(models.TextChoices):
    MEMORY = "memory", _("Translation memory")
    MACHINE = "machine", _("Machine engine")
    PERSON = "person", _("Person")


class Translation(TimeStampedModel):
    """One field of one row in one language (bản dịch).

    ``state`` says what visitors get: *waiting* (no text yet: the page shows the source with a
    "not yet translated" mark), *machine* (an engine's text nobody reviewed), *reviewed*, or
    *stale* (a text made for an earlier source: shown, marked out of date, until a person
    reviews the new proposal).
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind of content")
    )
    object_id = models.PositiveBigIntegerField(_("row"))
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=12)
    # Whose content it is and where, so that an organisation's and a province's translators
    # find it (no foreign key: organisations sit above lingo).
    organisation_id = models.PositiveBigIntegerField(
        _("organisation"), null=True, blank=True, db_index=True
    )
    unit_path = models.CharField(_("place"), max_length=64, blank=True, db_index=True)
    source_language = models.CharField(_("source language"), max_length=12)
    source = models.TextField(_("source text"))
    source_hash = models.CharField(max_length=64)
    state = models.CharField(
        _("state"), max_length=10, choices=TranslationState.choices, db_index=True
    )
    text = models.TextField(_("translation"), blank=True)
    text_folded = models.TextField(blank=True, editable=False)
    # The source ``text`` answers: what a reviewer compares with the changed source.
    text_source = models.TextField(_("source of the translation"), blank=True)
    text_source_hash = models.CharField(max_length=64, blank=True)
    origin = models.CharField(
        _("made by"), max_length=10, choices=TranslationOrigin.choices, blank=True
    )
    engine = models.CharField(_("engine"), max_length=40, blank=True)
    suggestion = models.TextField(_("suggestion"), blank=True)
    suggestion_origin = models.CharField(
        max_length=10, choices=TranslationOrigin.choices, blank=True
    )
    suggestion_hash = models.CharField(max_length=64, blank=True)
    # Glossary terms the suggestion or machine text got wrong: [{"term": …, "expected": …}].
    flags = models.JSONField(_("glossary terms left out"), default=list, blank=True)
    # Whether the memory and the engine have been asked for the current source.
    filled_hash = models.CharField(max_length=64, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("translated by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="lingo_translation_one_per_field_language",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="lingo_tr_object"),
            models.Index(fields=["language", "state"], name="lingo_tr_language_state"),
        ]

    def __str__(self) -> str:
        return f"{self.field} [{self.language}] {self.source[:40]}"


class MemoryUnit(TimeStampedModel):
    """A reviewed sentence and its translation (đơn vị bộ nhớ dịch), reused for the same
    sentence anywhere and offered for similar ones."""

    source_language = models.CharField(_("source language"), max_length=12)
    target_language = models.CharField(_("target language"), max_length=12)
    source_text = models.TextField(_("source text"))
    # The source as compared: spaces collapsed, in NFC; its hash keeps one unit a sentence.
    source_key = models.TextField(editable=False)
    source_hash = models.CharField(max_length=64, editable=False)
    target_text = models.TextField(_("translation"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("translation memory unit")
        verbose_name_plural = _("translation memory")
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_hash"],
                name="lingo_memory_one_per_sentence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_text[:40]} → {self.target_text[:40]}"


class GlossaryKind(models.TextChoices):
    PLACE = "place", _("Place")
    ETHNIC_GROUP = "ethnic_group", _("Ethnic group")
    FESTIVAL = "festival", _("Festival")
    PRODUCT = "product", _("Product")
    TERM = "term", _("Term")


class GlossaryTerm(TimeStampedModel):
    """A word with its fixed rendering per language (thuật ngữ), or a name nobody translates.

    Machine output must contain the term's rendering in the target language (for a name not
    to translate, the name itself, unless a rendering is given, such as Chinese characters for
    a place): where it does not, the translation waits for a person.
    """

    term = models.CharField(_("term"), max_length=200)
    term_folded = models.CharField(max_length=220, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=14, choices=GlossaryKind.choices)
    do_not_translate = models.BooleanField(
        _("do not translate"),
        default=False,
        help_text=_("A name written the same in every language unless a rendering is given."),
    )
    # {"en": "Tam Hoa plum", "zh-hans": "三华李"}: languages of settings.LANGUAGES only.
    renderings = models.JSONField(_("renderings"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term_folded"]

    def __str__(self) -> str:
        return self.term

    def rendering(self, language: str) -> str:
        """How the term must read in ``language``: its rendering, else the term itself when it
        is a name nobody translates, else "" (no fixed rendering)."""
        given = (self.renderings or {}).get(language, "")
        if given:
            return given
        return self.term if self.do_not_translate else ""

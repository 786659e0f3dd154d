"""Translations, the translation memory and the glossary in the admin.

A translation changes only through its services (a reviewer's decision remembers its sentences
and forgets the cached pages that show it), so the admin lists and reads translations and
decides on them with the same service as the review pages. The memory is read here, and a
wrong unit can be deleted so it is offered no more; units are made by reviews, not typed.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from banso.common.admin import ServiceAdmin
from banso.lingo.glossary import (
    GlossaryTermData,
    glossary_may_edit,
    glossary_term_create,
    glossary_term_delete,
    glossary_term_update,
)
from banso.lingo.models import GlossaryTerm, MemoryUnit, Translation
from banso.lingo.services import ReviewAction, translation_review


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "state", "origin", "reviewed_by", "updated_at"]
    list_filter = ["language", "state", "origin"]
    search_fields = ["source", "text", "suggestion"]
    list_select_related = ["reviewed_by"]
    actions = ["accept", "reject"]
    readonly_fields = [
        "content_type",
        "object_id",
        "field",
        "language",
        "organisation_id",
        "unit_path",
        "source",
        "state",
        "text",
        "text_source",
        "origin",
        "engine",
        "suggestion",
        "flags",
        "made_by",
        "reviewed_by",
        "reviewed_at",
    ]
    exclude = ["source_hash", "text_source_hash", "suggestion_hash", "filled_hash"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, *, action: str) -> None:
        done = 0
        for row in queryset:
            try:
                translation_review(actor=request.user, translation=row, action=action)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, f"{row}: {' '.join(getattr(error, 'messages', []))}")
            else:
                done += 1
        messages.success(
            request,
            ngettext("%(count)d translation decided.", "%(count)d translations decided.", done)
            % {"count": done},
        )

    @admin.action(description=_("Accept the proposal"), permissions=["view"])
    def accept(self, request, queryset):
        self._decide(request, queryset, action=ReviewAction.ACCEPT)

    @admin.action(description=_("Reject the proposal"), permissions=["view"])
    def reject(self, request, queryset):
        self._decide(request, queryset, action=ReviewAction.REJECT)


@admin.register(MemoryUnit)
class MemoryUnitAdmin(admin.ModelAdmin):
    list_display = ["source_text", "target_text", "target_language", "created_by", "updated_at"]
    list_filter = ["source_language", "target_language"]
    search_fields = ["source_text", "target_text"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "source_language",
        "target_language",
        "source_text",
        "target_text",
        "created_by",
    ]
    exclude = ["source_key", "source_hash"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Glossary -----------------------------------------------------------------------------------


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ServiceAdmin, admin.ModelAdmin):
    """Terms are written through the glossary services, like on the officers' pages and in
    the workbook import: the same people, the same checks (one term per folded spelling,
    renderings in the site's languages only), and every process reads the glossary again."""

    list_display = ["term", "kind", "do_not_translate", "updated_at"]
    list_filter = ["kind", "do_not_translate"]
    search_fields = ["term_folded", "term"]
    fields = ["term", "kind", "do_not_translate", "renderings", "note"]

    def has_view_permission(self, request, obj=None):
        return glossary_may_edit(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    def has_module_permission(self, request):
        return glossary_may_edit(request.user)

    @staticmethod
    def _data(form) -> GlossaryTermData:
        cleaned = form.cleaned_data
        return GlossaryTermData(
            term=cleaned["term"],
            kind=cleaned["kind"],
            do_not_translate=cleaned["do_not_translate"],
            renderings=cleaned.get("renderings") or {},
            note=cleaned.get("note") or "",
        )

    def save_model(self, request, obj, form, change):
        if change:
            stored = GlossaryTerm.objects.get(pk=obj.pk)
            glossary_term_update(actor=request.user, term=stored, data=self._data(form))
        else:
            obj.pk = glossary_term_create(actor=request.user, data=self._data(form)).pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        glossary_term_delete(actor=request.user, term=obj)

    def delete_queryset(self, request, queryset):
        for term in queryset:
            glossary_term_delete(actor=request.user, term=term)


# End of the glossary ------------------------------------------------------------------------

"""Translations and the translation memory in the admin.

A translation changes only through its services (a reviewer's decision remembers its sentences
and forgets the cached pages that show it), so the admin lists and reads translations and
decides on them with the same service as the review pages. The memory is read here, and a
wrong unit can be deleted so it is offered no more; units are made by reviews, not typed.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from banso.lingo.models import MemoryUnit, Translation
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

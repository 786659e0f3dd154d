"""Lingo in the admin."""

from django.contrib import admin

from banso.common.admin import ServiceAdmin
from banso.lingo.glossary import (
    GlossaryTermData,
    glossary_may_edit,
    glossary_term_create,
    glossary_term_delete,
    glossary_term_update,
)
from banso.lingo.models import GlossaryTerm

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

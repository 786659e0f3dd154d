from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from banso.orgs import selectors
from banso.orgs.models import Certificate, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CertificateInline(admin.StackedInline):
    model = Certificate
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "kind", "unit", "tax_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_folded", "name", "tax_code"]
    autocomplete_fields = ["unit", "village"]
    list_select_related = ["unit"]
    inlines = [MembershipInline, CertificateInline]
    exclude = ["members"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return selectors.organisations_for_user(request.user)

    def save_model(self, request, obj, form, change):
        from banso.common.text import fold

        obj.name_folded = fold(obj.name)
        obj.tax_code = obj.tax_code or None
        super().save_model(request, obj, form, change)

from django.contrib import admin
from django.db import models
from rules.contrib.admin import (
    ObjectPermissionsModelAdmin,
    ObjectPermissionsStackedInline,
    ObjectPermissionsTabularInline,
)

from banso.orgs import selectors, services
from banso.orgs.forms import HttpsURLField
from banso.orgs.models import Certificate, Membership, Organisation


class MembershipInline(ObjectPermissionsTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CertificateInline(ObjectPermissionsStackedInline):
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
    readonly_fields = ["slug"]
    formfield_overrides = {models.URLField: {"form_class": HttpsURLField}}

    def get_queryset(self, request):
        return selectors.organisations_for_user(request.user)

    def save_model(self, request, obj, form, change):
        """Through the services, so the admin obeys the same rules as the pages and the API."""
        if change:
            services.organisation_update(actor=request.user, organisation=obj)
        else:
            fields = {name: getattr(obj, name) for name in services.EDITABLE_FIELDS}
            for name in ("name", "kind", "unit"):
                fields.pop(name)
            obj.pk = services.organisation_create(
                actor=request.user, name=obj.name, kind=obj.kind, unit=obj.unit, **fields
            ).pk
            obj.refresh_from_db()

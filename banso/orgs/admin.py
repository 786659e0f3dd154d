"""Organisations in the admin: the organisation, its people and its certificates are written
through the orgs services, like on the pages and in the API, so their permissions and checks
hold here too. Deleting an organisation (and with it everything it recorded) and switching it
off have no service: they are not offered here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import (
    ObjectPermissionsModelAdmin,
    ObjectPermissionsStackedInline,
    ObjectPermissionsTabularInline,
)

from banso.common.admin import KeyedServiceInline, ServiceAdmin, ServiceInline
from banso.orgs import selectors, services
from banso.orgs.forms import HttpsURLField
from banso.orgs.models import Certificate, Membership, Organisation


class MembershipInline(KeyedServiceInline, ObjectPermissionsTabularInline):
    model = Membership
    row_key = "user"
    extra = 0
    autocomplete_fields = ["user"]

    def row_add(self, request, parent, form):
        return services.membership_set(
            actor=request.user,
            organisation=parent,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
        )

    def row_delete(self, request, parent, row):
        services.membership_remove(actor=request.user, membership=row)


class CertificateInline(ServiceInline, ObjectPermissionsStackedInline):
    model = Certificate
    extra = 0

    @staticmethod
    def _fields(form, names) -> dict:
        return {
            name: form.cleaned_data[name]
            for name in names
            if name in services.CERTIFICATE_FIELDS and name in form.cleaned_data
        }

    def row_add(self, request, parent, form):
        fields = self._fields(form, form.cleaned_data)
        if not fields.get("scan"):
            fields.pop("scan", None)
        return services.certificate_add(actor=request.user, organisation=parent, **fields)

    def row_change(self, request, parent, form):
        return services.certificate_update(
            actor=request.user,
            certificate=form.instance,
            **self._fields(form, form.changed_data),
        )

    def row_delete(self, request, parent, row):
        services.certificate_delete(actor=request.user, certificate=row)


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin, ObjectPermissionsModelAdmin):
    list_display = ["name", "kind", "unit", "tax_code", "approval", "is_active"]
    list_filter = ["approval", "kind", "is_active"]
    actions = ["approve", "refuse"]
    search_fields = ["name_folded", "name", "tax_code"]
    autocomplete_fields = ["unit", "village"]
    list_select_related = ["unit"]
    inlines = [MembershipInline, CertificateInline]
    exclude = ["members"]
    readonly_fields = ["slug", "is_active", "approval", "reviewed_by", "reviewed_at"]
    formfield_overrides = {models.URLField: {"form_class": HttpsURLField}}

    def get_queryset(self, request):
        return selectors.organisations_for_user(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def _review(self, request, queryset, *, approve: bool) -> None:
        """Through the review service, one organisation at a time; each refusal is shown."""
        done = 0
        for organisation in queryset:
            try:
                services.organisation_review(
                    actor=request.user, organisation=organisation, approve=approve
                )
            except (PermissionDenied, ValidationError) as error:
                message = " ".join(getattr(error, "messages", None) or [str(error)])
                self.message_user(request, f"{organisation}: {message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d organisation reviewed.",
                    "%(count)d organisations reviewed.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Approve the selected organisations"))
    def approve(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description=_("Refuse the selected organisations"))
    def refuse(self, request, queryset):
        self._review(request, queryset, approve=False)

    def save_model(self, request, obj, form, change):
        """Through the services, so the admin obeys the same rules as the pages and the API."""
        fields = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            services.organisation_update(actor=request.user, organisation=obj, **fields)
        else:
            for name in ("name", "kind", "unit"):
                fields.pop(name)
            obj.pk = services.organisation_create(
                actor=request.user, name=obj.name, kind=obj.kind, unit=obj.unit, **fields
            ).pk
            obj.refresh_from_db()

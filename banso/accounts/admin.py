from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from banso.accounts.forms import UserAdminChangeForm, UserAdminCreationForm
from banso.accounts.models import ApiToken, RoleGrant, User
from banso.accounts.services import role_grant, role_revoke
from banso.common.admin import ServiceAdmin, ServiceInline


class RoleGrantInline(ServiceInline, admin.TabularInline):
    """Roles are given through ``role_grant`` (a province officer on a province, a commune
    officer on a commune or ward, a team leader on a village; who granted it is recorded) and
    taken away through ``role_revoke``; a role is not edited in place."""

    model = RoleGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["unit", "village"]
    exclude = ["granted_by"]

    def row_add(self, request, parent, form):
        return role_grant(
            user=parent,
            role=form.cleaned_data["role"],
            unit=form.cleaned_data.get("unit"),
            village=form.cleaned_data.get("village"),
            granted_by=request.user,
        )

    def row_delete(self, request, parent, row):
        role_revoke(grant=row)


@admin.register(User)
class UserAdmin(ServiceAdmin, BaseUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    ordering = ["full_name"]
    list_display = ["full_name", "phone", "email", "is_staff", "is_active"]
    search_fields = ["full_name", "phone", "email"]
    fieldsets = (
        (None, {"fields": ("phone", "email", "password")}),
        (_("Person"), {"fields": ("full_name",)}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("phone", "email", "full_name", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ["groups"]
    inlines = [RoleGrantInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "is_active"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "is_active", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # Keys are shown once when made; make them with ``manage.py api_token``.
        return False

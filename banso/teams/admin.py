"""The team register in the admin, read-mostly: teams, members and help given are written by
their pages, the import and the phones (through the services), and shown here scoped like every
read of them (``selectors``). The list of kinds of help is maintained here, through its
services; a kind is made inactive, never deleted."""

from django.contrib import admin

from banso.common.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from banso.teams.followup_selectors import help_requests_for_user
from banso.teams.models import (
    HelpConflict,
    HelpKind,
    HelpPhoto,
    HelpRecord,
    HelpRequest,
    Team,
    TeamMember,
)
from banso.teams.selectors import help_records_for_user, team_members_for_user, teams_for_user
from banso.teams.services.register import help_kind_create, help_kind_update


class TeamMemberInline(ReadOnlyInline):
    model = TeamMember
    fields = ["full_name", "phone", "position", "background", "joined_on", "left_on"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = [
        "village",
        "unit",
        "decision_number",
        "decision_date",
        "founded_on",
        "dissolved_on",
    ]
    list_filter = ["dissolved_on"]
    list_select_related = ["village", "unit"]
    search_fields = ["decision_number", "village__name"]
    inlines = [TeamMemberInline]

    def get_queryset(self, request):
        return teams_for_user(request.user)


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "team", "position", "background", "joined_on", "left_on"]
    list_filter = ["position", "background"]
    list_select_related = ["team__village"]
    search_fields = ["full_name"]

    def get_queryset(self, request):
        return team_members_for_user(request.user)


@admin.register(HelpKind)
class HelpKindAdmin(ServiceAdmin, admin.ModelAdmin):
    """Through the services; a refusal is shown on the page (``ServiceAdmin``)."""

    list_display = ["code", "display_name", "position", "is_active"]
    fields = ["code", "name", "position", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("teams.change_helpkind")

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("teams.change_helpkind")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def has_module_permission(self, request) -> bool:
        return request.user.is_staff

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            help_kind_update(
                actor=request.user,
                kind=obj,
                data={
                    "name": data["name"],
                    "position": data["position"],
                    "is_active": data["is_active"],
                },
            )
        else:
            obj.pk = help_kind_create(
                actor=request.user, code=data["code"], name=data["name"], position=data["position"]
            ).pk


class HelpPhotoInline(ReadOnlyInline):
    model = HelpPhoto
    fields = ["caption", "position"]


class HelpConflictInline(ReadOnlyInline):
    model = HelpConflict
    fk_name = "record"
    fields = ["created_at", "sent_by", "content", "resolution", "resolved_at", "resolved_by"]


@admin.register(HelpRecord)
class HelpRecordAdmin(ReadOnlyAdmin):
    list_display = ["helped_on", "team", "helper", "household", "person_name", "outcome"]
    list_filter = ["outcome", "helped_on"]
    list_select_related = ["team__village", "helper", "household"]
    inlines = [HelpPhotoInline, HelpConflictInline]

    def get_queryset(self, request):
        return help_records_for_user(request.user).select_related("team__village")


@admin.register(HelpConflict)
class HelpConflictAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "record", "sent_by", "resolution", "resolved_at"]
    list_filter = ["resolution"]
    list_select_related = ["record", "sent_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(record__in=help_records_for_user(request.user).values("pk"))
        )


@admin.register(HelpRequest)
class HelpRequestAdmin(ReadOnlyAdmin):
    """Requests sent through the public page, scoped like the to-do list reads them; answered
    from the to-do list (``help_request_answer``)."""

    list_display = ["created_at", "village", "unit", "phone", "name", "answered_on"]
    list_filter = ["answered_on"]
    list_select_related = ["village", "unit"]

    def get_queryset(self, request):
        return help_requests_for_user(request.user)

"""The broadcast tables in the admin, to read: bulletins, their audio and history, speakers,
programmes and what the devices reported are written by the editors' pages, the device API
and the worker, through the services (so the rules and the history hold), and shown here
scoped like every read of them."""

from django.contrib import admin

from banso.broadcast.models import (
    Bulletin,
    BulletinChange,
    BulletinVersion,
    PlayReport,
    Programme,
    ProgrammeSlot,
    Speaker,
    SpeakerAlert,
    SpeakerGroup,
)
from banso.broadcast.selectors.bulletins import bulletins_for_user
from banso.broadcast.selectors.roles import broadcast_scope_for_user
from banso.broadcast.selectors.speakers import groups_for_user, speakers_for_user
from banso.common.admin import ReadOnlyAdmin, ReadOnlyInline


class BulletinVersionInline(ReadOnlyInline):
    model = BulletinVersion
    fields = ["position", "language", "script", "kind", "status", "duration_ms", "sha256"]
    fk_name = "bulletin"


class BulletinChangeInline(ReadOnlyInline):
    model = BulletinChange
    fields = ["at", "actor", "action", "state_before", "state_after", "note"]


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ["title", "source_unit", "priority", "state", "valid_from", "valid_until"]
    list_filter = ["state", "priority", "category"]
    list_select_related = ["source_unit"]
    search_fields = ["title"]
    inlines = [BulletinVersionInline, BulletinChangeInline]

    def get_queryset(self, request):
        return bulletins_for_user(request.user)


@admin.register(Speaker)
class SpeakerAdmin(ReadOnlyAdmin):
    list_display = ["name", "commune", "village", "link", "is_active"]
    list_filter = ["link", "is_active"]
    list_select_related = ["commune", "village"]
    search_fields = ["name"]
    exclude = ["token_hash"]

    def get_queryset(self, request):
        return speakers_for_user(request.user)


@admin.register(SpeakerGroup)
class SpeakerGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "commune"]
    list_select_related = ["commune"]

    def get_queryset(self, request):
        return groups_for_user(request.user)


class ProgrammeSlotInline(ReadOnlyInline):
    model = ProgrammeSlot
    fields = ["starts_at", "length_minutes", "weekdays", "name"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "commune", "is_active"]
    list_select_related = ["commune"]
    inlines = [ProgrammeSlotInline]

    def get_queryset(self, request):
        programmes = super().get_queryset(request)
        if request.user.is_superuser:
            return programmes
        return programmes.filter(broadcast_scope_for_user(request.user).unit_q("commune__path"))


@admin.register(PlayReport)
class PlayReportAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "speaker", "bulletin", "outcome", "commune"]
    list_filter = ["outcome"]
    list_select_related = ["speaker", "bulletin", "commune"]
    date_hierarchy = "started_at"

    def get_queryset(self, request):
        reports = super().get_queryset(request)
        if request.user.is_superuser:
            return reports
        return reports.filter(broadcast_scope_for_user(request.user).unit_q("commune__path"))


@admin.register(SpeakerAlert)
class SpeakerAlertAdmin(ReadOnlyAdmin):
    list_display = [
        "opened_at",
        "speaker",
        "commune",
        "silent_since",
        "closed_at",
        "closed_because",
    ]
    list_filter = ["closed_because"]
    list_select_related = ["speaker", "commune"]
    date_hierarchy = "opened_at"

    def get_queryset(self, request):
        alerts = super().get_queryset(request)
        if request.user.is_superuser:
            return alerts
        return alerts.filter(broadcast_scope_for_user(request.user).unit_q("commune__path"))

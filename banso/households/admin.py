"""Households in the admin, to read: every write goes through the services (pages and imports
come next), and the lists are scoped like every read of households (``households_for_user``).
Exports of personal data are listed for superusers only, and never changed."""

from django.contrib import admin

from banso.common.admin import ReadOnlyAdmin, ReadOnlyInline
from banso.households.models import (
    Assessment,
    ExportLog,
    Household,
    Member,
    PovertyIndicator,
    PovertyStandard,
    TelecomActivity,
    TelecomEnrolment,
)
from banso.households.selectors import households_for_user


class PovertyIndicatorInline(ReadOnlyInline):
    model = PovertyIndicator
    fields = ["position", "code", "dimension"]


@admin.register(PovertyStandard)
class PovertyStandardAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "legal_basis",
        "province",
        "valid_from_year",
        "valid_to_year",
        "poverty_line_rural_vnd",
        "poverty_line_urban_vnd",
        "deprivation_threshold",
    ]
    inlines = [PovertyIndicatorInline]


class MemberInline(ReadOnlyInline):
    model = Member
    fields = ["full_name", "sex", "birth_year", "relation"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ["code", "head_name", "village", "unit", "ethnicity", "area"]
    list_filter = ["area", "ethnicity"]
    search_fields = ["code"]
    readonly_fields = ["code", "unit"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return households_for_user(request.user)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = [
        "household",
        "year",
        "standard",
        "living_standard",
        "deprivation_count",
        "lacks_telecom",
        "lacks_information_means",
        "made_at",
    ]
    list_filter = ["year", "living_standard", "lacks_telecom"]
    list_select_related = ["household", "standard"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(household__in=households_for_user(request.user).values("pk"))
        )


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["made_at", "made_by", "unit", "kind", "row_count", "purpose"]
    list_filter = ["kind"]
    list_select_related = ["made_by", "unit"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser


class TelecomActivityInline(ReadOnlyInline):
    model = TelecomActivity
    fields = ["month", "has_traffic", "status_after", "source", "made_at"]


@admin.register(TelecomEnrolment)
class TelecomEnrolmentAdmin(ReadOnlyAdmin):
    list_display = [
        "household",
        "kind",
        "provider",
        "subscriber_number",
        "monthly_support_vnd",
        "started_on",
        "ended_on",
        "status",
    ]
    list_filter = ["status", "kind", "provider"]
    list_select_related = ["household"]
    inlines = [TelecomActivityInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(household__in=households_for_user(request.user).values("pk"))
        )

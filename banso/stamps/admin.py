"""Read-mostly administration: runs, stamps and scans are looked at here; they change only
through the services (the co-op pages), so the admin cannot bypass their rules."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from banso.orgs.selectors import organisations_for_user
from banso.stamps.models import Scan, Stamp, StampRun


class _ReadOnly(ObjectPermissionsModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StampRun)
class StampRunAdmin(_ReadOnly):
    list_display = ["product", "organisation", "quantity", "with_pin", "status", "created_at"]
    list_filter = ["status", "with_pin", "template"]
    search_fields = ["product__name_folded", "product__gtin", "organisation__name_folded"]
    list_select_related = ["product", "organisation"]
    exclude = ["pin_secret"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(organisation__in=organisations_for_user(request.user).values("pk"))
        )


@admin.register(Stamp)
class StampAdmin(_ReadOnly):
    list_display = ["serial", "number", "run", "status", "lot", "scan_count", "is_flagged"]
    list_filter = ["status", "is_flagged"]
    search_fields = ["=serial"]
    list_select_related = ["run__product", "lot__product"]
    exclude = ["pin_hash"]
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(run__organisation__in=organisations_for_user(request.user).values("pk"))
        )


@admin.register(Scan)
class ScanAdmin(_ReadOnly):
    list_display = ["stamp", "scanned_at", "unit", "device_class", "language"]
    list_filter = ["device_class"]
    list_select_related = ["stamp", "unit"]
    exclude = ["ip_hash", "device_hash"]
    date_hierarchy = "scanned_at"
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(stamp__run__organisation__in=organisations_for_user(request.user).values("pk"))
        )

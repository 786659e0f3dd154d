from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from banso.places import selectors
from banso.places.models import AdministrativeUnit, Village


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    """Reference data loaded by ``manage.py load_places``: read-only here."""

    list_display = ["name", "code", "level", "parent", "is_current"]
    list_filter = ["is_current", "level"]
    search_fields = ["name_folded", "code", "name"]
    list_select_related = ["parent"]
    ordering = ["name_sort", "code"]  # Vietnamese alphabetical order

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Village)
class VillageAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "kind", "commune"]
    list_filter = ["kind"]
    search_fields = ["name_folded", "commune__name_folded"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]
    ordering = ["name_sort", "pk"]

    def get_queryset(self, request):
        return selectors.villages_for_user(request.user)

    def save_model(self, request, obj, form, change):
        from banso.places import services

        if change:
            services.village_update(actor=request.user, village=obj)
        else:
            obj.pk = services.village_create(
                actor=request.user,
                commune=obj.commune,
                name=obj.name,
                kind=obj.kind,
                latitude=obj.latitude,
                longitude=obj.longitude,
            ).pk

    def delete_model(self, request, obj):
        from banso.places import services

        services.village_delete(actor=request.user, village=obj)

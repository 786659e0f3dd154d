"""Products and lots in the admin, written through the trace services like on the co-op pages
(GTIN, certificates of the product's own organisation, the rename signal the marketplace
answers); events are append-only and only shown. Products and lots are not deleted here: stamps,
listings and events point to them, and no service deletes them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from banso.common.admin import LocaleNumbersAdmin, ServiceAdmin, ServiceInline, number_column
from banso.orgs.selectors import organisations_for_user
from banso.trace.models import EventEvidence, Lot, Product, ProductPhoto, TraceEvent
from banso.trace.services import products as services


class ProductPhotoInline(ServiceInline, ObjectPermissionsTabularInline):
    model = ProductPhoto
    extra = 0

    def row_add(self, request, parent, form):
        return services.product_photo_add(
            actor=request.user,
            product=parent,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data.get("caption", ""),
        )

    def row_delete(self, request, parent, row):
        services.product_photo_delete(actor=request.user, photo=row)


@admin.register(Product)
class ProductAdmin(LocaleNumbersAdmin, ServiceAdmin, ObjectPermissionsModelAdmin):
    list_display = ["name", "organisation", "gtin", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name_folded", "name", "gtin"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    filter_horizontal = ["certificates"]
    inlines = [ProductPhotoInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(organisation__in=organisations_for_user(request.user).values("pk"))
        )

    def get_readonly_fields(self, request, obj=None):
        return ["organisation"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Through the services, so the admin obeys the same rules as the pages."""
        fields = {name: getattr(obj, name) for name in services.PRODUCT_FIELDS}
        certificates = list(form.cleaned_data.get("certificates") or [])
        if change:
            services.product_update(
                actor=request.user, product=obj, certificates=certificates, **fields
            )
        else:
            for name in ("name", "category", "unit"):
                fields.pop(name)
            obj.pk = services.product_create(
                actor=request.user,
                organisation=obj.organisation,
                name=obj.name,
                category=obj.category,
                unit=obj.unit,
                certificates=certificates,
                **fields,
            ).pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The certificates were set by the service (only the organisation's own); the form's
        # save_m2m() would set them again without that check.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Lot)
class LotAdmin(LocaleNumbersAdmin, ObjectPermissionsModelAdmin):
    list_display = ["code", "product", "harvest_date", "harvest_unit", "quantity_shown"]
    quantity_shown = number_column("quantity", description=_("quantity"))
    search_fields = ["code", "product__name_folded", "product__gtin"]
    autocomplete_fields = ["product", "harvest_unit", "harvest_village"]
    list_select_related = ["product", "harvest_unit"]
    date_hierarchy = "harvest_date"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(product__organisation__in=organisations_for_user(request.user).values("pk"))
        )

    def get_readonly_fields(self, request, obj=None):
        return ["product"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in services.LOT_FIELDS}
        if change:
            services.lot_update(actor=request.user, lot=obj, **fields)
        else:
            obj.pk = services.lot_create(actor=request.user, product=obj.product, **fields).pk
            obj.refresh_from_db()


class EventEvidenceInline(admin.TabularInline):
    model = EventEvidence
    extra = 0
    can_delete = False
    readonly_fields = ["photo", "caption", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TraceEvent)
class TraceEventAdmin(admin.ModelAdmin):
    """Events are append-only: the admin shows them and changes nothing."""

    list_display = ["event_time", "event_type", "biz_step", "lot", "is_error_declaration"]
    list_filter = ["event_type", "is_error_declaration"]
    search_fields = ["event_id", "event_hash", "lot__code"]
    list_select_related = ["lot__product"]
    date_hierarchy = "event_time"
    inlines = [EventEvidenceInline]

    def get_queryset(self, request):
        events = super().get_queryset(request)
        if request.user.is_superuser:
            return events
        return events.filter(organisation__in=organisations_for_user(request.user).values("pk"))

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""The marketplace in the admin. Shops and listings save through their services, so the
admin obeys the same rules as the pages; orders and bank notifications are read-only here
(they change only through their own services)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from banso.market.models import (
    BankNotification,
    Cart,
    CartItem,
    CategoryMapping,
    FeedFile,
    Listing,
    ListingPhoto,
    ListingVariant,
    LivePin,
    LiveSession,
    Order,
    OrderEvent,
    OrderLine,
    Review,
    Shop,
    ShopDeliveryRate,
    ShopPhoto,
)
from banso.market.services import listings as listing_services
from banso.market.services import shops as shop_services
from banso.market.services.summary import listing_summary_refresh


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ShopPhotoInline(admin.TabularInline):
    model = ShopPhoto
    extra = 0


class ShopDeliveryRateInline(admin.TabularInline):
    model = ShopDeliveryRate
    extra = 0
    autocomplete_fields = ["province"]


def _review_action(service, label):
    def action(modeladmin, request, queryset):
        done = 0
        for shop in queryset.select_related("unit"):
            try:
                service(actor=request.user, shop=shop, note=str(_("Decided in the admin.")))
            except (PermissionDenied, ValidationError) as error:
                modeladmin.message_user(request, f"{shop}: {error}", messages.ERROR)
            else:
                done += 1
        modeladmin.message_user(request, _("%(count)d shops changed.") % {"count": done})

    action.short_description = label
    action.__name__ = f"shop_{service.__name__}"
    return action


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "unit", "status", "accepts_vietqr", "reviewed_at"]
    list_filter = ["status", "accepts_cod", "accepts_vietqr", "offers_pickup"]
    search_fields = ["name_folded", "name", "slug", "organisation__name"]
    list_select_related = ["organisation", "unit"]
    autocomplete_fields = ["organisation", "unit", "village"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "review_note"]
    inlines = [ShopPhotoInline, ShopDeliveryRateInline]
    actions = [
        _review_action(shop_services.shop_approve, _("Approve the selected shops")),
        _review_action(shop_services.shop_suspend, _("Suspend the selected shops")),
    ]

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in shop_services.SHOP_FIELDS
            if name in form.cleaned_data
        }
        if change:
            shop_services.shop_update(actor=request.user, shop=obj, **fields)
        else:
            obj.pk = shop_services.shop_create(
                actor=request.user, organisation=obj.organisation, **fields
            ).pk
            obj.refresh_from_db()


class ListingVariantInline(admin.TabularInline):
    model = ListingVariant
    extra = 0


class ListingPhotoInline(admin.TabularInline):
    model = ListingPhoto
    extra = 0


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["title", "shop", "status", "price_vnd", "stock_total", "ocop_certificate"]
    list_filter = ["status", "category", "ocop_group", "push_to_feeds"]
    search_fields = ["search_text", "title", "product__gtin"]
    list_select_related = ["shop", "ocop_certificate"]
    autocomplete_fields = ["shop", "product", "unit"]
    readonly_fields = ["price_vnd", "stock_total", "sold_count", "review_count", "rating_total"]
    inlines = [ListingVariantInline, ListingPhotoInline]

    def save_model(self, request, obj, form, change):
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in listing_services.LISTING_FIELDS
                if name in form.cleaned_data
            }
            listing_services.listing_update(actor=request.user, listing=obj, **changes)
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        listing_summary_refresh(form.instance)


class OrderLineInline(ReadOnlyInline):
    model = OrderLine


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "shop",
        "buyer_name",
        "status",
        "payment_method",
        "total_vnd",
        "created_at",
    ]
    list_filter = ["status", "payment_method", "delivery_method"]
    search_fields = ["code", "buyer_phone", "buyer_name"]
    list_select_related = ["shop"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, OrderEventInline]


@admin.register(BankNotification)
class BankNotificationAdmin(ReadOnlyAdmin):
    list_display = ["provider", "external_id", "amount_vnd", "status", "order", "received_at"]
    list_filter = ["status", "provider"]
    search_fields = ["external_id", "description", "account_number", "order__code"]
    list_select_related = ["order"]
    date_hierarchy = "received_at"


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["listing", "rating", "author_name", "is_visible", "created_at"]
    list_filter = ["is_visible", "rating"]
    search_fields = ["author_name", "text", "order__code"]
    list_select_related = ["listing"]
    readonly_fields = ["order", "listing", "rating", "text", "author_name"]

    def has_add_permission(self, request, obj=None):
        return False


class CartItemInline(ReadOnlyInline):
    model = CartItem


@admin.register(Cart)
class CartAdmin(ReadOnlyAdmin):
    list_display = ["key", "user", "created_at", "checked_out_at"]
    list_filter = ["checked_out_at"]
    inlines = [CartItemInline]


@admin.register(CategoryMapping)
class CategoryMappingAdmin(admin.ModelAdmin):
    list_display = ["marketplace", "category", "external_id", "external_name"]
    list_filter = ["marketplace"]
    search_fields = ["external_id", "external_name"]


@admin.register(FeedFile)
class FeedFileAdmin(ReadOnlyAdmin):
    list_display = ["kind", "shop", "listing_count", "generated_at"]
    list_filter = ["kind"]


class LivePinInline(admin.TabularInline):
    model = LivePin
    extra = 0


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "shop", "platform", "starts_at", "is_cancelled"]
    list_filter = ["platform", "is_cancelled"]
    list_select_related = ["shop"]
    inlines = [LivePinInline]

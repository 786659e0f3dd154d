"""The marketplace in the admin. Shops, listings and their rows (variants, photos, delivery
rates), reviews, live sessions and category mappings save through their services, so the admin
obeys the same rules as the pages and has the same side effects (a listing's price, stock and
search words, a listing's rating); orders and bank notifications are read-only here (they change
only through their own services). What has no service is read-only here too: a shop or a
listing is never deleted (orders point to them: a shop is suspended, a listing hidden), and a
listing is put on sale from its shop's page, which takes its first variants with it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from banso.common.admin import KeyedServiceInline, ServiceAdmin, ServiceInline
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
from banso.market.selectors.listings import listing_lots_choosable
from banso.market.services import listings as listing_services
from banso.market.services import live as live_services
from banso.market.services import shops as shop_services
from banso.market.services.feeds import category_mappings_save
from banso.market.services.reviews import review_visibility_set


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


class ShopPhotoInline(ServiceInline, admin.TabularInline):
    model = ShopPhoto
    extra = 0

    def row_add(self, request, parent, form):
        return shop_services.shop_photo_add(
            actor=request.user,
            shop=parent,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data.get("caption", ""),
        )

    def row_delete(self, request, parent, row):
        shop_services.shop_photo_delete(actor=request.user, photo=row)


class ShopDeliveryRateInline(KeyedServiceInline, admin.TabularInline):
    model = ShopDeliveryRate
    row_key = "province"
    extra = 0
    autocomplete_fields = ["province"]

    def row_add(self, request, parent, form):
        return shop_services.shop_delivery_rate_set(
            actor=request.user,
            shop=parent,
            province=form.cleaned_data["province"],
            fee_vnd=form.cleaned_data["fee_vnd"],
        )

    def row_delete(self, request, parent, row):
        shop_services.shop_delivery_rate_delete(actor=request.user, rate=row)


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
class ShopAdmin(ServiceAdmin, admin.ModelAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        # A shop stays with the organisation that opened it (shop_update cannot move it).
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "organisation"] if obj is not None else fields

    def has_delete_permission(self, request, obj=None):
        return False

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


class ListingVariantInline(ServiceInline, admin.TabularInline):
    model = ListingVariant
    extra = 0

    @staticmethod
    def _fields(form, names) -> dict:
        return {
            name: form.cleaned_data[name]
            for name in names
            if name in listing_services.VARIANT_FIELDS and name in form.cleaned_data
        }

    def row_add(self, request, parent, form):
        return listing_services.variant_save(
            actor=request.user, listing=parent, **self._fields(form, form.cleaned_data)
        )

    def row_change(self, request, parent, form):
        return listing_services.variant_save(
            actor=request.user,
            listing=parent,
            variant=form.instance,
            **self._fields(form, form.changed_data),
        )

    def row_delete(self, request, parent, row):
        listing_services.variant_delete(actor=request.user, variant=row)


class ListingPhotoInline(ServiceInline, admin.TabularInline):
    model = ListingPhoto
    extra = 0

    def row_add(self, request, parent, form):
        return listing_services.listing_photo_add(
            actor=request.user,
            listing=parent,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data.get("caption", ""),
        )

    def row_delete(self, request, parent, row):
        listing_services.listing_photo_delete(actor=request.user, photo=row)


def _listing_action(service, label):
    def action(modeladmin, request, queryset):
        done = 0
        for listing in queryset.select_related("shop__organisation", "product"):
            try:
                service(actor=request.user, listing=listing)
            except (PermissionDenied, ValidationError) as error:
                modeladmin.message_user(request, f"{listing}: {error}", messages.ERROR)
            else:
                done += 1
        message = ngettext("%(count)d product changed.", "%(count)d products changed.", done)
        modeladmin.message_user(request, message % {"count": done})

    action.short_description = label
    action.__name__ = f"listing_{service.__name__}"
    return action


@admin.register(Listing)
class ListingAdmin(ServiceAdmin, admin.ModelAdmin):
    """Listings are changed here through ``listing_update`` and their variants through
    ``variant_save``/``variant_delete``, which keep the price, stock and search words the
    lists read; the status moves only by the publish and hide actions (a listing goes on sale
    with a variant on sale, ``listing_publish``)."""

    list_display = ["title", "shop", "status", "price_vnd", "stock_total", "ocop_certificate"]
    list_filter = ["status", "category", "ocop_group", "push_to_feeds"]
    search_fields = ["search_text", "title", "product__gtin"]
    list_select_related = ["shop", "ocop_certificate"]
    autocomplete_fields = ["shop", "product", "unit"]
    readonly_fields = [
        "shop",
        "product",
        "unit",
        "status",
        "price_vnd",
        "stock_total",
        "sold_count",
        "review_count",
        "rating_total",
    ]
    inlines = [ListingVariantInline, ListingPhotoInline]
    actions = [
        _listing_action(listing_services.listing_publish, _("Put the selected products on sale")),
        _listing_action(listing_services.listing_hide, _("Hide the selected products")),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "lot_on_sale" in form.base_fields and obj is not None:
            # Only the lots of the listing's own product (listing_update refuses any other).
            form.base_fields["lot_on_sale"].queryset = listing_lots_choosable(
                obj, organisation=obj.shop.organisation
            )
        return form

    def save_model(self, request, obj, form, change):
        changes = {
            name: form.cleaned_data[name]
            for name in listing_services.LISTING_FIELDS
            if name in form.cleaned_data
        }
        listing_services.listing_update(actor=request.user, listing=obj, **changes)


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
    """A review is shown or hidden through ``review_visibility_set``, which moves the listing's
    rating with it; reviews are written by buyers only and never deleted."""

    list_display = ["listing", "rating", "author_name", "is_visible", "created_at"]
    list_filter = ["is_visible", "rating"]
    search_fields = ["author_name", "text", "order__code"]
    list_select_related = ["listing"]
    readonly_fields = ["order", "listing", "rating", "text", "author_name"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "is_visible" in form.changed_data:
            review_visibility_set(actor=request.user, review=obj, is_visible=obj.is_visible)


class CartItemInline(ReadOnlyInline):
    model = CartItem


@admin.register(Cart)
class CartAdmin(ReadOnlyAdmin):
    list_display = ["key", "user", "created_at", "checked_out_at"]
    list_filter = ["checked_out_at"]
    inlines = [CartItemInline]


@admin.register(CategoryMapping)
class CategoryMappingAdmin(ServiceAdmin, admin.ModelAdmin):
    """Saved and deleted through ``category_mappings_save``, like the officers' table page."""

    list_display = ["marketplace", "category", "external_id", "external_name"]
    list_filter = ["marketplace"]
    search_fields = ["external_id", "external_name"]

    def get_readonly_fields(self, request, obj=None):
        return ["marketplace", "category"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("market.change_categorymapping")

    has_add_permission = has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        row = {
            "marketplace": obj.marketplace,
            "category": obj.category,
            "external_id": obj.external_id,
            "external_name": obj.external_name,
        }
        category_mappings_save(actor=request.user, rows=[row])
        saved = CategoryMapping.objects.filter(marketplace=obj.marketplace, category=obj.category)
        obj.pk = saved.values_list("pk", flat=True).first()

    def delete_model(self, request, obj):
        row = {"marketplace": obj.marketplace, "category": obj.category, "external_id": ""}
        category_mappings_save(actor=request.user, rows=[row])

    def delete_queryset(self, request, queryset):
        for mapping in queryset:
            self.delete_model(request, mapping)


@admin.register(FeedFile)
class FeedFileAdmin(ReadOnlyAdmin):
    list_display = ["kind", "shop", "listing_count", "generated_at"]
    list_filter = ["kind"]


class LivePinInline(KeyedServiceInline, admin.TabularInline):
    model = LivePin
    row_key = "variant"
    extra = 0
    fields = ["variant", "live_price_vnd", "position"]
    readonly_fields = ["position"]
    raw_id_fields = ["variant"]

    def row_add(self, request, parent, form):
        return live_services.live_pin_add(
            actor=request.user,
            session=parent,
            variant=form.cleaned_data["variant"],
            live_price_vnd=form.cleaned_data["live_price_vnd"],
        )

    def row_delete(self, request, parent, row):
        live_services.live_pin_remove(actor=request.user, pin=row)


@admin.register(LiveSession)
class LiveSessionAdmin(ServiceAdmin, admin.ModelAdmin):
    """Sessions and their pins go through the live services: a session that has ended or was
    cancelled cannot be changed, only variants on sale of the session's shop can be pinned."""

    list_display = ["title", "shop", "platform", "starts_at", "is_cancelled"]
    list_filter = ["platform", "is_cancelled"]
    list_select_related = ["shop"]
    autocomplete_fields = ["shop"]
    inlines = [LivePinInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        return ["shop"] if obj is not None else ["is_cancelled"]

    def has_delete_permission(self, request, obj=None):
        return False  # cancelled instead: its page stays, saying so

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in live_services.SESSION_FIELDS
            if name in form.cleaned_data
        }
        if not change:
            obj.pk = live_services.live_session_create(
                actor=request.user, shop=obj.shop, **fields
            ).pk
            obj.refresh_from_db()
            return
        changed = {name: value for name, value in fields.items() if name in form.changed_data}
        session = LiveSession.objects.get(pk=obj.pk)
        if changed:
            session = live_services.live_session_update(
                actor=request.user, session=session, **changed
            )
        if "is_cancelled" in form.changed_data and obj.is_cancelled:
            live_services.live_session_cancel(actor=request.user, session=session)
        elif "is_cancelled" in form.changed_data:
            raise ValidationError(_("A cancelled session cannot be held again: schedule another."))

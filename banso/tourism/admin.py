"""Tourism in the admin. Places, stays, room types, tours, departures and festivals save
through their services, so the admin obeys the same rules as the pages (permissions, folded
names, a room type's nights kept in step with its number of rooms); approvals are actions that
call the review services. Bookings, nights and other channels' nights change only through their
own services and are read-only here, as are the rows with no service yet (photos, price rules,
reviews, feeds)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from banso.common.admin import ReadOnlyAdmin, ServiceAdmin, ServiceInline
from banso.tourism.models import (
    Booking,
    ChannelFeed,
    FeedNight,
    Festival,
    GuestReview,
    Lodging,
    LodgingPhoto,
    Place,
    PlacePhoto,
    RateRule,
    RoomNight,
    RoomType,
    Tour,
    TourDeparture,
    TourPhoto,
)
from banso.tourism.services import festivals as festival_services
from banso.tourism.services import listings as listing_services
from banso.tourism.services import places as place_services


class ReadOnlyInline(ServiceInline, admin.TabularInline):
    """Rows shown with their parent and written elsewhere: no service adds, changes or deletes
    them here (``ServiceAdmin`` saves nothing of them)."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _fields(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def _review_action(service, decision: str, label, noun: str):
    def action(modeladmin, request, queryset):
        done = 0
        for row in queryset.select_related("unit"):
            try:
                service(
                    actor=request.user,
                    **{noun: row},
                    decision=decision,
                    note=str(_("Decided in the admin.")),
                )
            except (PermissionDenied, ValidationError) as error:
                modeladmin.message_user(request, f"{row}: {error}", messages.ERROR)
            else:
                done += 1
        modeladmin.message_user(
            request, ngettext("%(count)d changed.", "%(count)d changed.", done) % {"count": done}
        )

    action.__name__ = f"{noun}_{decision}"
    return admin.action(description=label)(action)


class PlacePhotoInline(ReadOnlyInline):
    model = PlacePhoto
    fields = ["image", "caption", "position"]


@admin.register(Place)
class PlaceAdmin(ServiceAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "is_published"]
    list_filter = ["kind", "is_published", "road_access"]
    search_fields = ["name_folded", "name", "slug"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "village", "organisation"]
    readonly_fields = ["is_published", "published_by"]
    inlines = [PlacePhotoInline]
    actions = ["publish", "unpublish"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = _fields(form, place_services.PLACE_FIELDS)
        if change:
            place_services.place_update(actor=request.user, place=obj, **fields)
        else:
            obj.pk = place_services.place_create(actor=request.user, **fields).pk
            obj.refresh_from_db()

    def _publish(self, request, queryset, is_published: bool) -> None:
        for place in queryset.select_related("unit"):
            try:
                place_services.place_publish(
                    actor=request.user, place=place, is_published=is_published
                )
            except PermissionDenied as error:
                self.message_user(request, f"{place}: {error}", messages.ERROR)

    @admin.action(description=_("Publish the selected places"))
    def publish(self, request, queryset):
        self._publish(request, queryset, True)

    @admin.action(description=_("Take the selected places down"))
    def unpublish(self, request, queryset):
        self._publish(request, queryset, False)


class RoomTypeInline(ReadOnlyInline):
    model = RoomType
    fields = ["name", "quantity", "max_guests", "rate_vnd", "is_active"]
    show_change_link = True


class LodgingPhotoInline(ReadOnlyInline):
    model = LodgingPhoto
    fields = ["image", "caption", "room_type", "position"]


@admin.register(Lodging)
class LodgingAdmin(ServiceAdmin, admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "unit", "status", "reviewed_at"]
    list_filter = ["status", "kind", "cancellation_policy"]
    search_fields = ["name_folded", "name", "slug", "organisation__name"]
    list_select_related = ["organisation", "unit"]
    autocomplete_fields = ["organisation", "unit", "village"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "review_note"]
    inlines = [RoomTypeInline, LodgingPhotoInline]
    actions = [
        _review_action(
            listing_services.lodging_review, "approve", _("Approve the selected stays"), "lodging"
        ),
        _review_action(
            listing_services.lodging_review, "suspend", _("Suspend the selected stays"), "lodging"
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # A stay stays with the organisation that added it (lodging_update cannot move it).
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "organisation"] if obj is not None else fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = _fields(form, listing_services.LODGING_FIELDS)
        if change:
            listing_services.lodging_update(actor=request.user, lodging=obj, **fields)
        else:
            obj.pk = listing_services.lodging_create(
                actor=request.user, organisation=obj.organisation, **fields
            ).pk
            obj.refresh_from_db()


class RateRuleInline(ReadOnlyInline):
    model = RateRule
    fields = ["kind", "name", "rate_vnd", "weekend_rate_vnd", "min_nights"]


@admin.register(RoomType)
class RoomTypeAdmin(ServiceAdmin, admin.ModelAdmin):
    list_display = ["name", "lodging", "quantity", "max_guests", "rate_vnd", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "lodging__name"]
    list_select_related = ["lodging"]
    autocomplete_fields = ["lodging"]
    inlines = [RateRuleInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "lodging"] if obj is not None else fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = _fields(form, listing_services.ROOM_TYPE_FIELDS)
        if change:
            listing_services.room_type_update(actor=request.user, room_type=obj, **fields)
        else:
            obj.pk = listing_services.room_type_create(
                actor=request.user, lodging=obj.lodging, **fields
            ).pk
            obj.refresh_from_db()


class DepartureInline(ReadOnlyInline):
    model = TourDeparture
    fields = ["starts_at", "capacity", "seats_taken", "price_vnd", "is_cancelled"]


class TourPhotoInline(ReadOnlyInline):
    model = TourPhoto
    fields = ["image", "caption", "position"]


@admin.register(Tour)
class TourAdmin(ServiceAdmin, admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "unit", "price_vnd", "status"]
    list_filter = ["status", "kind", "difficulty"]
    search_fields = ["name_folded", "name", "slug", "organisation__name"]
    list_select_related = ["organisation", "unit"]
    autocomplete_fields = ["organisation", "unit", "places"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "review_note"]
    inlines = [DepartureInline, TourPhotoInline]
    actions = [
        _review_action(
            listing_services.tour_review, "approve", _("Approve the selected tours"), "tour"
        ),
        _review_action(
            listing_services.tour_review, "suspend", _("Suspend the selected tours"), "tour"
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "organisation"] if obj is not None else fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = _fields(form, listing_services.TOUR_FIELDS)
        # The places are saved by the service with the tour, not by the admin's form.
        self._places = list(form.cleaned_data.get("places", []))
        if change:
            listing_services.tour_update(
                actor=request.user, tour=obj, places=self._places, **fields
            )
        else:
            obj.pk = listing_services.tour_create(
                actor=request.user, organisation=obj.organisation, places=self._places, **fields
            ).pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The service set the places; the inlines are read-only.
        pass


@admin.register(TourDeparture)
class TourDepartureAdmin(admin.ModelAdmin):
    list_display = ["tour", "starts_at", "capacity", "seats_taken", "is_cancelled"]
    list_filter = ["is_cancelled"]
    list_select_related = ["tour"]
    autocomplete_fields = ["tour"]
    fields = ["tour", "starts_at", "capacity", "price_vnd"]

    def has_change_permission(self, request, obj=None):
        # A departure is changed or cancelled through the bookings' services, not here.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = listing_services.departure_create(
            actor=request.user,
            tour=obj.tour,
            starts_at=form.cleaned_data["starts_at"],
            capacity=form.cleaned_data.get("capacity"),
            price_vnd=form.cleaned_data.get("price_vnd"),
        ).pk
        obj.refresh_from_db()


@admin.register(Festival)
class FestivalAdmin(admin.ModelAdmin):
    list_display = ["name", "rule", "unit", "is_published"]
    list_filter = ["rule", "is_published"]
    search_fields = ["name_folded", "name", "slug"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "place"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = _fields(form, festival_services.FESTIVAL_FIELDS)
        if change:
            festival_services.festival_update(actor=request.user, festival=obj, **fields)
        else:
            obj.pk = festival_services.festival_create(actor=request.user, **fields).pk
            obj.refresh_from_db()


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "organisation", "status", "guest_name", "total_vnd"]
    list_filter = ["status", "kind", "payment"]
    search_fields = ["code", "guest_name", "guest_phone"]
    list_select_related = ["organisation"]


@admin.register(RoomNight)
class RoomNightAdmin(ReadOnlyAdmin):
    list_display = ["room_type", "date", "capacity", "booked", "closed", "blocked"]
    list_select_related = ["room_type__lodging"]
    date_hierarchy = "date"


@admin.register(ChannelFeed)
class ChannelFeedAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "room_type"]
    list_select_related = ["room_type"]


@admin.register(FeedNight)
class FeedNightAdmin(ReadOnlyAdmin):
    pass


@admin.register(GuestReview)
class GuestReviewAdmin(ReadOnlyAdmin):
    list_display = ["booking", "rating", "is_published", "created_at"]
    list_filter = ["rating", "is_published"]

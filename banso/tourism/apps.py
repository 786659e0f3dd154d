from typing import TYPE_CHECKING, cast

from django.apps import AppConfig
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from banso.tourism.models import Festival, Lodging, Place, RoomType, Tour


class TourismConfig(AppConfig):
    name = "banso.tourism"
    verbose_name = _("Tourism")

    def ready(self) -> None:
        from django.conf import settings

        from banso.accounts.account_page import account_action_register
        from banso.common.navigation import nav_link_register
        from banso.jobs.periodic import periodic_register
        from banso.orgs.offers import organisation_offers_register
        from banso.tourism.page_cache import tourism_page_signals_connect
        from banso.tourism.provider import provider, tourism_offer_panel
        from banso.tourism.services.bookings import holds_expire
        from banso.tourism.services.calendars import feeds_refresh_due
        from banso.tourism.views.host import host_pages_register
        from banso.trace.resolver import register_link_provider

        register_link_provider(provider)
        organisation_offers_register(
            name="tourism", provider=tourism_offer_panel, page_versions=("tourism",)
        )
        _translatables_register()
        tourism_page_signals_connect()
        nav_link_register(label=_("Tourism"), url_name="tourism:home", order=20)
        host_pages_register()
        # A hold that ran out frees its nights within a minute.
        periodic_register(name="tourism.holds_expire", every_seconds=60, function=holds_expire)
        # Looks a few times an interval, so a feed is read at most a fraction of it late.
        periodic_register(
            name="tourism.feeds_refresh",
            every_seconds=max(min(settings.TOURISM_FEED_REFRESH_SECONDS / 6, 300), 30),
            function=feeds_refresh_due,
        )
        account_action_register(
            label=_("Stays and tours to approve"),
            url_name="tourism:approvals",
            order=50,
            shown=lambda user, page: user.has_perm("tourism.approve_lodging"),
        )
        account_action_register(
            label=_("Tourism dashboard"),
            url_name="tourism:dashboard",
            order=51,
            shown=lambda user, page: user.has_perm("tourism.view_dashboard"),
        )


def _place_url(place: models.Model) -> str:
    return reverse("tourism:place-detail", args=[cast("Place", place).slug])


def _lodging_url(lodging: models.Model) -> str:
    return reverse("tourism:stay-detail", args=[cast("Lodging", lodging).slug])


def _room_type_url(room_type: models.Model) -> str:
    return reverse("tourism:stay-detail", args=[cast("RoomType", room_type).lodging.slug])


def _tour_url(tour: models.Model) -> str:
    return reverse("tourism:tour-detail", args=[cast("Tour", tour).slug])


def _festival_url(festival: models.Model) -> str:
    place = cast("Festival", festival).place
    return _place_url(place) if place is not None else reverse("tourism:home")


def _translatables_register() -> None:
    """What tourists read in their language: a place's story and the way there, a stay's story
    and house rules, its room types, a tour's story, what it includes and where it meets, a
    festival's story and guests' reviews. Places and festivals belong to the province and may
    have no organisation (lingo then leaves the organisation empty and the province's
    translators review them, by the commune's path). Every tourism page depends on the
    ``"tourism"`` page version, so a new translation shows on the next request."""
    from banso.lingo.registry import translatable_register
    from banso.tourism.models import Festival, GuestReview, Lodging, Place, RoomType, Tour

    translatable_register(
        Place,
        fields=("name", "story", "how_to_get_there", "accessibility"),
        organisation="organisation_id",
        unit_path="unit__path",
        page_versions=("tourism",),
        url=_place_url,
    )
    translatable_register(
        Lodging,
        fields=("story", "house_rules"),
        organisation="organisation_id",
        unit_path="unit__path",
        page_versions=("tourism",),
        url=_lodging_url,
    )
    translatable_register(
        RoomType,
        fields=("name", "description"),
        organisation="lodging__organisation_id",
        unit_path="lodging__unit__path",
        page_versions=("tourism",),
        url=_room_type_url,
    )
    translatable_register(
        Tour,
        fields=("name", "story", "included", "meeting_point"),
        organisation="organisation_id",
        unit_path="unit__path",
        page_versions=("tourism",),
        url=_tour_url,
    )
    translatable_register(
        Festival,
        fields=("name", "story"),
        unit_path="unit__path",
        page_versions=("tourism",),
        url=_festival_url,
    )
    translatable_register(
        GuestReview,
        fields=("text",),
        organisation="booking__organisation_id",
        unit_path="booking__unit__path",
        page_versions=("tourism",),
    )

from typing import TYPE_CHECKING, cast

from django.apps import AppConfig
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from banso.market.models import Shop


class MarketConfig(AppConfig):
    name = "banso.market"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from django.conf import settings

        from banso.accounts.account_page import account_action_register, area_page_register
        from banso.common.navigation import nav_link_register
        from banso.indicators.facts import fact_provider_register
        from banso.jobs.imports import import_register
        from banso.jobs.periodic import periodic_register
        from banso.jobs.resume import task_resumable_register
        from banso.market.imports import listings_import_in_background, listings_import_summary
        from banso.market.indicator_facts import market_facts
        from banso.market.page_cache import market_page_signals_connect
        from banso.market.provider import provider
        from banso.market.selectors.orders import cart_count_for_request
        from banso.market.services.feeds import feeds_refresh_due
        from banso.market.services.summary import on_product_renamed
        from banso.market.tasks import feeds_regenerate_task
        from banso.trace.resolver import register_link_provider
        from banso.trace.signals import product_renamed

        register_link_provider(provider)
        # OCOP products on sale and shops open, for the commune digital scorecard.
        fact_provider_register(market_facts)
        _translatables_register()
        market_page_signals_connect()
        # Each feed file is replaced whole: a regeneration cut short is simply made again.
        task_resumable_register(feeds_regenerate_task)
        import_register(
            name="market.listings",
            function=listings_import_in_background,
            summary=listings_import_summary,
            next_url=lambda options: reverse("market:manage-listings"),
        )
        product_renamed.connect(on_product_renamed, dispatch_uid="market_listing_words")
        # Looks a few times an interval, so a refresh is at most a fraction of it late.
        periodic_register(
            name="market.feeds_refresh",
            every_seconds=min(settings.MARKET_FEED_REFRESH_SECONDS / 6, 600),
            function=feeds_refresh_due,
        )
        nav_link_register(label=_("Marketplace"), url_name="market:home", order=10)
        # Only for a visitor whose session has a cart, so other visitors' pages stay public.
        nav_link_register(
            label=_("Cart"), url_name="market:cart", order=11, count=cart_count_for_request
        )
        account_action_register(
            label=_("My shop"),
            url_name="market:manage",
            order=40,
            shown=lambda user, page: bool(page.get("memberships")),
        )
        account_action_register(
            label=_("Marketplace dashboard"),
            url_name="market:dashboard",
            order=50,
            shown=lambda user, page: user.has_perm("market.view_dashboard"),
        )
        area_page_register(
            label=_("Orders in your area"),
            url_name="market:area-orders",
            order=73,
        )


def _shop_url(shop: models.Model) -> str:
    return reverse("market:shop-detail", args=[cast("Shop", shop).slug])


def _listing_url(listing: models.Model) -> str:
    return reverse("market:listing-detail", args=[listing.pk])


def _translatables_register() -> None:
    """A shop's story and a listing's title and description reach buyers in their language,
    reviewed by the organisation's translators; every marketplace page depends on the
    ``"market"`` page version, so a new translation shows on the next request."""
    from banso.lingo.registry import translatable_register
    from banso.market.models import Listing, Shop

    translatable_register(
        Shop,
        fields=("story",),
        organisation="organisation_id",
        unit_path="organisation__unit__path",
        page_versions=("market",),
        url=_shop_url,
    )
    translatable_register(
        Listing,
        fields=("title", "description"),
        organisation="shop__organisation_id",
        unit_path="shop__organisation__unit__path",
        page_versions=("market",),
        url=_listing_url,
    )

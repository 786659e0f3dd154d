from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "banso.market"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from django.conf import settings
        from django.urls import reverse

        from banso.accounts.account_page import account_action_register, area_page_register
        from banso.common.navigation import nav_link_register
        from banso.jobs.imports import import_register
        from banso.jobs.periodic import periodic_register
        from banso.jobs.resume import task_resumable_register
        from banso.market.imports import listings_import_in_background, listings_import_summary
        from banso.market.page_cache import market_page_signals_connect
        from banso.market.provider import provider
        from banso.market.selectors.orders import cart_count_for_request
        from banso.market.services.feeds import feeds_refresh_due
        from banso.market.services.summary import on_product_renamed
        from banso.market.tasks import feeds_regenerate_task
        from banso.trace.resolver import register_link_provider
        from banso.trace.signals import product_renamed

        register_link_provider(provider)
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

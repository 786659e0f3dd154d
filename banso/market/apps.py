from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "banso.market"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from banso.market.provider import provider
        from banso.market.services.summary import on_product_renamed
        from banso.trace.resolver import register_link_provider
        from banso.trace.signals import product_renamed

        register_link_provider(provider)
        product_renamed.connect(on_product_renamed, dispatch_uid="market_listing_words")

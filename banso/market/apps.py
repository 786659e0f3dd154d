from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "banso.market"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from banso.market.provider import provider
        from banso.trace.resolver import register_link_provider

        register_link_provider(provider)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StampsConfig(AppConfig):
    name = "banso.stamps"
    verbose_name = _("QR stamps")

    def ready(self) -> None:
        from banso.stamps.provider import provider
        from banso.trace.resolver import register_link_provider

        register_link_provider(provider)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LingoConfig(AppConfig):
    name = "banso.lingo"
    verbose_name = _("Language conversion")

    def ready(self) -> None:
        # Registers the system check that says when the configured engine cannot work.
        from banso.lingo.engines import checks  # noqa: F401
        from banso.lingo.receivers import receivers_connect

        receivers_connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LingoConfig(AppConfig):
    name = "banso.lingo"
    verbose_name = _("Language conversion")

    def ready(self) -> None:
        # Registers the system check that says when the configured engine cannot work.
        from banso.jobs.periodic import periodic_register
        from banso.lingo.engines import checks  # noqa: F401
        from banso.lingo.receivers import receivers_connect
        from banso.lingo.services import translations_unfilled_enqueue

        receivers_connect()
        # Translations whose engine could not answer are asked again once it is back.
        periodic_register(
            name="lingo.translations_unfilled",
            every_seconds=300,
            function=translations_unfilled_enqueue,
        )

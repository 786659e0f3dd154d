from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StampsConfig(AppConfig):
    name = "banso.stamps"
    verbose_name = _("QR stamps")

    def ready(self) -> None:
        from banso.jobs.periodic import periodic_register
        from banso.stamps.provider import provider
        from banso.stamps.services.runs import RESUME_CHECK_SECONDS, stamp_runs_resume_check
        from banso.trace.resolver import register_link_provider

        register_link_provider(provider)
        periodic_register(
            name="stamps.runs_resume",
            every_seconds=RESUME_CHECK_SECONDS,
            function=stamp_runs_resume_check,
        )

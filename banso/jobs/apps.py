from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "banso.jobs"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from banso.jobs.imports import RESUME_CHECK_SECONDS, imports_resume
        from banso.jobs.periodic import periodic_register

        periodic_register(
            name="jobs.imports_resume",
            every_seconds=RESUME_CHECK_SECONDS,
            function=imports_resume,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceConfig(AppConfig):
    name = "banso.trace"
    verbose_name = _("Traceability")

    def ready(self) -> None:
        from django.urls import reverse

        from banso.jobs.imports import import_register
        from banso.trace import public_cache  # noqa: F401 (connects the cache invalidation)
        from banso.trace.imports import lots_import, lots_import_summary

        import_register(
            name="trace.lots",
            function=lots_import,
            summary=lots_import_summary,
            next_url=lambda options: reverse("trace:product-list"),
        )

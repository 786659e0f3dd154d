from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceConfig(AppConfig):
    name = "banso.trace"
    verbose_name = _("Traceability")

    def ready(self) -> None:
        from banso.trace import public_cache  # noqa: F401 (connects the cache invalidation)

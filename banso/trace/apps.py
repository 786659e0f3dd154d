from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceConfig(AppConfig):
    name = "banso.trace"
    verbose_name = _("Traceability")

    def ready(self) -> None:
        from django.urls import reverse

        from banso.accounts.account_page import account_action_register, area_page_register
        from banso.jobs.imports import import_register
        from banso.jobs.resume import task_resumable_register
        from banso.trace import public_cache  # noqa: F401 (connects the cache invalidation)
        from banso.trace.imports import lots_import, lots_import_summary
        from banso.trace.services.capture_jobs import capture_job_give_up
        from banso.trace.tasks import capture_job_task

        task_resumable_register(capture_job_task, give_up=capture_job_give_up)
        import_register(
            name="trace.lots",
            function=lots_import,
            summary=lots_import_summary,
            next_url=lambda options: reverse("trace:product-list"),
        )
        account_action_register(
            label=_("My products"),
            url_name="trace:product-list",
            order=20,
            shown=lambda user, page: bool(page.get("memberships")),
        )
        area_page_register(
            label=_("Products in your area"),
            url_name="trace:area-products",
            order=71,
        )
